import Synchronization

/// The HTTP client the daemon shares between worker threads: each request checks an easy
/// handle out of a small pool and puts it back, so a thread never shares a handle and
/// kept-alive connections get reused.
public final class HTTPClient: Sendable {
    private let idle: Mutex<[PooledHandle]>
    private let maxIdle: Int

    /// `maxIdleHandles` bounds the handles (and their connections) kept between requests.
    public init(maxIdleHandles: Int = 16) {
        idle = Mutex([])
        maxIdle = max(1, maxIdleHandles)
    }

    public func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        let pooled = try checkOut()
        // A handle whose transfer failed may hold a half-read connection: drop it.
        let response = try pooled.handle.perform(request)
        checkIn(pooled)
        return response
    }

    /// A plain GET with a total timeout and a size limit, as the JWKS fetch wants.
    public func get(
        url: String, timeoutMs: Int = 5_000, maxBytes: Int = 1 << 20, allowFileURL: Bool = false
    ) throws(HTTPClientError) -> HTTPClientResponse {
        try send(
            HTTPClientRequest(
                method: "GET", url: url, connectTimeoutMs: min(timeoutMs, 3_000), totalTimeoutMs: timeoutMs,
                maxResponseBytes: maxBytes, allowFileURL: allowFileURL))
    }

    private func checkOut() throws(HTTPClientError) -> PooledHandle {
        if let reused = idle.withLock({ $0.popLast() }) { return reused }
        guard let handle = CurlEasyHandle() else { throw .transport("curl_easy_init failed") }
        return PooledHandle(handle: handle)
    }

    private func checkIn(_ pooled: PooledHandle) {
        idle.withLock { handles in
            if handles.count < maxIdle { handles.append(pooled) }
        }
    }
}

/// A handle on its way in or out of the pool. `@unchecked Sendable` is safe because the
/// pool hands each handle to exactly one thread at a time: it is either in the locked idle
/// list or held by the one `send` call that took it out.
private struct PooledHandle: @unchecked Sendable {
    let handle: CurlEasyHandle
}
