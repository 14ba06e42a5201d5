import KibaruCore
import KibaruMarkdown

/// Checks shared by the targets whose output is Kibaru Markdown (the renderer, the two importers).
public enum ArticleChecks {
    /// Renders Kibaru Markdown as ArticleService does (blocks when they parse, the whole text as CommonMark
    /// otherwise) and checks the HTML with ``HTMLCheck/article``. `kind` prefixes the failure tag.
    /// - Returns: the rendered article.
    @discardableResult
    public static func renderSafely(_ source: String, kind: String, readAlsoTitle: String = "Un autre article")
        -> RenderedArticle
    {
        let blocks = (try? ArticleSource.parse(source)) ?? [.markdown(source)]
        let rendered = ArticleRenderer().render(blocks) { id in
            ReadAlsoTarget(title: readAlsoTitle, url: "/articles/\(id)")
        }
        if let problem = HTMLCheck.article.problem(in: rendered.html) {
            let code = problem.prefix { $0 != ":" }
            Fuzz.fail("\(kind)/unsafe-html/\(code)", problem + "\nsource: " + Fuzz.show(source, limit: 400))
        }
        return rendered
    }

    /// What cmark writes in safe mode in place of raw HTML: its presence means the Markdown held raw HTML.
    public static let rawHTMLOmitted = "<!-- raw HTML omitted -->"
}
