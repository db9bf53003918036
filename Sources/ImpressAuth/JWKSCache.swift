import ImpressCrypto
import Synchronization

/// The Clerk JWKS, fetched through an injected transport and cached (API.md §2.1):
/// refreshed when older than `refreshInterval`; an unknown `kid` may trigger a refetch, but
/// no fetch starts within `cooldown` of the previous attempt, so forged `kid`s cannot make
/// the service hammer the endpoint; a failed refresh keeps the last good keys serving.
/// Only one fetch is in flight at a time: other requests meanwhile use the current keys,
/// except before any set has loaded, when they wait for that fetch rather than fail.
public final class JWKSCache: Sendable {
    /// GETs the URL and returns the body, throwing on any transport or HTTP failure.
    public typealias Fetch = @Sendable (String) throws -> [UInt8]

    public let url: String
    private let fetch: Fetch
    private let clock: @Sendable () -> Double
    private let refreshInterval: Double
    private let cooldown: Double
    private let state = Mutex(State())
    /// Held for the duration of a fetch: the in-flight flag, and what first requests wait on.
    private let fetchGate = Mutex(())

    private struct State {
        var keys: [String: RSAPublicKey] = [:]
        var loaded = false
        var lastRefreshFailed = false
        var lastError: String?
        var lastAttempt: Double?
        var fetchCount = 0
    }

    public init(
        url: String, fetch: @escaping Fetch, clock: @escaping @Sendable () -> Double = WallClock.now,
        refreshInterval: Double = 300, cooldown: Double = 30
    ) {
        self.url = url
        self.fetch = fetch
        self.clock = clock
        self.refreshInterval = refreshInterval
        self.cooldown = cooldown
    }

    /// The key with `kid`. Throws `.noKeys` while no set has ever loaded, `.unknownKey` when
    /// the loaded set (after a permitted refetch) has no such key.
    public func key(for kid: String) throws(AuthError) -> RSAPublicKey {
        let now = clock()
        // Scheduled refresh: a successful set is good for `refreshInterval`; after a failure,
        // retry no sooner than `cooldown`.
        fetchIfAllowed(now: now) { state in
            guard let last = state.lastAttempt else { return true }
            let interval = state.lastRefreshFailed || !state.loaded ? cooldown : refreshInterval
            return now - last >= interval
        }
        if let key = state.withLock({ $0.keys[kid] }) { return key }
        // Unknown kid: perhaps the keys rotated since the last fetch.
        fetchIfAllowed(now: now) { state in
            guard let last = state.lastAttempt else { return true }
            return now - last >= cooldown
        }
        // Nothing loaded yet, but a fetch may be under way: wait for it instead of failing.
        if !state.withLock({ $0.loaded }) { fetchGate.withLock { _ in } }
        return try state.withLock { state throws(AuthError) -> RSAPublicKey in
            if let key = state.keys[kid] { return key }
            throw state.loaded ? .unknownKey : .noKeys
        }
    }

    /// Fetches now unless a fetch is already in flight (then returns false at once). For
    /// start-up and an optional background refresher; ignores the schedule and the cooldown.
    @discardableResult
    public func refresh() -> Bool {
        fetchIfAllowed(now: clock()) { _ in true }
    }

    public var status: KeySetStatus {
        state.withLock { state in
            guard state.loaded else { return .empty }
            return state.lastRefreshFailed ? .stale(keys: state.keys.count) : .ok(keys: state.keys.count)
        }
    }

    /// Why the last refresh failed, for logs; nil after a success.
    public var lastRefreshError: String? { state.withLock { $0.lastError } }

    /// Fetches attempted so far (for logs and tests).
    public var fetchCount: Int { state.withLock { $0.fetchCount } }

    /// Runs one fetch when `allowed` says so and none is in flight; true when it succeeded.
    @discardableResult
    private func fetchIfAllowed(now: Double, _ allowed: (State) -> Bool) -> Bool {
        // Another fetch in flight: do not queue behind it, use the keys we have.
        fetchGate.withLockIfAvailable { _ in fetchHoldingGate(now: now, allowed) } ?? false
    }

    private func fetchHoldingGate(now: Double, _ allowed: (State) -> Bool) -> Bool {
        let claimed = state.withLock { state -> Bool in
            guard allowed(state) else { return false }
            state.lastAttempt = now
            state.fetchCount += 1
            return true
        }
        guard claimed else { return false }

        // The fetch and the RSA key imports run outside the state lock.
        let outcome: Result<[String: RSAPublicKey], RefreshFailure>
        do {
            let body = try fetch(url)
            if let set = JSONWebKeySet(parsing: body) {
                // A set with no usable key is treated as a failed refresh: keep serving the old one.
                outcome = set.keys.isEmpty ? .failure(RefreshFailure("no usable RS256 key in the set")) : .success(set.keys)
            } else {
                outcome = .failure(RefreshFailure("response is not a JWKS document"))
            }
        } catch {
            outcome = .failure(RefreshFailure("fetch failed: \(error)"))
        }

        return state.withLock { state -> Bool in
            switch outcome {
            case .success(let keys):
                state.keys = keys
                state.loaded = true
                state.lastRefreshFailed = false
                state.lastError = nil
                return true
            case .failure(let failure):
                state.lastRefreshFailed = true
                state.lastError = failure.reason
                return false
            }
        }
    }

    private struct RefreshFailure: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
