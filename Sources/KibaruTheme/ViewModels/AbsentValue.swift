import Mustache

/// What a view model answers for an optional property that is `nil`: nothing when rendered, false in a section,
/// true in an inverted one, as `nil` would be, but found where it was asked, so that swift-mustache does not look
/// for the name in every enclosing context (each level costs dynamic casts) nor find a parent's value of that name.
struct AbsentValue: MustacheCustomRenderable {
    static let shared = AbsentValue()

    var renderText: String { "" }
    var isNull: Bool { true }
}
