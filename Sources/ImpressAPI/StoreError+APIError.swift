import ImpressHTTP
import ImpressStore

extension APIError {
    /// The one place a store failure becomes a client-visible error (API.md §3):
    /// 503 unavailable, 504 upstream_timeout, 502 upstream_error.
    init(_ storeError: StoreError) {
        switch storeError {
        case .unavailable(let why): self.init(.unavailable, "The event store is unavailable: \(why)")
        case .timeout(let why): self.init(.upstreamTimeout, "The event store did not answer in time: \(why)")
        case .upstream(let why): self.init(.upstreamError, "The event store failed: \(why)")
        }
    }
}
