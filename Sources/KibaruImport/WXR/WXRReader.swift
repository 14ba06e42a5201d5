import Foundation
import KibaruText

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a WordPress eXtended RSS export (WXR 1.0, 1.1 or 1.2, the file of WordPress’s Tools › Export) as a stream of
/// events, in constant memory whatever the size of the file: only the block being read (one author, term or item
/// with its comments) is held.
///
/// Elements are recognised by local name and namespace URI, never by prefix: `wp:` stands for any of
/// `http://wordpress.org/export/1.0/`, `1.1/` and `1.2/` (or `https://`, as WordPress.com writes them), so an element
/// whose prefix was rebound to another URI is ignored, and a `wp:post_id` written with another prefix (or in a
/// default namespace) counts. Only the direct children of `<rss><channel>` make authors, terms and items.
///
/// ```swift
/// try WXRReader(url: export).read { event in
///     if case .item(let item) = event, item.postType == "post" { … }
/// }
/// ```
public struct WXRReader: Sendable {
    /// The export file (a local file URL).
    public let url: URL

    /// Prepares to read the export at `url`; nothing is opened before `read(_:)`.
    public init(url: URL) {
        self.url = url
    }

    /// Parses the file and calls `handle` for each event, in file order: `.channel` once, first, then the authors,
    /// terms and items as they come.
    ///
    /// - Throws: `WXRError` when the file cannot be opened, is not well-formed XML (with the parser’s line and
    ///   column), or has no `<rss><channel>` with a `wp:wxr_version` of 1.0, 1.1 or 1.2 before its first author, term
    ///   or item; any error `handle` throws, unchanged, after which parsing stops. Events delivered before an error
    ///   stay delivered: an importer should treat the whole file as failed.
    public func read(_ handle: (WXREvent) throws -> Void) throws {
        let file = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue,
            FileManager.default.isReadableFile(atPath: file), let stream = InputStream(url: url)
        else {
            throw WXRError(file: file, line: 0, column: 0, message: L("fichier introuvable ou illisible"))
        }
        try Self.checkEncoding(of: file)
        try withoutActuallyEscaping(handle) { handle in
            let parser = XMLParser(stream: stream)
            parser.shouldProcessNamespaces = true
            parser.shouldResolveExternalEntities = false
            let delegate = WXRParserDelegate(file: file, handle: handle)
            parser.delegate = delegate
            defer {
                parser.delegate = nil
                delegate.handle = nil
            }
            let finished = parser.parse()
            try delegate.finish(parser, finished: finished)
        }
    }

    /// The encodings the XML parser reads by itself. Others go through iconv, where the parser has crashed on a
    /// malformed byte (UTF-7, found by fuzzing); WordPress always exports UTF-8.
    static let readableEncodings: Set<String> = [
        "utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "utf-16", "utf-16le", "utf-16be",
    ]

    /// Refuses a file whose XML declaration names an encoding outside ``readableEncodings``, and a UTF-8 file
    /// (declared so, or without a declaration) that holds bytes UTF-8 does not allow.
    static func checkEncoding(of file: String) throws {
        guard let handle = FileHandle(forReadingAtPath: file) else { return }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 256)) ?? Data()
        // A UTF-16 file starts with its byte order mark or with `<` and a zero byte: the parser converts it.
        if start.starts(with: [0xFE, 0xFF]) || start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0x3C, 0x00])
            || start.starts(with: [0x00, 0x3C])
        {
            return
        }
        let head = String(decoding: start, as: UTF8.self)
        let declared = head.hasPrefix("\u{FEFF}") ? head.dropFirst() : head[...]
        if declared.hasPrefix("<?xml") {
            // The parser reads a declaration it cannot parse as UTF-8 whatever it names: only a well-formed one
            // is believed (a broken one in front of Latin-1 bytes crashed it, found by fuzzing).
            guard let declaration = declared.prefixMatch(of: Self.xmlDeclaration) else {
                throw WXRError(file: file, line: 1, column: 1, message: L("déclaration XML mal formée (<?xml … ?>)"))
            }
            guard let name = declaration.output.3 else {
                try handle.seek(toOffset: 0)
                try checkUTF8(handle, file: file)
                return
            }
            let encoding = String(name)
            guard readableEncodings.contains(encoding.lowercased()) else {
                throw WXRError(
                    file: file, line: 1, column: 1,
                    message: L(
                        "encodage « {encoding} » non pris en charge : les exports WordPress sont en UTF-8",
                        ["encoding": encoding]))
            }
            // Latin-1 bytes are all characters, which the parser converts; any other 8-bit file is read as UTF-8
            // (a UTF-16 file was recognised above by its first bytes).
            if ["iso-8859-1", "latin1"].contains(encoding.lowercased()) { return }
        }
        try handle.seek(toOffset: 0)
        try checkUTF8(handle, file: file)
    }

    /// An XML declaration as the XML grammar has it: version, then an optional encoding and standalone.
    nonisolated(unsafe) static let xmlDeclaration =
        /<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["'])?(\s+standalone\s*=\s*["'](?:yes|no)["'])?\s*\?>/

    /// Refuses a UTF-8 file holding a byte sequence that is not UTF-8, naming its line and column: the parser
    /// reports most of them, but one inside a comment crashed it (Foundation's XMLParser, found by fuzzing).
    static func checkUTF8(_ handle: FileHandle, file: String) throws {
        var validator = UTF8Validator()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            if let position = validator.validate(chunk) {
                throw WXRError(
                    file: file, line: position.line, column: position.column,
                    message: L("octet invalide en UTF-8 : le fichier n’est pas dans l’encodage qu’il déclare"))
            }
        }
        if let position = validator.finish() {
            throw WXRError(
                file: file, line: position.line, column: position.column,
                message: L("le fichier s’arrête au milieu d’un caractère UTF-8"))
        }
    }
}

/// Checks that bytes read in chunks are UTF-8 (RFC 3629: no overlong forms, surrogates or code points past
/// U+10FFFF), and says where the first invalid byte is.
struct UTF8Validator {
    private var line = 1
    private var column = 0
    /// Continuation bytes still expected, and the range the next one must be in.
    private var remaining = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    /// The line and column (in bytes, from 1) of the first invalid byte of `bytes`, or `nil`.
    mutating func validate(_ bytes: Data) -> (line: Int, column: Int)? {
        for byte in bytes {
            column += 1
            if remaining > 0 {
                guard (lower...upper).contains(byte) else { return (line, column) }
                remaining -= 1
                lower = 0x80
                upper = 0xBF
                continue
            }
            switch byte {
            case 0x0A:
                line += 1
                column = 0
            case 0x00...0x7F: break
            case 0xC2...0xDF: remaining = 1
            case 0xE0: (remaining, lower) = (2, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: remaining = 2
            case 0xED: (remaining, upper) = (2, 0x9F)
            case 0xF0: (remaining, lower) = (3, 0x90)
            case 0xF1...0xF3: remaining = 3
            case 0xF4: (remaining, upper) = (3, 0x8F)
            default: return (line, column)
            }
        }
        return nil
    }

    /// Where the text ends inside a character, if it does.
    func finish() -> (line: Int, column: Int)? {
        remaining > 0 ? (line, column) : nil
    }
}

/// The namespace families a WXR file uses.
private enum WXRNamespace {
    /// No namespace: the RSS 2.0 elements (`title`, `link`, `item`, `category`…).
    case none
    /// `http://wordpress.org/export/1.x/`.
    case wp
    /// `http://purl.org/rss/1.0/modules/content/`.
    case content
    /// `http://wordpress.org/export/1.x/excerpt/`.
    case excerpt
    /// `http://purl.org/dc/elements/1.1/`.
    case dc
    /// Anything else, ignored.
    case other

    /// WordPress.com exports (and the Theme Unit Test data) write the WordPress URIs with `https://`.
    init(uri: String?) {
        switch uri ?? "" {
        case "": self = .none
        case "http://wordpress.org/export/1.0/", "http://wordpress.org/export/1.1/", "http://wordpress.org/export/1.2/",
            "https://wordpress.org/export/1.0/", "https://wordpress.org/export/1.1/",
            "https://wordpress.org/export/1.2/":
            self = .wp
        case "http://purl.org/rss/1.0/modules/content/": self = .content
        case "http://wordpress.org/export/1.0/excerpt/", "http://wordpress.org/export/1.1/excerpt/",
            "http://wordpress.org/export/1.2/excerpt/", "https://wordpress.org/export/1.0/excerpt/",
            "https://wordpress.org/export/1.1/excerpt/", "https://wordpress.org/export/1.2/excerpt/":
            self = .excerpt
        case "http://purl.org/dc/elements/1.1/": self = .dc
        default: self = .other
        }
    }
}

/// A leaf element whose text the reader keeps, and where it goes.
private enum WXRField {
    case channelTitle, channelLink, channelDescription, channelLanguage, wxrVersion, baseSiteURL, baseBlogURL
    case authorID, authorLogin, authorEmail, authorDisplayName, authorFirstName, authorLastName
    case termID, termTaxonomy, termSlug, termName, termParent, termDescription
    case metaKey, metaValue
    case title, link, pubDate, creator, guid, description, content, excerpt, postID, postDate, postDateGMT
    case postModified, postModifiedGMT, commentStatus, pingStatus, postName, status, postParent, menuOrder
    case postType, postPassword, isSticky, attachmentURL, itemTerm
    case commentID, commentAuthor, commentAuthorEmail, commentAuthorURL, commentAuthorIP, commentDate
    case commentDateGMT, commentContent, commentApproved, commentType, commentParent, commentUserID

    /// Text kept exactly as XML gives it; every other field is trimmed of surrounding XML whitespace.
    var isVerbatim: Bool {
        switch self {
        case .channelTitle, .channelDescription, .termDescription, .metaKey, .metaValue, .title, .description,
            .content, .excerpt, .postPassword, .commentContent:
            true
        default: false
        }
    }
}

/// The three term blocks of the channel header.
private enum WXRTermKind {
    case category, tag, term

    /// The taxonomy the block implies; a `<wp:term>` names its own in `wp:term_taxonomy`.
    var taxonomy: String {
        switch self {
        case .category: "category"
        case .tag: "post_tag"
        case .term: ""
        }
    }

    /// The `wp:` children of the block.
    var children: [String: WXRNode] {
        switch self {
        case .category: WXRNode.categoryChildren
        case .tag: WXRNode.tagChildren
        case .term: WXRNode.termChildren
        }
    }
}

/// The blocks `wp:meta_key`/`wp:meta_value` pairs belong to.
private enum WXRMetaOwner {
    case item, term, comment
}

/// What an open element is to the reader.
private enum WXRNode {
    case rss, channel, author, term(WXRTermKind), item, comment, meta(WXRMetaOwner), field(WXRField)
    /// An element the reader does not use, with everything inside it.
    case skipped

    /// The node for a child element called `name` in `namespace`, inside `self`.
    func child(_ namespace: WXRNamespace, _ name: String) -> WXRNode {
        switch (self, namespace) {
        case (.rss, .none) where name == "channel": .channel
        case (.channel, .none): WXRNode.channelChildren[name] ?? .skipped
        case (.channel, .wp): WXRNode.channelWPChildren[name] ?? .skipped
        case (.author, .wp): WXRNode.authorChildren[name] ?? .skipped
        case (.term(let kind), .wp): kind.children[name] ?? .skipped
        case (.item, .none): WXRNode.itemChildren[name] ?? .skipped
        case (.item, .wp): WXRNode.itemWPChildren[name] ?? .skipped
        case (.item, .content) where name == "encoded": .field(.content)
        case (.item, .excerpt) where name == "encoded": .field(.excerpt)
        case (.item, .dc) where name == "creator": .field(.creator)
        case (.comment, .wp): WXRNode.commentChildren[name] ?? .skipped
        case (.meta, .wp) where name == "meta_key": .field(.metaKey)
        case (.meta, .wp) where name == "meta_value": .field(.metaValue)
        default: .skipped
        }
    }

    static let channelChildren: [String: WXRNode] = [
        "title": .field(.channelTitle), "link": .field(.channelLink), "description": .field(.channelDescription),
        "language": .field(.channelLanguage), "item": .item,
    ]
    static let channelWPChildren: [String: WXRNode] = [
        "wxr_version": .field(.wxrVersion), "base_site_url": .field(.baseSiteURL),
        "base_blog_url": .field(.baseBlogURL), "author": .author, "category": .term(.category), "tag": .term(.tag),
        "term": .term(.term),
        // Some WordPress.com exports (the Theme Accessibility test data among them) write their authors this way.
        "wp_author": .author,
    ]
    static let authorChildren: [String: WXRNode] = [
        "author_id": .field(.authorID), "author_login": .field(.authorLogin), "author_email": .field(.authorEmail),
        "author_display_name": .field(.authorDisplayName), "author_first_name": .field(.authorFirstName),
        "author_last_name": .field(.authorLastName),
    ]
    static let categoryChildren: [String: WXRNode] = [
        "term_id": .field(.termID), "category_nicename": .field(.termSlug), "cat_name": .field(.termName),
        "category_parent": .field(.termParent), "category_description": .field(.termDescription),
        "termmeta": .meta(.term),
    ]
    static let tagChildren: [String: WXRNode] = [
        "term_id": .field(.termID), "tag_slug": .field(.termSlug), "tag_name": .field(.termName),
        "tag_description": .field(.termDescription), "termmeta": .meta(.term),
    ]
    static let termChildren: [String: WXRNode] = [
        "term_id": .field(.termID), "term_taxonomy": .field(.termTaxonomy), "term_slug": .field(.termSlug),
        "term_name": .field(.termName), "term_parent": .field(.termParent),
        "term_description": .field(.termDescription), "termmeta": .meta(.term),
    ]
    static let itemChildren: [String: WXRNode] = [
        "title": .field(.title), "link": .field(.link), "pubDate": .field(.pubDate), "guid": .field(.guid),
        "description": .field(.description), "category": .field(.itemTerm),
    ]
    static let itemWPChildren: [String: WXRNode] = [
        "post_id": .field(.postID), "post_date": .field(.postDate), "post_date_gmt": .field(.postDateGMT),
        "post_modified": .field(.postModified), "post_modified_gmt": .field(.postModifiedGMT),
        "comment_status": .field(.commentStatus), "ping_status": .field(.pingStatus),
        "post_name": .field(.postName), "status": .field(.status), "post_parent": .field(.postParent),
        "menu_order": .field(.menuOrder), "post_type": .field(.postType), "post_password": .field(.postPassword),
        "is_sticky": .field(.isSticky), "attachment_url": .field(.attachmentURL), "postmeta": .meta(.item),
        "comment": .comment,
    ]
    static let commentChildren: [String: WXRNode] = [
        "comment_id": .field(.commentID), "comment_author": .field(.commentAuthor),
        "comment_author_email": .field(.commentAuthorEmail), "comment_author_url": .field(.commentAuthorURL),
        "comment_author_IP": .field(.commentAuthorIP), "comment_date": .field(.commentDate),
        "comment_date_gmt": .field(.commentDateGMT), "comment_content": .field(.commentContent),
        "comment_approved": .field(.commentApproved), "comment_type": .field(.commentType),
        "comment_parent": .field(.commentParent), "comment_user_id": .field(.commentUserID),
        "commentmeta": .meta(.comment),
    ]
}

/// The SAX side of `WXRReader`: keeps the stack of open elements and the block being built, and hands each finished
/// block to `handle`. Delegate callbacks cannot throw, so the first error is kept in `failure` and parsing aborted.
private final class WXRParserDelegate: NSObject, XMLParserDelegate {
    /// The caller’s closure; cleared once parsing is over.
    var handle: ((WXREvent) throws -> Void)?
    private let file: String
    private var failure: (any Error)?
    private var stack: [WXRNode] = []
    /// UTF-8 bytes of the open field: text nodes and CDATA sections, concatenated.
    private var text: [UInt8] = []
    private var rootPosition: (line: Int, column: Int)?
    private var channelPosition: (line: Int, column: Int)?
    private var channelSent = false
    private var channel = WXRChannel()
    private var author = WXRAuthor()
    private var term = WXRTerm()
    private var item = WXRItem()
    private var comment = WXRComment()
    private var meta = WXRMeta(key: "", value: "")
    private var itemTerm = WXRItemTerm(domain: "", slug: "", name: "")

    init(file: String, handle: @escaping (WXREvent) throws -> Void) {
        self.file = file
        self.handle = handle
    }

    /// Throws what went wrong once `parse()` has returned.
    func finish(_ parser: XMLParser, finished: Bool) throws {
        if let failure { throw failure }
        if !finished {
            // Errors of libxml2 come through `parseErrorOccurred`; this is the stream failing.
            let reason = parser.parserError?.localizedDescription ?? L("erreur inconnue")
            throw error(parser, L("lecture du fichier interrompue : {reason}", ["reason": reason]))
        }
        guard let rootPosition else {
            throw WXRError(
                file: file, line: 1, column: 1, message: L("XML mal formé : {problem}", ["problem": Self.explain(4)]))
        }
        if !channelSent {
            throw WXRError(
                file: file, line: rootPosition.line, column: rootPosition.column,
                message: L("ce fichier n’est pas un export WordPress (WXR) : élément <rss><channel> absent"))
        }
    }

    // MARK: XMLParserDelegate

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        guard failure == nil else { return }
        do {
            try start(parser, WXRNamespace(uri: namespaceURI), elementName, attributeDict)
        } catch {
            abort(parser, error)
        }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        guard failure == nil else { return }
        do {
            try end()
        } catch {
            abort(parser, error)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if case .field = stack.last { text.append(contentsOf: string.utf8) }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if case .field = stack.last { text.append(contentsOf: CDATABlock) }
    }

    /// libxml2 reports warnings and namespace errors here too, and recovers from them: those are let through (an
    /// element under an undeclared prefix has no namespace and is ignored); any other error is fatal.
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        let code = (parseError as NSError).code
        guard failure == nil, !Self.recoverableErrors.contains(code) else { return }
        // Recorded, not aborted: libxml2 stops by itself after a fatal error, and `abortParsing()` from here
        // made it read an input it had just released (a crash on encoding errors, found by fuzzing).
        failure = error(parser, L("XML mal formé : {problem}", ["problem": Self.explain(code)]))
    }

    // MARK: Building blocks

    private func start(_ parser: XMLParser, _ namespace: WXRNamespace, _ name: String, _ attributes: [String: String])
        throws
    {
        guard let parent = stack.last else {
            rootPosition = (parser.lineNumber, parser.columnNumber)
            stack.append(namespace == .none && name == "rss" ? .rss : .skipped)
            return
        }
        var node = parent.child(namespace, name)
        switch node {
        case .channel:
            channelPosition = (parser.lineNumber, parser.columnNumber)
        case .author:
            try sendChannel(parser.lineNumber, parser.columnNumber)
            author = WXRAuthor()
        case .term(let kind):
            try sendChannel(parser.lineNumber, parser.columnNumber)
            term = WXRTerm(taxonomy: kind.taxonomy)
        case .item:
            try sendChannel(parser.lineNumber, parser.columnNumber)
            item = WXRItem()
        case .comment:
            comment = WXRComment()
        case .meta:
            meta = WXRMeta(key: "", value: "")
        case .field(.itemTerm):
            // Only `<category>` elements with a nicename name a term; WXR 1.0 repeats each without it for RSS readers.
            if let slug = attributes["nicename"] {
                let domain = Self.trimmed(Array((attributes["domain"] ?? "").utf8))
                itemTerm = WXRItemTerm(domain: domain, slug: Self.trimmed(Array(slug.utf8)), name: "")
            } else {
                node = .skipped
            }
        case .field(.guid):
            switch attributes["isPermaLink"] {
            case "true": item.isPermaLink = true
            case "false": item.isPermaLink = false
            default: item.isPermaLink = nil
            }
        case .rss, .field, .skipped:
            break
        }
        if case .field = node { text.removeAll(keepingCapacity: true) }
        stack.append(node)
    }

    private func end() throws {
        switch stack.popLast() {
        case .field(let field):
            assign(field, field.isVerbatim ? String(decoding: text, as: UTF8.self) : Self.trimmed(text))
        case .author: try send(.author(author))
        case .term: try send(.term(term))
        case .item: try send(.item(item))
        case .comment: item.comments.append(comment)
        case .meta(.item): item.meta.append(meta)
        case .meta(.term): term.meta.append(meta)
        case .meta(.comment): comment.meta.append(meta)
        case .channel:
            if let channelPosition { try sendChannel(channelPosition.line, channelPosition.column) }
        case .rss, .skipped, nil: break
        }
    }

    private func assign(_ field: WXRField, _ value: String) {
        switch field {
        case .channelTitle: channel.title = value
        case .channelLink: channel.link = value
        case .channelDescription: channel.description = value
        case .channelLanguage: channel.language = value
        case .wxrVersion: channel.wxrVersion = value
        case .baseSiteURL: channel.baseSiteURL = value
        case .baseBlogURL: channel.baseBlogURL = value
        case .authorID: author.id = Int(value)
        case .authorLogin: author.login = value
        case .authorEmail: author.email = value
        case .authorDisplayName: author.displayName = value
        case .authorFirstName: author.firstName = value
        case .authorLastName: author.lastName = value
        case .termID: term.id = Int(value)
        case .termTaxonomy: term.taxonomy = value
        case .termSlug: term.slug = value
        case .termName: term.name = value
        case .termParent: term.parentSlug = value.isEmpty ? nil : value
        case .termDescription: term.description = value
        case .metaKey: meta.key = value
        case .metaValue: meta.value = value
        case .title: item.title = value
        case .link: item.link = value
        case .pubDate: item.pubDate = value
        case .creator: item.creator = value
        case .guid: item.guid = value
        case .description: item.description = value
        case .content: item.content = value
        case .excerpt: item.excerpt = value
        case .postID: item.postID = Int(value) ?? 0
        case .postDate: item.postDate = value
        case .postDateGMT: item.postDateGMT = value
        case .postModified: item.postModified = value
        case .postModifiedGMT: item.postModifiedGMT = value
        case .commentStatus: item.commentStatus = value
        case .pingStatus: item.pingStatus = value
        case .postName: item.postName = value
        case .status: item.status = value
        case .postParent: item.postParent = Int(value) ?? 0
        case .menuOrder: item.menuOrder = Int(value) ?? 0
        case .postType: item.postType = value
        case .postPassword: item.postPassword = value
        case .isSticky: item.isSticky = value == "1"
        case .attachmentURL: item.attachmentURL = value
        case .itemTerm:
            itemTerm.name = value
            item.terms.append(itemTerm)
        case .commentID: comment.id = Int(value) ?? 0
        case .commentAuthor: comment.author = value
        case .commentAuthorEmail: comment.authorEmail = value
        case .commentAuthorURL: comment.authorURL = value
        case .commentAuthorIP: comment.authorIP = value
        case .commentDate: comment.date = value
        case .commentDateGMT: comment.dateGMT = value
        case .commentContent: comment.content = value
        case .commentApproved: comment.approved = value
        case .commentType: comment.type = value
        case .commentParent: comment.parentID = Int(value) ?? 0
        case .commentUserID: comment.userID = Int(value) ?? 0
        }
    }

    /// Delivers the channel header the first time an author, term or item starts, or when the channel ends, after
    /// checking the WXR version; `line` and `column` locate the element where that happens.
    private func sendChannel(_ line: Int, _ column: Int) throws {
        guard !channelSent else { return }
        guard ["1.0", "1.1", "1.2"].contains(channel.wxrVersion) else {
            let message =
                channel.wxrVersion.isEmpty
                ? L("ce fichier n’est pas un export WordPress (WXR) : numéro de version wp:wxr_version absent ou invalide")
                : L(
                    "ce fichier n’est pas un export WordPress (WXR) : numéro de version wp:wxr_version absent ou invalide (« {version} »)",
                    ["version": channel.wxrVersion])
            throw WXRError(file: file, line: line, column: column, message: message)
        }
        channelSent = true
        try send(.channel(channel))
    }

    private func send(_ event: WXREvent) throws {
        try handle?(event)
    }

    private func abort(_ parser: XMLParser, _ error: any Error) {
        failure = error
        parser.abortParsing()
    }

    private func error(_ parser: XMLParser, _ message: String) -> WXRError {
        WXRError(file: file, line: parser.lineNumber, column: parser.columnNumber, message: message)
    }

    /// The UTF-8 `bytes` as a string, without the XML whitespace (space, tab, line feed, carriage return) around.
    private static func trimmed(_ bytes: [UInt8]) -> String {
        let isText = { (byte: UInt8) in byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D }
        guard let first = bytes.firstIndex(where: isText), let last = bytes.lastIndex(where: isText) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// libxml2’s `XML_WAR_*` codes (undeclared entity in a DTD, unknown version, bad `xml:lang`, namespace URI not
    /// absolute or not ASCII…, 113 being the encoding mismatch warning of libxml2 2.11+) and `XML_NS_ERR_*` codes.
    private static let recoverableErrors: Set<Int> = Set([27, 93, 97, 98, 99, 100, 102, 106, 107, 113]).union(200...205)

    /// An explanation of a libxml2 error code (the codes `NSXMLParserErrorDomain` reports), in the command line's
    /// language.
    private static func explain(_ code: Int) -> String {
        switch code {
        // Among others, a CDATA section over 10 MB: XMLParser does not let libxml2 lift that limit.
        case 1: L("erreur interne de l’analyseur (section CDATA de plus de 10 Mo ?)")
        case 4: L("aucun élément XML (fichier vide, binaire ou compressé ?)")
        case 5: L("fin de fichier prématurée, un élément n’est pas fermé (fichier tronqué ?)")
        case 6, 7, 8: L("référence de caractère invalide")
        case 9: L("caractère interdit en XML (caractère de contrôle ou octet invalide)")
        case 23: L("point-virgule manquant après une référence d’entité (un « & » non échappé ?)")
        case 26: L("entité non déclarée (par exemple &nbsp; hors d’une section CDATA)")
        case 32, 81: L("encodage de caractères invalide ou non pris en charge")
        case 62: L("séquence « ]]> » interdite dans le contenu (section CDATA imbriquée ?)")
        case 63: L("section CDATA non terminée")
        case 68: L("nom attendu (un « < » ou un « & » non échappé ?)")
        case 73: L("« > » attendu")
        case 76: L("la balise fermante ne correspond pas à la balise ouvrante")
        case 77: L("balise non terminée")
        case 85: L("éléments mal imbriqués")
        case 86: L("contenu en trop après la fin du document")
        case 89: L("boucle ou expansion d’entités excessive")
        default: L("erreur d’analyse XML n° {code}", ["code": "\(code)"])
        }
    }
}
