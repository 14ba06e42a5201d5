import KibaruCore
import KibaruMarkdown
import KibaruText

/// What saving an article computes from its text alone (its parsed blocks and rendering, the French typography of
/// its HTML, the people, places and organisations it mentions), worked out ahead of the write transaction, on
/// another thread: an import prepares the next posts while the current batch holds the writer.
///
/// It is a guess made without the store: LIRE AUSSI blocks are rendered unresolved, so the rendering of a body
/// that has one is never used, and images without their size, so a body showing an image of the media library
/// whose size is known is rendered again. ``ArticleService/save(_:in:renderer:now:relatedNow:precomputed:)``
/// uses each part only when its input is exactly the one the save has, so a guess that turns out wrong costs only
/// the time it took, never a different article.
public struct ArticlePrecomputation: Sendable {
    /// The source that was parsed, its blocks, and their rendering when it depends on nothing else (no LIRE
    /// AUSSI block: those are resolved against the store).
    let source: String
    let blocks: [ArticleBlock]
    let storeFreeRendering: RenderedArticle?
    /// Whether the rendering took the body's first image as the page's lead (no featured image above it).
    let leadImage: Bool
    /// The rendered HTML that was typeset, and the result.
    let renderedHTML: String
    let typesetHTML: String?
    /// The texts the entities were found in, and the entities.
    let entityInput: [String]
    let foundEntities: [ArticleEntity]

    /// The parsed blocks when `source` is the source that was parsed, byte for byte.
    func blocks(of source: String) -> [ArticleBlock]? {
        source.utf8.elementsEqual(self.source.utf8) ? blocks : nil
    }

    /// The rendering of `source` when it is the source that was parsed, byte for byte, its rendering depends on
    /// nothing in the store, and it took the same image as the lead.
    func rendering(of source: String, leadImage: Bool) -> RenderedArticle? {
        guard leadImage == self.leadImage else { return nil }
        return storeFreeRendering.flatMap { source.utf8.elementsEqual(self.source.utf8) ? $0 : nil }
    }

    /// The typeset HTML when `html` is what was typeset, byte for byte (`==` would take two normalisations of
    /// one text as equal).
    func typeset(_ html: String) -> String? {
        html.utf8.elementsEqual(renderedHTML.utf8) ? typesetHTML : nil
    }

    /// The entities when the texts are those they were found in, byte for byte.
    func entities(title: String, standfirst: String?, text: String) -> [ArticleEntity]? {
        let input = [title, standfirst ?? "", text]
        return input.count == entityInput.count && zip(input, entityInput).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
            ? foundEntities : nil
    }
}

extension ArticleService {
    /// Works out ahead what saving `draft` in `site` will compute from its text (see ``ArticlePrecomputation``);
    /// `nil` for a body that cannot be read (the save reports it).
    /// - Parameter hasFeaturedImage: whether the article will have a featured image (then the body's first image
    ///   is not the page's lead); the draft's own featured figure says it when `nil`.
    public static func precompute(
        _ draft: ArticleDraft, site: Site, hasFeaturedImage: Bool? = nil, renderer: ArticleRenderer = ArticleRenderer()
    ) -> ArticlePrecomputation? {
        guard let blocks = try? ArticleSource.parse(draft.bodyMarkdown) else { return nil }
        let leadImage = !(hasFeaturedImage ?? (draft.featuredFigure?.image != nil))
        let rendered = renderer.render(blocks, language: site.language, leadImage: leadImage) { _ in nil }
        // LIRE AUSSI links are resolved against the store; images are rendered without a size, which the save
        // checks (an image of the media library with a known size is rendered again there).
        let dependsOnTheStore = blocks.contains { if case .readAlso = $0 { true } else { false } }
        let title = draft.title.trimmed
        let standfirst = draft.standfirst.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        return ArticlePrecomputation(
            source: draft.bodyMarkdown, blocks: blocks, storeFreeRendering: dependsOnTheStore ? nil : rendered,
            leadImage: leadImage, renderedHTML: rendered.html,
            typesetHTML: site.frenchTypography ? FrenchTypography.html(rendered.html) : nil,
            entityInput: [title, standfirst ?? "", rendered.text],
            foundEntities: Discovery.entities(title: title, standfirst: standfirst, text: rendered.text))
    }
}
