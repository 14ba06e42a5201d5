/// An image's size in pixels: its `width` and `height` keep the page's layout still while it loads.
public struct ImageSize: Equatable, Codable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}
