import Foundation
import KibaruCore
import KibaruServices
import KibaruText

/// Reads an article page scraped to text, as blog networks' pages come out of a browser's "copy all":
///
/// ```text
/// Titre de l’article
///
/// Article : Titre de l’article
/// Crédit: Nom de l’auteur
/// 29 février 2024
///
/// Titre de l’article
/// Légende d’une image via Wikicommons
/// Un paragraphe par ligne…
/// « Intertitre »
/// LIRE AUSSI : Titre d’un autre article
/// Étiquettes
/// Une étiquette, une autre
/// Partagez
/// Commentaires
/// Nom
/// 1er mars 2024
/// Texte du commentaire
/// ```
///
/// A line ending in "via Source" is an image caption whose credit is the source; a short line without final
/// punctuation followed by text is an intertitle; "LIRE AUSSI : titre" becomes a LIRE AUSSI block naming that
/// title, linked when the site has (or later gets) an article so titled. The Étiquettes, Partagez and
/// Commentaires trailer gives tags and comments (name, French date, text, separated by blank lines).
public struct ScrapedPageParser: Sendable {
    /// The file name used in errors.
    public var fileName: String
    /// The credit used when the page's "Crédit:" line names nobody.
    public var defaultAuthor: String

    public init(fileName: String, defaultAuthor: String = "La rédaction") {
        self.fileName = fileName
        self.defaultAuthor = defaultAuthor
    }

    /// Parses `text` into an article for `site`, published at noon of its date in the site's time zone.
    /// Throws ``PageImportError`` naming the line of the first problem.
    public func parse(_ text: String, site: Site) throws -> ImportedArticle {
        var lines = Lines(text: text)
        guard let (titleLine, titleText) = lines.nextNonEmpty() else {
            throw error(1, "title", L("le fichier est vide : la première ligne doit être le titre"))
        }
        guard Self.headerKind(titleText) == nil, Self.trailerSection(titleText) == nil, FrenchDate.parse(titleText) == nil
        else { throw error(titleLine, "title", L("le titre manque : la première ligne est « {line} »", ["line": titleText])) }
        let title = titleText

        var authors: [String] = []
        var dateLine = titleLine
        var day: FrenchDate.Day?
        while day == nil, let (number, line) = lines.nextNonEmpty() {
            dateLine = number
            switch Self.headerKind(line) {
            case .articleTitle:
                continue
            case .credit(let names):
                authors = names
            case nil:
                guard let parsed = FrenchDate.parse(line) else {
                    throw error(number, "date", L("« {text} » n’est pas une date comme « 29 février 2024 »", ["text": line]))
                }
                day = parsed
            }
        }
        guard let day else { throw error(dateLine, "date", L("la date de publication manque après le titre")) }
        guard let publishedAt = day.date(in: site.zone) else {
            throw error(dateLine, "date", L("cette date n’existe pas dans le fuseau {zone}", ["zone": site.timeZone]))
        }

        let body = try parseBody(&lines, title: title)
        guard body.contains(where: { if case .markdown = $0 { return true } else { return false } }) else {
            throw error(dateLine, "body", L("l’article n’a pas de texte après la date"))
        }
        let (tags, comments) = try parseTrailer(&lines, timeZone: site.zone)
        let draft = ArticleDraft(
            siteSlug: site.slug, title: title, bodyMarkdown: BodyPart.kibaruMarkdown(body),
            authorNames: authors.isEmpty ? [defaultAuthor] : authors, tagNames: tags, state: .published,
            publishedAt: publishedAt)
        return ImportedArticle(draft: draft, comments: comments)
    }

    // MARK: - Body

    private func parseBody(_ lines: inout Lines, title: String) throws -> [BodyPart] {
        var parts: [BodyPart] = []
        var skippedRepeatedTitle = false
        while let (_, line) = lines.peekNonEmpty(), Self.trailerSection(line) == nil {
            _ = lines.nextNonEmpty()
            if !skippedRepeatedTitle && parts.isEmpty && TitleKey.make(line) == TitleKey.make(title) {
                skippedRepeatedTitle = true
                continue
            }
            if let readAlso = Self.readAlsoTitle(line) {
                parts.append(.readAlso(readAlso))
            } else if let (caption, source) = Self.caption(line) {
                parts.append(.figure(caption: caption, source: source))
            } else if Self.looksLikeIntertitle(line), let next = lines.peekNonEmpty()?.1,
                Self.trailerSection(next) == nil, Self.readAlsoTitle(next) == nil
            {
                parts.append(.markdown("## " + MarkdownEscaping.escapeLine(line)))
            } else {
                parts.append(.markdown(MarkdownEscaping.escapeLine(line)))
            }
        }
        return parts
    }

    // MARK: - Trailer

    private func parseTrailer(_ lines: inout Lines, timeZone: TimeZone) throws -> ([String], [ImportedComment]) {
        var tags: [String] = []
        var comments: [ImportedComment] = []
        var section: TrailerSection?
        var commentLines: [(Int, String)] = []
        while let (number, line) = lines.next() {
            if let next = Self.trailerSection(line) {
                if let section, next.rawValue <= section.rawValue {
                    throw error(
                        number, "trailer",
                        L("« {line} » apparaît après « {heading} »", ["line": line, "heading": section.heading]))
                }
                section = next
                continue
            }
            switch section {
            case .tags:
                tags += line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            case .share, nil:
                continue  // share buttons' labels
            case .comments:
                if line.trimmingCharacters(in: .whitespaces).isEmpty {
                    if !commentLines.isEmpty { comments.append(try comment(commentLines, timeZone: timeZone)) }
                    commentLines = []
                } else {
                    commentLines.append((number, line.trimmingCharacters(in: .whitespaces)))
                }
            }
        }
        if !commentLines.isEmpty { comments.append(try comment(commentLines, timeZone: timeZone)) }
        return (tags, comments)
    }

    private func comment(_ lines: [(Int, String)], timeZone: TimeZone) throws -> ImportedComment {
        guard lines.count >= 3 else {
            throw error(lines[0].0, "comments", L("un commentaire tient sur trois lignes au moins : nom, date, texte"))
        }
        guard let day = FrenchDate.parse(lines[1].1), let date = day.date(in: timeZone) else {
            throw error(
                lines[1].0, "comments", L("« {text} » n’est pas une date comme « 1er mars 2024 »", ["text": lines[1].1]))
        }
        return ImportedComment(
            authorName: lines[0].1, createdAt: date, body: lines[2...].map(\.1).joined(separator: "\n\n"))
    }

    // MARK: - Line kinds

    enum HeaderKind: Equatable {
        case articleTitle
        case credit([String])
    }

    enum TrailerSection: Int {
        case tags, share, comments
        var heading: String { ["Étiquettes", "Partagez", "Commentaires"][rawValue] }
    }

    static func headerKind(_ line: String) -> HeaderKind? {
        if line.range(of: #"^Article\s*:"#, options: [.regularExpression, .caseInsensitive]) != nil {
            return .articleTitle
        }
        guard let range = line.range(of: #"^Cr[ée]dits?\s*:?"#, options: [.regularExpression, .caseInsensitive])
        else { return nil }
        let names = line[range.upperBound...]
            .replacingOccurrences(of: " et ", with: ",")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return .credit(names)
    }

    static func trailerSection(_ line: String) -> TrailerSection? {
        switch Folding.fold(line.trimmingCharacters(in: .whitespaces)) {
        case "etiquettes", "etiquettes :", "etiquettes:": .tags
        case "partagez", "partager", "partagez :", "partagez:": .share
        case "commentaires", "commentaires :", "commentaires:": .comments
        default: nil
        }
    }

    static func readAlsoTitle(_ line: String) -> String? {
        guard let range = line.range(of: #"^\s*LIRE AUSSI\s*:\s*"#, options: [.regularExpression, .caseInsensitive])
        else { return nil }
        let title = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
        return title.isEmpty ? nil : title
    }

    /// "Légende … via Wikicommons" → ("Légende …", "Wikicommons"); the source is one to five words. A line longer
    /// than a caption may be is a paragraph that happens to end with "via …".
    static func caption(_ line: String) -> (String, String)? {
        guard let range = line.range(of: #"\s+via\s+[^.,;:!?«»]{1,60}$"#, options: [.regularExpression, .caseInsensitive])
        else { return nil }
        let caption = line[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let source = line[range].trimmingCharacters(in: .whitespaces).dropFirst(3).trimmingCharacters(in: .whitespaces)
        guard !caption.isEmpty, caption.count <= Figure.maximumCaptionLength, source.split(separator: " ").count <= 5
        else { return nil }
        return (caption, source)
    }

    /// A short line without final punctuation, starting with a capital or a « : an intertitle.
    static func looksLikeIntertitle(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first, let last = trimmed.last, trimmed.count <= 90,
            trimmed.split(separator: " ").count <= 12
        else { return false }
        let endsSentence = ".,;:!?…".contains(last)
        return !endsSentence && (first.isUppercase || first == "«" || first.isNumber)
    }

    private func error(_ line: Int, _ field: String, _ message: String) -> PageImportError {
        PageImportError(file: fileName, line: line, field: field, message: message)
    }
}

/// One piece of a scraped body, before it becomes Kibaru Markdown.
enum BodyPart {
    case markdown(String)
    case figure(caption: String, source: String)
    case readAlso(String)
}

extension BodyPart {
    /// Writes body parts as Kibaru Markdown: one paragraph a part, blocks in their canonical form.
    static func kibaruMarkdown(_ parts: [BodyPart]) -> String {
    parts.map { part -> String in
        switch part {
        case .markdown(let text):
            return text
        case .figure(let caption, let source):
            return "::: figure\ncaption: \(caption)\ncredit-source: \(source)\n:::"
        case .readAlso(let title):
            return "::: lire-aussi\ntitle: \(title)\n:::"
        }
    }.joined(separator: "\n\n") + "\n"
    }
}

/// Line-by-line reading with 1-based line numbers.
struct Lines {
    private let lines: [String]
    private var index = 0

    init(text: String) {
        lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
    }

    mutating func next() -> (Int, String)? {
        guard index < lines.count else { return nil }
        defer { index += 1 }
        return (index + 1, lines[index])
    }

    mutating func nextNonEmpty() -> (Int, String)? {
        while let (number, line) = next() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { return (number, trimmed) }
        }
        return nil
    }

    func peekNonEmpty() -> (Int, String)? {
        var copy = self
        return copy.nextNonEmpty()
    }
}
