import Hummingbird

/// Serves the reader pages the page cache holds before the router runs: a hit needs no route, no store and no
/// other middleware after this one. Everything else (and every miss) goes on as usual.
struct PageCacheMiddleware: RouterMiddleware {
    let routes: PublicSiteRoutes

    func handle(_ request: Request, context: KibaruContext, next: (Request, KibaruContext) async throws -> Response)
        async throws -> Response
    {
        if let answer = try await routes.cachedAnswer(to: request, context: context) { return answer }
        return try await next(request, context)
    }
}
