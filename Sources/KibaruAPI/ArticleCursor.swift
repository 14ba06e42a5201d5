import KibaruCore

/// Where the next page of a list of articles starts, opaque to clients: after an article (lists newest first),
/// or at a result of a search (ranked lists, whose page size it keeps).
enum ArticleCursor: Equatable {
    case after(Article.ID)
    case searchPage(number: Int, size: Int)

    init(parsing text: String) throws(APIProblem) {
        let invalid = APIProblem(
            status: 400, code: "invalid-cursor", title: "Curseur refusé",
            detail: "Ce curseur n’a pas été donné par l’API : reprenez la liste depuis le début.",
            errors: [("cursor", "curseur inconnu")])
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        switch (parts.first, parts.count) {
        case ("a", 2):
            guard let id = Int64(parts[1]), id > 0 else { throw invalid }
            self = .after(Article.ID(id))
        case ("s", 3):
            guard let number = Int(parts[1]), let size = Int(parts[2]), (2...10_000).contains(number), (1...100).contains(size)
            else { throw invalid }
            self = .searchPage(number: number, size: size)
        default:
            throw invalid
        }
    }

    var text: String {
        switch self {
        case .after(let id): "a-\(id)"
        case .searchPage(let number, let size): "s-\(number)-\(size)"
        }
    }
}
