import ImpressAPI
import ImpressHTTP
import ImpressJSON
import ImpressStore
import Synchronization
import Testing

/// What the API answers on the server's I/O thread (`immediateResponse`): exactly what a
/// worker would answer, for what needs no store read and no token check; nil otherwise.
@Suite struct ImmediateResponseTests {
    /// A clock the test moves (epoch milliseconds).
    final class TestClock: Sendable {
        let now = Atomic<Int64>(apiNow)
    }

    static func responder(clock: TestClock, store: any EventStore) -> APIResponder {
        let configuration = APIConfiguration(version: "1.2.3", now: { clock.now.load(ordering: .sequentiallyConsistent) })
        // Started 42.5 s before apiNow: uptime 42 s until apiNow + 500 ms.
        return APIResponder(
            configuration: configuration, store: store, authorizer: RouteTestAuthorizer(), startedAt: apiNow - 42_500)
    }

    static func request(_ method: String, _ path: String, origin: String? = nil) -> HTTPRequest {
        HTTPRequest(method: method, path: path, headers: origin.map { ["origin": $0] } ?? [:], requestId: "req-9")
    }

    static func same(_ a: HTTPResponse?, _ b: HTTPResponse) -> Bool {
        guard let a else { return false }
        return a.status == b.status && a.body == b.body && a.headers.map(\.name) == b.headers.map(\.name)
            && a.headers.map(\.value) == b.headers.map(\.value)
    }

    @Test(arguments: [
        ("OPTIONS", "/users"), ("POST", "/health"), ("GET", "/nowhere"), ("GET", "/users/%zz"), ("DELETE", "/x"),
    ])
    func decidedBeforeAuthenticationIsAnsweredAtOnceAlike(method: String, path: String) throws {
        let api = Self.responder(clock: TestClock(), store: try FileStore(items: SampleData.items))
        let request = Self.request(method, path, origin: "http://localhost:3000")
        let immediate = try #require(api.immediateResponse(to: request))
        #expect(Self.same(immediate, api.respond(to: request)))
        #expect(immediate.header("Access-Control-Allow-Origin") == "http://localhost:3000")
    }

    @Test(arguments: ["/users", "/fraud/stats", "/users/u1"])
    func authenticatedRoutesGoToAWorker(path: String) throws {
        let api = Self.responder(clock: TestClock(), store: try FileStore(items: SampleData.items))
        #expect(api.immediateResponse(to: Self.request("GET", path)) == nil)
    }

    @Test func healthIsReusedWithinItsSecondOfUptimeOnly() throws {
        let clock = TestClock()
        let api = Self.responder(clock: clock, store: try FileStore(items: SampleData.items))
        let health = Self.request("GET", "/health")
        // Nothing built yet: a worker builds the first.
        #expect(api.immediateResponse(to: health) == nil)
        let built = api.respond(to: health)
        #expect(built.status == 200)
        #expect(try JSONParser.parse(built.body)["uptime_s"] == .number("42"))
        // 499 ms later the uptime is still 42 s: the same answer, at once.
        clock.now.store(apiNow + 499, ordering: .sequentiallyConsistent)
        #expect(Self.same(api.immediateResponse(to: health), built))
        // At 43 s it is not reused.
        clock.now.store(apiNow + 500, ordering: .sequentiallyConsistent)
        #expect(api.immediateResponse(to: health) == nil)
    }

    @Test func aDegradedHealthIsNeverReused() throws {
        let api = Self.responder(clock: TestClock(), store: FailingEventStore(error: .unavailable("down")))
        let health = Self.request("GET", "/health")
        #expect(api.respond(to: health).status == 503)
        #expect(api.immediateResponse(to: health) == nil)
    }
}
