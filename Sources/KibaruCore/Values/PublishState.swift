/// Where an article stands in its life. Only `published` articles are shown to readers.
public enum PublishState: String, Codable, Sendable, CaseIterable {
    case draft
    case published
}
