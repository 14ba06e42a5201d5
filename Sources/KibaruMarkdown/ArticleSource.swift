import KibaruCore

/// Reads and writes Kibaru Markdown: CommonMark/GFM with two fenced blocks of `key: value` lines.
///
/// ```text
/// ::: figure
/// image: /media/fleuve.jpg
/// alt: Le fleuve Niger au coucher du soleil
/// caption: Le Niger à Bamako, un soir de mars.
/// credit-author: Awa Diarra
/// credit-source: Kibaru
/// credit-licence: CC BY 4.0
/// credit-url: https://exemple.org/photo
/// :::
///
/// ::: lire-aussi
/// article: 42
/// :::
/// ```
///
/// A `lire-aussi` block names `article: ID`, or `title: …` while the article it names is not known.
/// `serialize(parse(source)) == source` for every source written in this canonical form; a block's keys are
/// written in the order above. Blocks inside fenced code are code, not blocks.
public enum ArticleSource {
    static let fence = ":::"
    static let figureKeys = ["image", "alt", "caption", "credit-author", "credit-source", "credit-licence", "credit-url"]
    static let readAlsoKeys = ["article", "title"]

    /// Splits `source` into Markdown runs and Kibaru blocks; throws ``BlockSyntaxError`` naming the line of a
    /// block that cannot be read.
    public static func parse(_ source: String) throws -> [ArticleBlock] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [ArticleBlock] = []
        var markdown: [String] = []
        var codeFence: (character: Character, count: Int)?
        var index = 0

        func flushMarkdown() {
            if !markdown.isEmpty { blocks.append(.markdown(markdown.joined(separator: "\n"))) }
            markdown = []
        }

        while index < lines.count {
            let line = lines[index]
            if let fence = codeFenceMarker(line) {
                if let open = codeFence {
                    if fence.character == open.character && fence.count >= open.count && fence.isBare { codeFence = nil }
                } else {
                    codeFence = (fence.character, fence.count)
                }
                markdown.append(line)
                index += 1
                continue
            }
            guard codeFence == nil, let kind = blockKind(line) else {
                markdown.append(line)
                index += 1
                continue
            }
            let openingLine = index + 1
            var fields: [String: String] = [:]
            var fieldOrder: [String] = []
            index += 1
            var closed = false
            while index < lines.count {
                let inner = lines[index].trimmingSpaces
                index += 1
                if inner == fence { closed = true; break }
                if inner.isEmpty { continue }
                guard let colon = inner.firstIndex(of: ":") else {
                    throw BlockSyntaxError(line: index, message: "« clé: valeur » attendu dans le bloc \(kind)", code: "block-key-value",
                        values: ["kind": kind])
                }
                let key = String(inner[..<colon]).trimmingSpaces.lowercased()
                let value = String(inner[inner.index(after: colon)...]).trimmingSpaces
                guard (kind == "figure" ? figureKeys : readAlsoKeys).contains(key) else {
                    let allowed = (kind == "figure" ? figureKeys : readAlsoKeys).joined(separator: ", ")
                    throw BlockSyntaxError(line: index, message: "clé « \(key) » inconnue dans le bloc \(kind) (\(allowed))",
                        code: "block-key-unknown", values: ["key": key, "kind": kind, "allowed": allowed])
                }
                guard fields[key] == nil else {
                    throw BlockSyntaxError(line: index, message: "clé « \(key) » donnée deux fois", code: "block-key-twice", values: ["key": key])
                }
                fields[key] = value
                fieldOrder.append(key)
            }
            guard closed else {
                throw BlockSyntaxError(line: openingLine, message: "bloc \(kind) sans « ::: » de fin", code: "block-unclosed", values: ["kind": kind])
            }
            flushMarkdown()
            blocks.append(try makeBlock(kind: kind, fields: fields, line: openingLine))
        }
        flushMarkdown()
        return blocks
    }

    /// Writes blocks back as source, in canonical form.
    public static func serialize(_ blocks: [ArticleBlock]) -> String {
        blocks.map { block -> String in
            switch block {
            case .markdown(let text):
                return text
            case .figure(let figure):
                let values: [(String, String?)] = [
                    ("image", figure.image), ("alt", figure.alt.nilIfEmpty), ("caption", figure.caption.nilIfEmpty),
                    ("credit-author", figure.credit.author), ("credit-source", figure.credit.source),
                    ("credit-licence", figure.credit.licence), ("credit-url", figure.credit.sourceURL),
                ]
                return fencedBlock("figure", values)
            case .readAlso(let readAlso):
                return fencedBlock("lire-aussi", [("article", readAlso.articleID.map(String.init)), ("title", readAlso.title)])
            }
        }.joined(separator: "\n")
    }

    private static func fencedBlock(_ kind: String, _ values: [(String, String?)]) -> String {
        var lines = ["\(fence) \(kind)"]
        for case (let key, let value?) in values {
            lines.append("\(key): \(value.replacingNewlines)")
        }
        lines.append(fence)
        return lines.joined(separator: "\n")
    }

    private static func makeBlock(kind: String, fields: [String: String], line: Int) throws -> ArticleBlock {
        if kind == "figure" {
            let figure = Figure(
                image: fields["image"]?.nilIfEmpty, alt: fields["alt"] ?? "", caption: fields["caption"] ?? "",
                credit: Credit(
                    author: fields["credit-author"]?.nilIfEmpty, source: fields["credit-source"]?.nilIfEmpty,
                    licence: fields["credit-licence"]?.nilIfEmpty, sourceURL: fields["credit-url"]?.nilIfEmpty))
            do {
                try figure.validate()
            } catch let errors as ValidationErrors {
                let detail = errors.errors.map { "\($0.field) \($0.message)" }.joined(separator: " ; ")
                throw BlockSyntaxError(line: line, message: "figure invalide : \(detail)", code: "block-figure", values: ["detail": detail])
            }
            return .figure(figure)
        }
        switch (fields["article"], fields["title"]?.nilIfEmpty) {
        case (let id?, nil):
            guard let articleID = Article.ID(id), articleID > 0 else {
                throw BlockSyntaxError(line: line, message: "« article: \(id) » n’est pas un numéro d’article", code: "block-article-id",
                    values: ["value": id])
            }
            return .readAlso(ReadAlso(articleID: articleID))
        case (nil, let title?):
            return .readAlso(ReadAlso(unresolvedTitle: title))
        default:
            throw BlockSyntaxError(line: line, message: "un bloc lire-aussi donne soit « article: ID », soit « title: … »",
                code: "block-read-also")
        }
    }

    /// `figure` or `lire-aussi` for an opening line, `nil` for any other line; an unknown kind is an error only
    /// when written exactly like a block opening (`::: nom`).
    private static func blockKind(_ line: String) -> String? {
        guard line.hasPrefix(fence) else { return nil }
        let kind = line.dropFirst(fence.count).trimmingSpaces
        return ["figure", "lire-aussi"].contains(kind) ? kind : nil
    }

    /// The fence of a CommonMark code block opening or closing on this line (up to three spaces of indent).
    private static func codeFenceMarker(_ line: String) -> (character: Character, count: Int, isBare: Bool)? {
        let indent = line.prefix(while: { $0 == " " }).count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard let first = rest.first, first == "`" || first == "~" else { return nil }
        let count = rest.prefix(while: { $0 == first }).count
        guard count >= 3 else { return nil }
        let info = rest.dropFirst(count)
        if first == "`" && info.contains("`") { return nil }
        return (first, count, info.trimmingSpaces.isEmpty)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" || first == "\r" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" || last == "\r" { view.removeLast() }
        return String(view)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
    var replacingNewlines: String { split(whereSeparator: \.isNewline).joined(separator: " ") }
}
