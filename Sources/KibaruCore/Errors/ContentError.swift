/// Errors of the content stores and services. They carry no HTTP: the web layer maps them to a status.
public enum ContentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing matches; `what` names it for a log or a CLI message ("site « actu »").
    case notFound(what: String)
    /// A slug is already used where it must be unique.
    case slugTaken(Slug)
    /// The network has not been created in this data folder yet.
    case networkMissing
    /// The store's file or server could not be used; `reason` is the underlying error, for operators.
    case storeUnavailable(reason: String)
    /// Someone saved the article since it was opened: `current` is the version now stored.
    case editConflict(current: Int)
    /// The person asking may not do this.
    case forbidden(action: String)

    public var description: String {
        switch self {
        case .notFound(let what): "introuvable : \(what)"
        case .slugTaken(let slug): "l’identifiant « \(slug) » est déjà pris"
        case .networkMissing: "aucun réseau ici : lancez d’abord « kibaru init »"
        case .storeUnavailable(let reason): "base de données inutilisable : \(reason)"
        case .editConflict: "quelqu’un a enregistré cet article entre-temps : rechargez-le avant de le modifier"
        case .forbidden(let action): "vous n’avez pas le droit de faire ceci : \(action)"
        }
    }
}
