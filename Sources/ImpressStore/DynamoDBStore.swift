import DynamoDB
import ImpressModel
import Synchronization

/// The production store: reads `fingerprint-events` through `GSI_ORG`, `GSI_USER`, the
/// table's key, or a parallel Scan (API.md §1, §2.3), page by page, each page decoded and
/// handed to the consumer as it arrives.
public final class DynamoDBStore: EventStore {
    public struct Options: Sendable, Equatable {
        /// `Limit` on each page; nil lets DynamoDB fill 1 MB pages (up to `reserveChunk` items).
        public var pageSize: Int?
        /// Time slices a long `GSI_ORG`/`GSI_USER` window is cut into and read in parallel.
        public var querySlices: Int
        /// Slices are never shorter than this.
        public var minimumSliceMs: Int64
        /// Segments of the all-organizations parallel Scan.
        public var scanSegments: Int
        /// How long a `/health` ping result is reused (API.md §4: at most 5 s).
        public var healthCacheMs: Int
        /// Budget a read claims from `maxEvents` per page when `pageSize` is nil.
        public var reserveChunk: Int
        /// One whole read, every page of every slice (`IMPRESS_READ_TIMEOUT_MS`): the client's
        /// call timeout bounds one page, this bounds the request's wait on DynamoDB.
        public var readTimeoutMs: Int

        public init(
            pageSize: Int? = nil, querySlices: Int = 4, minimumSliceMs: Int64 = 6 * 3_600_000, scanSegments: Int = 4,
            healthCacheMs: Int = 5_000, reserveChunk: Int = 10_000, readTimeoutMs: Int = 15_000
        ) {
            self.pageSize = pageSize
            self.querySlices = querySlices
            self.minimumSliceMs = minimumSliceMs
            self.scanSegments = scanSegments
            self.healthCacheMs = healthCacheMs
            self.reserveChunk = reserveChunk
            self.readTimeoutMs = readTimeoutMs
        }
    }

    let client: DynamoDBClient
    let tableName: String
    let options: Options
    private let log: @Sendable (String) -> Void
    private let malformed = Atomic<Int>(0)
    private let healthCache = Mutex<(at: ContinuousClock.Instant, result: Result<StoreHealth, StoreError>)?>(nil)

    /// `log` receives one line per page with malformed items (never item contents).
    public init(
        client: DynamoDBClient, tableName: String? = nil, options: Options = Options(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.client = client
        self.tableName = tableName ?? client.configuration.tableName
        self.options = options
        self.log = log
    }

    /// Items skipped since start because they lack `fingerprint`, `organizationId` or an
    /// integral `timestamp`, or do not decode at all.
    public var malformedItemsSkipped: Int { malformed.load(ordering: .relaxed) }

    public func read(_ request: ReadRequest, consume: ([Event]) -> Void) throws(StoreError) -> ReadSummary {
        // An empty window needs no read (and BETWEEN with reversed ends is a ValidationException).
        guard request.window.from <= request.window.to else { return ReadSummary(eventsScanned: 0, truncated: false) }
        let reads = plan(request)
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(options.readTimeoutMs))
        let run = ReadRun(maxEvents: request.maxEvents, readers: reads.count, deadline: deadline)
        ConcurrentRun.run(reads.count) { index in
            readToEnd(reads[index], request, run, consume)
        }
        return try run.summary()
    }

    /// Pages one read to its end, the budget, the read's deadline, or another read's failure.
    private func readToEnd(_ input: ReadInput, _ request: ReadRequest, _ run: ReadRun, _ consume: ([Event]) -> Void) {
        var page = input
        while true {
            let claimed = run.claim(options.pageSize ?? options.reserveChunk)
            guard claimed > 0 else {
                finishAtBudget(page, run)
                return
            }
            page.limit = claimed
            let reply: EventPage
            do {
                reply = try read(page, run.deadline)
            } catch {
                run.abandon(claimed)
                run.fail(error)
                run.finish(truncated: false)
                return
            }
            let events = decode(reply, request)
            run.deliver(events, scanned: reply.scannedCount, claimed: claimed, consume)
            guard let next = reply.lastEvaluatedKey, !run.hasFailed else {
                run.finish(truncated: false)
                return
            }
            page.exclusiveStartKey = next
        }
    }

    /// Ends a loop the budget stopped, saying whether it had anything left, by one `Limit 1`
    /// page that is neither delivered nor counted. DynamoDB returns a `LastEvaluatedKey`
    /// whenever a page fills its `Limit`, even with nothing after it, so a read whose budget
    /// ran out exactly on its last item would otherwise say `truncated` (API.md §3: only when
    /// the ceiling stopped the read). A probe that fails says "truncated": never silently
    /// partial; one the read's deadline cut fails the read, as any page would.
    private func finishAtBudget(_ input: ReadInput, _ run: ReadRun) {
        guard !run.hasFailed else { return run.finish(truncated: false) }
        var probe = input
        probe.limit = 1
        do {
            let reply = try read(probe, run.deadline)
            run.finish(truncated: reply.scannedCount > 0 || reply.lastEvaluatedKey != nil)
        } catch {
            let cut = error == Self.readTimedOut
            if cut { run.fail(error) }
            run.finish(truncated: !cut)
        }
    }

    static let readTimedOut = StoreError.timeout("DynamoDB did not finish the read in time")

    /// One page: a Query when the input has a key condition, else a Scan, ended by the read's
    /// deadline as well as by the call's own timeout. A timeout of a call that the read's
    /// deadline bounded (it came before the call's own) is the read's: no time was left.
    private func read(_ input: ReadInput, _ deadline: ContinuousClock.Instant) throws(StoreError) -> EventPage {
        let started = ContinuousClock.now
        do {
            return input.keyConditionExpression == nil
                ? try client.scan(input, deadline: deadline) : try client.query(input, deadline: deadline)
        } catch {
            let failure = Self.storeError(error)
            let ownDeadline = started.advanced(by: .milliseconds(client.configuration.operationTimeoutMs))
            guard case .timeout = failure, deadline <= ownDeadline else { throw failure }
            throw Self.readTimedOut
        }
    }

    /// The page's events, defensively limited to the request again; items that are not
    /// events are counted and logged, never fatal.
    private func decode(_ page: EventPage, _ request: ReadRequest) -> [Event] {
        let events = page.events.filter {
            request.scope.admits($0) && request.window.contains($0.timestamp) && Self.matches($0, request.selection)
        }
        let skipped = page.malformedItems
        if skipped > 0 {
            malformed.add(skipped, ordering: .relaxed)
            log("dynamodb: skipped \(skipped) malformed item(s) in a page of \(tableName)")
        }
        return events
    }

    private static func matches(_ event: Event, _ selection: EventSelection) -> Bool {
        switch selection {
        case .window: return true
        case .user(let u): return event.userId == u
        case .fingerprint(let fp): return event.fingerprint == fp
        case .domainprint(let dp): return event.domainprint == dp
        }
    }

    /// `GetItem` of a key that never holds data (API.md §4), at most once per `healthCacheMs`.
    public func health() throws(StoreError) -> StoreHealth {
        let clock = ContinuousClock()
        let result = healthCache.withLock { cache -> Result<StoreHealth, StoreError> in
            if let cached = cache, cached.at.duration(to: clock.now) < .milliseconds(options.healthCacheMs) {
                return cached.result
            }
            let started = clock.now
            let result: Result<StoreHealth, StoreError>
            do throws(DynamoDBError) {
                _ = try client.getItem(tableName: tableName, key: ["PK": .s("HEALTH#ping"), "SK": .s("HEALTH")])
                let elapsed = started.duration(to: clock.now).components
                let ms = Int(clamping: elapsed.seconds) &* 1000 &+ Int(elapsed.attoseconds / 1_000_000_000_000_000)
                result = .success(.dynamodb(latencyMs: ms))
            } catch {
                result = .failure(Self.storeError(error))
            }
            cache = (clock.now, result)
            return result
        }
        return try result.get()
    }
}
