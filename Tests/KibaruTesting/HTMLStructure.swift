import Foundation

/// A structural check of an HTML5 document as the theme writes it: every non-void element closed in order,
/// one `<h1>`, a `lang` and a `<title>`. Not a full validator, but it catches the broken nesting a template
/// edit can introduce.
public enum HTMLStructure {
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    /// What is wrong with `html`; empty when nothing is.
    public static func problems(in html: String) -> [String] {
        var problems: [String] = []
        if !html.hasPrefix("<!doctype html>") { problems.append("no <!doctype html> first") }
        if html.range(of: #"<html lang="[a-zA-Z-]+">"#, options: .regularExpression) == nil {
            problems.append("no <html lang>")
        }
        if html.components(separatedBy: "<title>").count != 2 { problems.append("not exactly one <title>") }
        if html.components(separatedBy: "<h1").count != 2 { problems.append("not exactly one <h1>") }
        var stack: [String] = []
        let withoutComments = html.replacingOccurrences(of: "<!--[\\s\\S]*?-->", with: "", options: .regularExpression)
        let tag = try! Regex(#"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>"#)
        for match in withoutComments.matches(of: tag) {
            let closing = !(match.output[1].substring?.isEmpty ?? true)
            let name = String(match.output[2].substring ?? "").lowercased()
            if voidElements.contains(name) { continue }
            if closing {
                guard let open = stack.popLast() else { problems.append("</\(name)> closes nothing"); continue }
                if open != name { problems.append("</\(name)> closes <\(open)>") }
            } else {
                stack.append(name)
            }
        }
        if !stack.isEmpty { problems.append("unclosed: \(stack.joined(separator: ", "))") }
        return problems
    }
}
