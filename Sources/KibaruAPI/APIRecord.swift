package import Foundation
package import KibaruCore
import Synchronization

/// What an answer of the API showed, recorded while it is made, so that the page cache knows when it goes out of
/// date (as a reader page's record does). Operations reach it through ``current``.
package final class APIRecord: Sendable {
    private let state = Mutex<(dependencies: Set<ContentDependency>, expires: Date?, isPrivate: Bool)>(([], nil, false))

    package init() {}

    /// The record of the answer being made, set by the route that serves the API.
    @TaskLocal package static var current: APIRecord?

    /// What the answer showed.
    package var dependencies: Set<ContentDependency> { state.withLock { $0.dependencies } }
    /// When the answer goes out of date by itself.
    package var expires: Date? { state.withLock { $0.expires } }
    /// Whether the answer showed content read with a content key: never kept by a shared cache.
    package var isPrivate: Bool { state.withLock { $0.isPrivate } }

    static func add(_ dependencies: some Sequence<ContentDependency>) {
        current?.state.withLock { $0.dependencies.formUnion(dependencies) }
    }

    static func keepPrivate() {
        current?.state.withLock { $0.isPrivate = true }
    }

    static func expire(at date: Date) {
        current?.state.withLock { $0.expires = min($0.expires ?? date, date) }
    }

    /// Cards of articles: each article, its site and its bylines.
    static func add(summaries: [ArticleSummary]) {
        add(summaries.flatMap { summary in
            [.article(summary.id), .site(summary.site.id)] + summary.authors.map { .person($0.id) }
        })
    }
}
