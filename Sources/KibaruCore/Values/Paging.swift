/// Which page of a listing to read: 1-based `number`, `size` items a page.
public struct PageRequest: Equatable, Sendable {
    public var number: Int
    public var size: Int

    /// - Parameters:
    ///   - number: the page number, from 1; lower numbers are read as 1.
    ///   - size: items a page, from 1 to 100.
    public init(number: Int, size: Int = 10) {
        self.number = max(1, number)
        self.size = min(max(1, size), 100)
    }

    /// The number of items before this page.
    public var offset: Int { (number - 1) * size }
}

/// One page of a listing and what is needed to link to the pages around it.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var request: PageRequest
    /// How many items the whole listing holds.
    public var total: Int

    public init(items: [Item], request: PageRequest, total: Int) {
        self.items = items
        self.request = request
        self.total = total
    }

    /// How many pages the listing has (at least 1, so an empty listing still has its first page).
    public var pageCount: Int { max(1, (total + request.size - 1) / request.size) }
    public var hasPrevious: Bool { request.number > 1 }
    public var hasNext: Bool { request.number < pageCount }
}
