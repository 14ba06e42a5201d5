/// Where an article stands in its life. Only `published` articles are shown to readers.
public enum PublishState: String, Codable, Sendable, CaseIterable {
    /// Being written; seen only by staff.
    case draft
    /// Submitted by a contributor, waiting for an editor.
    case review
    /// To be published at its `publishedAt` by the scheduler.
    case scheduled
    case published
    /// Deleted, and restorable until emptied.
    case trash

    /// The French label shown in the admin.
    public var label: String {
        switch self {
        case .draft: "brouillon"
        case .review: "en relecture"
        case .scheduled: "programmé"
        case .published: "publié"
        case .trash: "corbeille"
        }
    }
}
