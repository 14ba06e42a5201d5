import KibaruCore
import KibaruText

/// A share link of the "Partagez" block.
public struct ShareLinkView: Sendable, Equatable {
    /// `whatsapp`, `facebook`, `x`, `linkedin`, `telegram`, `email`: the CSS class suffix.
    public var network: String
    public var label: String
    public var url: String
}

/// A reader's comment and the replies to it.
public struct CommentView: Sendable, Hashable {
    public var id: Int64
    public var authorName: String
    /// The commenter's site, when given (an http(s) URL).
    public var websiteURL: String?
    public var createdLabel: String
    public var createdISO: String
    /// Rendered by `CommentText`: every character escaped but links and emphasis.
    public var bodyHTML: String
    /// `?repondre=ID#commenter`, when comments are open.
    public var replyURL: String?
    public var replies: [CommentView]
    public var hasReplies: Bool
    /// The language of the site, whose strings the comment shows (« Répondre », « Reply »).
    public var language: String
    /// The comment and its replies as the theme's `partials/comment` renders them, once per content (set on the
    /// article page's threads; a theme may loop over the fields above instead).
    public var html: String = ""
}

/// The comment form under an article, as the reader filled it (after a preview or an error).
public struct CommentFormView: Sendable, Hashable {
    public var articleID: Article.ID
    /// The signed token of the form (its age is checked).
    public var token: String
    public var parentID: Comment.ID?
    /// The name of the commenter being answered.
    public var replyingTo: String?
    /// The site's slug, for the link to readers' rights in the site's language.
    public var siteSlug: String = ""
    public var cancelReplyURL: String
    public var name: String
    public var email: String
    public var website: String
    public var text: String
    public var errors: [FieldError]
    public var hasErrors: Bool
    /// The comment as it will appear, after « Prévisualiser ».
    public var previewHTML: String?

    public init(
        articleID: Article.ID, token: String, parentID: Comment.ID? = nil, replyingTo: String? = nil, cancelReplyURL: String,
        name: String = "", email: String = "", website: String = "", text: String = "", errors: [FieldError] = [],
        previewHTML: String? = nil
    ) {
        self.articleID = articleID
        self.token = token
        self.parentID = parentID
        self.replyingTo = replyingTo
        self.cancelReplyURL = cancelReplyURL
        self.name = name
        self.email = email
        self.website = website
        self.text = text
        self.errors = errors
        self.hasErrors = !errors.isEmpty
        self.previewHTML = previewHTML
    }

    /// Whether the reader has typed nothing into it yet.
    var isEmpty: Bool {
        name.isEmpty && email.isEmpty && website.isEmpty && text.isEmpty && errors.isEmpty && previewHTML == nil
    }
}

/// What the theme's `partials/comment-form` is rendered with: the form, or `nil` when comments are closed.
public struct CommentFormSlot: Sendable, Hashable {
    public var commentForm: CommentFormView?
    /// The page's language, whose strings the form shows.
    public var language: String
}

/// Everything the article page shows.
public struct ArticlePageView: Sendable {
    public var chrome: PageChrome
    public var title: String
    public var standfirst: String?
    public var authors: [LinkView]
    public var publishedLabel: String
    public var publishedISO: String
    /// The featured figure, rendered like the body's figures (every value escaped).
    public var featuredHTML: String?
    /// Rendered and sanitized at save time by KibaruMarkdown.
    public var bodyHTML: String
    public var tags: [LinkView]
    public var hasTags: Bool
    public var shareLinks: [ShareLinkView]
    public var comments: [CommentView]
    public var hasComments: Bool
    public var commentCountLabel: String
    /// `nil` when comments are closed.
    public var commentForm: CommentFormView?
    /// ``commentForm`` as the theme's `partials/comment-form` renders it: once for every reader when the form is
    /// empty (its token is put in when the page is sent), for that answer alone when it holds what a reader typed.
    public var commentFormHTML: String = ""
    /// Why the reader is back on the page ("en attente de modération"…).
    public var commentNotice: String?
    /// Articles on the same subjects, computed when the article was published.
    public var related: [CardView]
    public var hasRelated: Bool
    /// The people, places and organisations it mentions, each linking to the articles that mention them.
    public var entities: [EntityLinkView]
    public var hasEntities: Bool

    // The lists below as the default theme writes them, escaped, for a template that inserts them whole
    // (`{{{tagsHTML}}}`): the same lines its loops write, without their three lookups per item (each value a
    // template looks up costs several dynamic casts; these lists were a third of an article page's lookups). A
    // theme that loops over ``tags``, ``entities`` and ``shareLinks`` still can.

    /// ``tags`` as `<li>` lines.
    public var tagsHTML: String {
        tags.map { #"<li><a rel="tag" href=""# + HTMLEscaping.escape($0.url) + #"">"# + HTMLEscaping.escape($0.name) + "</a></li>\n" }
            .joined()
    }

    /// ``entities`` as `<li>` lines.
    public var entitiesHTML: String {
        entities.map {
            #"<li><a href=""# + HTMLEscaping.escape($0.url) + #"">"# + HTMLEscaping.escape($0.name) + "</a> <small>"
                + HTMLEscaping.escape($0.kindLabel) + "</small></li>\n"
        }.joined()
    }

    /// ``shareLinks`` as `<li>` lines.
    public var shareLinksHTML: String {
        shareLinks.map {
            #"<li><a class="share-"# + HTMLEscaping.escape($0.network) + #"" href=""# + HTMLEscaping.escape($0.url)
                + #"" rel="noopener nofollow">"# + HTMLEscaping.escape($0.label) + "</a></li>\n"
        }.joined()
    }
}

/// A person, place or organisation and its page.
public struct EntityLinkView: Sendable, Equatable {
    public var name: String
    /// "Personne", "Lieu", "Organisation".
    public var kindLabel: String
    public var url: String
}
