/// Splits a script into its statements at the semicolons outside quotes, dollar-quoted bodies and comments:
/// PostgreSQL's extended protocol, which postgres-nio speaks, runs one statement at a time.
enum SQLStatements {
    static func split(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var index = script.startIndex
        var dollarTag: Substring?
        var inString = false
        while index < script.endIndex {
            let rest = script[index...]
            let character = script[index]
            if let tag = dollarTag {
                if rest.hasPrefix(tag) {
                    current += tag
                    index = script.index(index, offsetBy: tag.count)
                    dollarTag = nil
                    continue
                }
            } else if inString {
                if character == "'" { inString = false }
            } else if rest.hasPrefix("--") {
                let end = rest.firstIndex(of: "\n") ?? script.endIndex
                index = end
                continue
            } else if character == "'" {
                inString = true
            } else if character == "$", let tag = Self.dollarTag(at: rest) {
                current += tag
                index = script.index(index, offsetBy: tag.count)
                dollarTag = tag
                continue
            } else if character == ";" {
                let statement = current.trimmingWhitespace()
                if !statement.isEmpty { statements.append(statement) }
                current = ""
                index = script.index(after: index)
                continue
            }
            current.append(character)
            index = script.index(after: index)
        }
        let last = current.trimmingWhitespace()
        if !last.isEmpty { statements.append(last) }
        return statements
    }

    /// The `$tag$` (or `$$`) that opens a dollar-quoted string at the start of `text`, if one does.
    private static func dollarTag(at text: Substring) -> Substring? {
        let afterDollar = text.dropFirst()
        guard let close = afterDollar.firstIndex(of: "$") else { return nil }
        let name = afterDollar[..<close]
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !(name.first?.isNumber ?? false) else { return nil }
        return text[text.startIndex...close]
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
