/// The `<channel>` header of a WordPress eXtended RSS (WXR) export: the site it comes from and the format version.
public struct WXRChannel: Sendable, Equatable {
    /// The site title (`<title>`), as written.
    public var title: String
    /// The site address (`<link>`).
    public var link: String
    /// The site tagline (`<description>`), as written.
    public var description: String
    /// The site language (`<language>`, for example `fr-FR`); empty when absent.
    public var language: String
    /// `wp:wxr_version`: `1.0`, `1.1` or `1.2` (the reader refuses any other value).
    public var wxrVersion: String
    /// `wp:base_site_url`, the WordPress installation address, used to rewrite absolute links; `nil` when absent.
    public var baseSiteURL: String?
    /// `wp:base_blog_url`, the blog address (differs from the site address in multisite networks); `nil` when absent.
    public var baseBlogURL: String?

    /// Creates a channel header; every field defaults to empty.
    public init(
        title: String = "", link: String = "", description: String = "", language: String = "",
        wxrVersion: String = "", baseSiteURL: String? = nil, baseBlogURL: String? = nil
    ) {
        self.title = title
        self.link = link
        self.description = description
        self.language = language
        self.wxrVersion = wxrVersion
        self.baseSiteURL = baseSiteURL
        self.baseBlogURL = baseBlogURL
    }
}

/// A `<wp:author>` block: a user who wrote items of the export (WXR 1.1 and later; WXR 1.0 files have none, items
/// name their author only through `dc:creator`). Every field is trimmed of surrounding XML whitespace.
public struct WXRAuthor: Sendable, Equatable {
    /// `wp:author_id`; `nil` when absent or not a number.
    public var id: Int?
    /// `wp:author_login`, the key items use in `dc:creator`.
    public var login: String
    /// `wp:author_email`.
    public var email: String
    /// `wp:author_display_name`.
    public var displayName: String
    /// `wp:author_first_name`.
    public var firstName: String
    /// `wp:author_last_name`.
    public var lastName: String

    /// Creates an author; every field defaults to empty.
    public init(
        id: Int? = nil, login: String = "", email: String = "", displayName: String = "", firstName: String = "",
        lastName: String = ""
    ) {
        self.id = id
        self.login = login
        self.email = email
        self.displayName = displayName
        self.firstName = firstName
        self.lastName = lastName
    }
}

/// A `key`/`value` pair of `wp:postmeta`, `wp:termmeta` or `wp:commentmeta`.
///
/// Both strings are exactly the text XML gives (entities and CDATA resolved once, nothing trimmed, nothing unescaped
/// further), so PHP-serialized values such as `a:1:{s:3:"foo";s:3:"bar";}` keep their byte lengths.
public struct WXRMeta: Sendable, Equatable {
    /// `wp:meta_key`.
    public var key: String
    /// `wp:meta_value`.
    public var value: String

    /// Creates a meta entry.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A term declared in the channel header: `<wp:category>` (taxonomy `category`), `<wp:tag>` (taxonomy `post_tag`)
/// or `<wp:term>` (the taxonomy it names: `nav_menu`, `post_format`, a custom taxonomy, or again `category`…).
public struct WXRTerm: Sendable, Equatable {
    /// `wp:term_id`; `nil` when absent (WXR 1.0) or not a number.
    public var id: Int?
    /// `category`, `post_tag`, `nav_menu` or any custom taxonomy name.
    public var taxonomy: String
    /// `wp:category_nicename`, `wp:tag_slug` or `wp:term_slug`.
    public var slug: String
    /// `wp:cat_name`, `wp:tag_name` or `wp:term_name`, trimmed.
    public var name: String
    /// The parent's slug (`wp:category_parent` or `wp:term_parent`); `nil` for top-level terms and tags.
    public var parentSlug: String?
    /// `wp:category_description`, `wp:tag_description` or `wp:term_description`, as written.
    public var description: String
    /// The `wp:termmeta` entries, in file order.
    public var meta: [WXRMeta]

    /// Creates a term; every field defaults to empty.
    public init(
        id: Int? = nil, taxonomy: String = "", slug: String = "", name: String = "", parentSlug: String? = nil,
        description: String = "", meta: [WXRMeta] = []
    ) {
        self.id = id
        self.taxonomy = taxonomy
        self.slug = slug
        self.name = name
        self.parentSlug = parentSlug
        self.description = description
        self.meta = meta
    }
}

/// An item's `<category domain="…" nicename="…">name</category>`: a term the item belongs to.
///
/// Only `<category>` elements carrying a `nicename` attribute are kept, as WordPress does: WXR 1.0 repeats each term
/// without it for plain RSS readers.
public struct WXRItemTerm: Sendable, Equatable {
    /// The taxonomy: `category`, `post_tag`, `nav_menu`, `post_format`, a custom taxonomy… WXR 1.0 files say `tag`
    /// where later versions say `post_tag`; the value is kept as written.
    public var domain: String
    /// The term slug (`nicename` attribute).
    public var slug: String
    /// The term name (element text), trimmed.
    public var name: String

    /// Creates an item term.
    public init(domain: String, slug: String, name: String) {
        self.domain = domain
        self.slug = slug
        self.name = name
    }
}

/// A `<wp:comment>` of an item: a comment, pingback or trackback. Identifiers, names, addresses, dates and statuses
/// are trimmed; `content` is kept as written.
public struct WXRComment: Sendable, Equatable {
    /// `wp:comment_id`; 0 when absent.
    public var id: Int
    /// `wp:comment_author`, the name the commenter gave.
    public var author: String
    /// `wp:comment_author_email`.
    public var authorEmail: String
    /// `wp:comment_author_url`.
    public var authorURL: String
    /// `wp:comment_author_IP`.
    public var authorIP: String
    /// `wp:comment_date`, the blog's local time, `YYYY-MM-DD HH:MM:SS`.
    public var date: String
    /// `wp:comment_date_gmt`, `YYYY-MM-DD HH:MM:SS` in UTC (`0000-00-00 00:00:00` when WordPress did not know it).
    public var dateGMT: String
    /// `wp:comment_content`, as written (HTML).
    public var content: String
    /// `wp:comment_approved`: `1`, `0`, `spam`, `trash` or `post-trashed`.
    public var approved: String
    /// `wp:comment_type`: empty or `comment` for a comment, `pingback`, `trackback`, or a plugin's own type.
    public var type: String
    /// `wp:comment_parent`, the `id` of the comment this one answers; 0 for none.
    public var parentID: Int
    /// `wp:comment_user_id`, the author's user id when they were logged in; 0 otherwise.
    public var userID: Int
    /// The `wp:commentmeta` entries, in file order.
    public var meta: [WXRMeta]

    /// Creates a comment; every field defaults to empty or 0.
    public init(
        id: Int = 0, author: String = "", authorEmail: String = "", authorURL: String = "", authorIP: String = "",
        date: String = "", dateGMT: String = "", content: String = "", approved: String = "", type: String = "",
        parentID: Int = 0, userID: Int = 0, meta: [WXRMeta] = []
    ) {
        self.id = id
        self.author = author
        self.authorEmail = authorEmail
        self.authorURL = authorURL
        self.authorIP = authorIP
        self.date = date
        self.dateGMT = dateGMT
        self.content = content
        self.approved = approved
        self.type = type
        self.parentID = parentID
        self.userID = userID
        self.meta = meta
    }
}

/// An `<item>`: a post, page, attachment, navigation menu item or any custom post type, with its terms, meta and
/// comments.
///
/// `title`, `description`, `content`, `excerpt` and `postPassword` are kept exactly as written (several CDATA
/// sections and text nodes concatenated, nothing trimmed); every other string is trimmed of surrounding XML
/// whitespace. Fields missing from the file are empty, 0, `false` or `nil`.
public struct WXRItem: Sendable, Equatable {
    /// `<title>`.
    public var title: String
    /// `<link>`, the public address.
    public var link: String
    /// `<pubDate>`, RFC 822 (`Wed, 20 Oct 2010 14:08:20 +0000`).
    public var pubDate: String
    /// `dc:creator`: the author's login, matching a `WXRAuthor.login`.
    public var creator: String
    /// `<guid>`.
    public var guid: String
    /// The `isPermaLink` attribute of `<guid>`; `nil` when absent or neither `true` nor `false`.
    public var isPermaLink: Bool?
    /// `<description>` (usually empty in WordPress exports).
    public var description: String
    /// `content:encoded`, the body (HTML, possibly with Gutenberg `<!-- wp:… -->` block comments).
    public var content: String
    /// `excerpt:encoded`, the hand-written excerpt.
    public var excerpt: String
    /// `wp:post_id`; 0 when absent.
    public var postID: Int
    /// `wp:post_date`, the blog's local time, `YYYY-MM-DD HH:MM:SS`.
    public var postDate: String
    /// `wp:post_date_gmt`, UTC (`0000-00-00 00:00:00` for drafts never scheduled).
    public var postDateGMT: String
    /// `wp:post_modified`, local time (WXR 1.2 exports from WordPress 4.x onwards); `nil` when absent.
    public var postModified: String?
    /// `wp:post_modified_gmt`, UTC; `nil` when absent.
    public var postModifiedGMT: String?
    /// `wp:comment_status`: `open` or `closed`.
    public var commentStatus: String
    /// `wp:ping_status`: `open` or `closed`.
    public var pingStatus: String
    /// `wp:post_name`, the slug.
    public var postName: String
    /// `wp:status`: `publish`, `draft`, `private`, `pending`, `future`, `inherit` (attachments, revisions), `trash`…
    public var status: String
    /// `wp:post_parent`, the `postID` of the parent page or of the post an attachment belongs to; 0 for none.
    public var postParent: Int
    /// `wp:menu_order`.
    public var menuOrder: Int
    /// `wp:post_type`: `post`, `page`, `attachment`, `nav_menu_item`, `wp_block` or a custom post type.
    public var postType: String
    /// `wp:post_password`, as written; empty when the item is not password-protected.
    public var postPassword: String
    /// `wp:is_sticky` is `1`.
    public var isSticky: Bool
    /// `wp:attachment_url`, the original file of an attachment; `nil` when absent.
    public var attachmentURL: String?
    /// The item's terms, in file order.
    public var terms: [WXRItemTerm]
    /// The `wp:postmeta` entries, in file order.
    public var meta: [WXRMeta]
    /// The `wp:comment` blocks, in file order.
    public var comments: [WXRComment]

    /// Creates an item; every field defaults to empty, 0, `false` or `nil`.
    public init(
        title: String = "", link: String = "", pubDate: String = "", creator: String = "", guid: String = "",
        isPermaLink: Bool? = nil, description: String = "", content: String = "", excerpt: String = "",
        postID: Int = 0, postDate: String = "", postDateGMT: String = "", postModified: String? = nil,
        postModifiedGMT: String? = nil, commentStatus: String = "", pingStatus: String = "", postName: String = "",
        status: String = "", postParent: Int = 0, menuOrder: Int = 0, postType: String = "",
        postPassword: String = "", isSticky: Bool = false, attachmentURL: String? = nil, terms: [WXRItemTerm] = [],
        meta: [WXRMeta] = [], comments: [WXRComment] = []
    ) {
        self.title = title
        self.link = link
        self.pubDate = pubDate
        self.creator = creator
        self.guid = guid
        self.isPermaLink = isPermaLink
        self.description = description
        self.content = content
        self.excerpt = excerpt
        self.postID = postID
        self.postDate = postDate
        self.postDateGMT = postDateGMT
        self.postModified = postModified
        self.postModifiedGMT = postModifiedGMT
        self.commentStatus = commentStatus
        self.pingStatus = pingStatus
        self.postName = postName
        self.status = status
        self.postParent = postParent
        self.menuOrder = menuOrder
        self.postType = postType
        self.postPassword = postPassword
        self.isSticky = isSticky
        self.attachmentURL = attachmentURL
        self.terms = terms
        self.meta = meta
        self.comments = comments
    }
}

/// What `WXRReader.read(_:)` delivers, in file order.
public enum WXREvent: Sendable, Equatable {
    /// The channel header, delivered exactly once and before any other event, with a valid `wxrVersion`.
    case channel(WXRChannel)
    /// A `<wp:author>` block.
    case author(WXRAuthor)
    /// A `<wp:category>`, `<wp:tag>` or `<wp:term>` block.
    case term(WXRTerm)
    /// An `<item>` with its terms, meta and comments.
    case item(WXRItem)
}

/// A WXR file that cannot be read: not well-formed XML, or not a WordPress export. `line` and `column` are 1-based
/// (0 when the file could not be opened at all).
public struct WXRError: Error, CustomStringConvertible, Equatable {
    /// The path of the file.
    public var file: String
    /// The line where the problem was found.
    public var line: Int
    /// The column where the problem was found.
    public var column: Int
    /// What is wrong, in the command line's language (for example `XML mal formé : …`).
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `export.xml:12:7: XML mal formé : …`, the form compilers use, so editors jump to the place.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
