import Metrics
import Prometheus

/// The process's metrics: swift-metrics, recorded by the server, the store and the services, kept by one
/// Prometheus registry and served at `/metrics`.
///
/// - `hb_requests_total`, `http_server_request_duration_seconds`: requests by route, method and status, and their
///   latency (Hummingbird's `MetricsMiddleware`).
///   Cached pages answered before the router (``CachedPageAnswers``) are counted there too, with the same labels,
///   and in `kibaru_page_cache_early_answers_total`.
/// - `kibaru_page_cache_{hits,misses,stored,invalidated,evicted,pages,bytes}`: the page cache's statistics.
/// - `kibaru_store_transaction_seconds{kind}`: how long read and write transactions take.
/// - `kibaru_related_pending`: articles waiting for the background comparison.
/// - `kibaru_logins_total{result}`: logins opened, refused for a wrong password, or refused by the throttle.
/// - `kibaru_comments_total{status}`, `kibaru_spam_verdicts_total{rule}`: readers' comments and what flagged them.
public enum Observability {
    /// The registry every metric of the process goes to; the metrics system is bootstrapped with it on first use
    /// (once per process, as swift-metrics requires).
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// The metrics in Prometheus's text format.
    @Sendable public static func text() -> String {
        registry.emitToString()
    }
}
