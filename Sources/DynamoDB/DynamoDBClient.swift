import AWSSigV4
import ImpressHTTPClient
import ImpressJSON

#if canImport(Glibc)
    import Glibc
#endif

/// DynamoDB's JSON 1.0 protocol (DynamoDB Developer Guide, "Low-level API"): every operation
/// is `POST /` with `X-Amz-Target: DynamoDB_20120810.<Operation>` and a JSON body, signed
/// with SigV4. Retries follow `RetryPolicy` under a shared `RetryQuota`, and the whole
/// operation, retries included, ends within `operationTimeoutMs`, or sooner when the caller
/// has a deadline of its own (a store read across many pages).
public final class DynamoDBClient: Sendable {
    public let configuration: DynamoDBConfiguration
    private let http: HTTPClient
    private let credentialProvider: any CredentialProvider
    private let retryPolicy: RetryPolicy
    private let quota: RetryQuota
    private let sleep: @Sendable (_ milliseconds: Int) -> Void
    private let wallClock: @Sendable () -> Int64
    private let jitter: @Sendable () -> Double
    private let host: String

    public init(
        configuration: DynamoDBConfiguration, credentials: any CredentialProvider, http: HTTPClient = HTTPClient(),
        retryPolicy: RetryPolicy? = nil, quota: RetryQuota = RetryQuota(),
        sleep: @escaping @Sendable (_ milliseconds: Int) -> Void = DynamoDBClient.sleep(milliseconds:),
        wallClock: @escaping @Sendable () -> Int64 = DynamoDBClient.epochSeconds,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.configuration = configuration
        self.http = http
        self.credentialProvider = credentials
        self.retryPolicy = retryPolicy ?? RetryPolicy(maxAttempts: configuration.maxAttempts)
        self.quota = quota
        self.sleep = sleep
        self.wallClock = wallClock
        self.jitter = jitter
        host = Self.hostHeader(endpoint: configuration.endpoint)
    }

    /// Calls `operation` with `input`; returns the reply's JSON object.
    public func call(_ operation: String, _ input: JSONValue) throws(DynamoDBError) -> JSONValue {
        let body = try send(operation, input)
        guard let reply = try? JSONParser.parse(body), case .object = reply else {
            throw .badReply("\(operation) reply is not a JSON object")
        }
        return reply
    }

    /// Calls `operation` with `input`; returns the body of the successful reply, for a reader
    /// that decodes it without building a tree (`EventPage`). The call ends by `operationTimeoutMs`
    /// or `deadline`, whichever comes first; past `deadline` nothing is sent.
    func send(_ operation: String, _ input: JSONValue, deadline callerDeadline: ContinuousClock.Instant? = nil)
        throws(DynamoDBError) -> [UInt8]
    {
        let body = JSONWriter.bytes(input)
        let clock = ContinuousClock()
        let ownDeadline = clock.now.advanced(by: .milliseconds(configuration.operationTimeoutMs))
        let deadline = callerDeadline.map { min($0, ownDeadline) } ?? ownDeadline
        var attempt = 1
        while true {
            let remainingMs = Self.milliseconds(clock.now.duration(to: deadline))
            guard remainingMs > 0 else { throw .deadlineExceeded }
            let failure: DynamoDBError
            let retryAfterMs: Int?
            do {
                let reply = try attemptOnce(operation, body: body, timeoutMs: min(configuration.requestTimeoutMs, remainingMs))
                quota.refund()
                return reply
            } catch {
                failure = error.error
                retryAfterMs = error.retryAfterMs
            }
            let decision = retryPolicy.decision(for: failure, attempt: attempt, retryAfterMs: retryAfterMs, jitter: jitter())
            guard case .retry(let waitMs) = decision,
                Self.milliseconds(clock.now.duration(to: deadline)) > waitMs,
                quota.acquire(afterTimeout: RetryPolicy.isTimeout(failure))
            else { throw failure }
            sleep(waitMs)
            attempt += 1
        }
    }

    /// Waits before resending what a batch left unprocessed: full jitter over a doubling delay.
    func pause(afterRound round: Int) {
        let ceiling = min(retryPolicy.maxDelayMs, retryPolicy.baseDelayMs << min(max(round, 0), 10))
        sleep(Int(Double(ceiling) * jitter()))
    }

    /// One signed HTTP exchange; failures carry the server's `x-amz-retry-after` hint.
    private func attemptOnce(_ operation: String, body: [UInt8], timeoutMs: Int) throws(AttemptError) -> [UInt8] {
        let credentials: AWSCredentials
        do { credentials = try credentialProvider.credentials() } catch { throw AttemptError(error: error) }
        let signer = SigV4Signer(credentials: credentials, region: configuration.region, service: "dynamodb")
        let unsigned = SigV4Signer.Request(
            method: "POST", path: "/",
            headers: [
                ("Host", host), ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "DynamoDB_20120810.\(operation)"),
            ], body: body)
        let headers = signer.sign(unsigned, date: SigV4Date(epochSeconds: wallClock()))
        let request = HTTPClientRequest(
            method: "POST", url: configuration.endpoint + "/", headers: headers, body: body,
            connectTimeoutMs: min(configuration.connectTimeoutMs, timeoutMs), totalTimeoutMs: timeoutMs)
        let response: HTTPClientResponse
        do { response = try http.send(request) } catch { throw AttemptError(error: .transport(error)) }
        let retryAfter = response.header("x-amz-retry-after").flatMap { Int($0.trimmingSpaces) }
        if let expected = response.header("x-amz-crc32") {
            guard UInt32(expected.trimmingSpaces) == CRC32.checksum(response.body) else {
                throw AttemptError(error: .checksumMismatch, retryAfterMs: retryAfter)
            }
        }
        guard response.status == 200 else {
            let json = try? JSONParser.parse(response.body)
            throw AttemptError(error: Self.serviceError(response, json: json), retryAfterMs: retryAfter)
        }
        return response.body
    }

    /// The error as the SDKs read it: the type from `__type` or the `x-amzn-ErrorType`
    /// header, without the namespace before `#` (and any `:` suffix of the header form);
    /// the message from `message` or `Message`.
    static func serviceError(_ response: HTTPClientResponse, json: JSONValue?) -> DynamoDBError {
        let rawType = json?["__type"]?.stringValue ?? response.header("x-amzn-errortype") ?? "HTTP\(response.status)"
        let afterHash = rawType.split(separator: "#", omittingEmptySubsequences: false).last.map(String.init) ?? rawType
        let type = String(afterHash.prefix { $0 != ":" })
        let message = json?["message"]?.stringValue ?? json?["Message"]?.stringValue ?? ""
        return .service(type: type, message: String(message.prefix(512)), status: response.status)
    }

    /// `host[:port]` of the endpoint, the port only when not the scheme's default.
    static func hostHeader(endpoint: String) -> String {
        let lower = endpoint.lowercased()
        let authority = String(endpoint.split(separator: "/").dropFirst().first ?? "")
        if lower.hasPrefix("https://"), authority.hasSuffix(":443") { return String(authority.dropLast(4)) }
        if lower.hasPrefix("http://"), authority.hasSuffix(":80") { return String(authority.dropLast(3)) }
        return authority
    }

    private static func milliseconds(_ d: Duration) -> Int {
        let (seconds, attoseconds) = d.components
        return Int(clamping: seconds) &* 1000 &+ Int(attoseconds / 1_000_000_000_000_000)
    }

    public static func sleep(milliseconds: Int) {
        guard milliseconds > 0 else { return }
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    public static func epochSeconds() -> Int64 { Int64(time(nil)) }
}

/// A failed attempt and the retry hint that came with it.
private struct AttemptError: Error {
    var error: DynamoDBError
    var retryAfterMs: Int? = nil
}
