import AWSSigV4
import Synchronization

/// Caches what a fetching provider returns and fetches again shortly before expiry
/// (`refreshMarginSeconds`), one fetch at a time: callers that arrive during a fetch wait
/// for it and share its result. If a refresh fails while the old credentials are still
/// valid, they keep serving.
public final class RefreshingCredentialProvider: CredentialProvider {
    private let source: any CredentialProvider
    private let cached = Mutex<AWSCredentials?>(nil)
    private let refreshing = Mutex(())
    private let refreshMarginSeconds: Int64
    private let wallClock: @Sendable () -> Int64

    public init(
        _ source: any CredentialProvider, refreshMarginSeconds: Int64 = 300,
        wallClock: @escaping @Sendable () -> Int64 = DynamoDBClient.epochSeconds
    ) {
        self.source = source
        self.refreshMarginSeconds = refreshMarginSeconds
        self.wallClock = wallClock
    }

    public func credentials() throws(DynamoDBError) -> AWSCredentials {
        if let fresh = cached.withLock({ $0 }), isFresh(fresh) { return fresh }
        let result = refreshing.withLock { _ -> Result<AWSCredentials, DynamoDBError> in
            // Another caller may have refreshed while this one waited for the lock.
            if let fresh = cached.withLock({ $0 }), isFresh(fresh) { return .success(fresh) }
            do throws(DynamoDBError) {
                let fetched = try source.credentials()
                cached.withLock { $0 = fetched }
                return .success(fetched)
            } catch {
                if let old = cached.withLock({ $0 }), old.expiration.map({ $0 > wallClock() }) ?? true { return .success(old) }
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func isFresh(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return true }
        return expiration - refreshMarginSeconds > wallClock()
    }
}
