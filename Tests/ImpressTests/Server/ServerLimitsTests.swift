import Glibc
import ImpressJSON
import Testing

@testable import ImpressServer

/// Workers, queue, timeouts and stopping, over real sockets.
@Suite struct ServerLimitsTests {
    typealias C = FastCGIClient

    /// php-fpm pins a child per kept connection; here 12 idle kept connections and 2 workers
    /// still leave room for a new request at once.
    @Test func idleKeptConnectionsNeverBlockService() throws {
        let server = try RunningServer { $0.workers = 2 }
        var kept: [TestConnection] = []
        for index in 0..<12 {
            let connection = try server.connect()
            try connection.send(C.request(params: C.getParams(path: "/k\(index)"), keepConnection: true))
            #expect(try connection.readAnswer().status == 200)
            kept.append(connection)
        }
        let start = Processes.now()
        #expect(try server.get("/fresh").status == 200)
        #expect(Processes.now() - start < 2)
        // And the kept ones still serve.
        try kept[0].send(C.request(params: C.getParams(path: "/again"), keepConnection: true))
        #expect(try kept[0].readAnswer().status == 200)
    }

    /// A server with one worker held at the gate and its one queue place taken.
    static func saturatedServer() throws -> (server: RunningServer, busy: TestConnection, queued: TestConnection) {
        let server = try RunningServer {
            $0.workers = 1
            $0.queueDepth = 1
        }
        let busy = try server.blockedConnection()
        let queued = try server.connect()
        try queued.send(C.request(params: C.getParams(path: "/queued")))
        return (server, busy, queued)
    }

    @Test func overloadAnswers503JSONAtOnce() throws {
        let (server, busy, queued) = try Self.saturatedServer()
        let gate = server.responder.gate
        usleep(100_000)
        for _ in 0..<3 {
            let answer = try server.get("/extra")
            #expect(answer.status == 503)
            #expect(answer.header("Retry-After") == "1")
            #expect(try JSONParser.parse(answer.bodyText)["error"]?["code"] == .string("unavailable"))
        }
        gate.open()
        #expect(try busy.readAnswer().status == 200)
        #expect(try queued.readAnswer().status == 200)
    }

    /// What the responder answers at once does not wait for (nor count against) the workers:
    /// with the one worker blocked and its queue full, it is still answered, and logged.
    @Test func immediateAnswersNeedNoWorker() throws {
        let (server, busy, queued) = try Self.saturatedServer()
        let gate = server.responder.gate
        let kept = try server.connect()
        for index in 0..<3 {
            let id = "immediate-\(index)"
            try kept.send(C.request(params: C.getParams(path: "/immediate", extra: [("REQUEST_ID", id)]), keepConnection: true))
            let answer = try kept.readAnswer()
            #expect(answer.status == 200)
            #expect(try JSONParser.parse(answer.bodyText)["immediate"] == .string(id))
        }
        #expect(Processes.waitUntil(timeout: 5) { server.logs.all.filter { $0.contains(#""path":"/immediate""#) }.count == 3 })
        #expect(gate.waiting.load(ordering: .sequentiallyConsistent) == 1)
        gate.open()
        #expect(try busy.readAnswer().status == 200)
        #expect(try queued.readAnswer().status == 200)
    }

    @Test func stopFinishesTheRequestInFlightThenRunReturns() throws {
        let server = try RunningServer { $0.drainSeconds = 10 }
        let gate = server.responder.gate
        let idle = try server.keptConnection()
        let inFlight = try server.connect()
        try inFlight.send(C.request(params: C.getParams(path: "/block"), keepConnection: true))
        #expect(Processes.waitUntil(timeout: 10) { gate.waiting.load(ordering: .sequentiallyConsistent) == 1 })
        server.server.requestStop()
        // The idle kept connection is closed at once; new connections are refused.
        #expect(idle.drainsToClose())
        #expect(Processes.waitUntil(timeout: 5) { (try? server.connect()) == nil })
        #expect(!server.hasFinished)
        gate.open()
        #expect(try inFlight.readAnswer().status == 200)
        #expect(Processes.waitUntil(timeout: 10) { server.hasFinished })
        #expect(server.runError == nil)
    }

    /// The drain bound, then the bound on waiting for the workers: a worker stuck in its
    /// request does not keep `run()` from returning, and the log says it was left running.
    @Test func stopGivesUpAfterTheDrainBound() throws {
        let server = try RunningServer {
            $0.drainSeconds = 0.5
            $0.workerJoinSeconds = 0.2
        }
        let connection = try server.blockedConnection()
        #expect(server.stop(timeout: 5))
        #expect(connection.drainsToClose())
        #expect(server.busyWorkersAtStop == 1)
        #expect(server.logs.all.contains { $0.contains("workers still inside a request at stop") && $0.contains(#""workers":1"#) })
    }

    @Test func idleConnectionIsClosedAfterTheIdleTimeout() throws {
        let server = try RunningServer { $0.idleTimeout = 0.3 }
        let connection = try server.connect()
        #expect(connection.drainsToClose())
    }

    /// Slowloris: a request that never completes is cut at the request deadline.
    @Test func partialRequestIsClosedAfterTheRequestTimeout() throws {
        let server = try RunningServer {
            $0.requestTimeout = 0.3
            $0.idleTimeout = 60
        }
        let connection = try server.connect()
        try connection.send(C.begin(id: 1, keepConnection: true) + C.record(4, id: 1, C.pairs([("A", "b")])))
        let start = Processes.now()
        #expect(connection.drainsToClose())
        #expect(Processes.now() - start < 5)
    }

    @Test func connectionsBeyondTheCapAreClosed() throws {
        let server = try RunningServer { $0.maxConnections = 2 }
        let first = try server.connect()
        let second = try server.connect()
        try first.send(C.request(params: C.getParams(path: "/a"), keepConnection: true))
        try second.send(C.request(params: C.getParams(path: "/b"), keepConnection: true))
        #expect(try first.readAnswer().status == 200)
        #expect(try second.readAnswer().status == 200)
        let third = try server.connect()
        #expect(third.drainsToClose())
    }

    /// FCGI_WEB_SERVER_ADDRS: a peer not on the list is closed at accept.
    @Test func peersOffTheAllowListAreClosed() throws {
        let refusing = try RunningServer { $0.webServerAddresses = ["10.1.2.3"] }
        #expect(try refusing.connect().drainsToClose())
        let allowing = try RunningServer { $0.webServerAddresses = ["10.1.2.3", "127.0.0.1"] }
        #expect(try allowing.get("/ok").status == 200)
    }

    /// A reader that never reads: the pending answer makes no progress and is cut.
    @Test func readerThatNeverReadsIsCutAtTheWriteTimeout() throws {
        let server = try RunningServer { $0.writeTimeout = 0.3 }
        let stalled = try server.connect()
        try stalled.send(C.request(params: C.getParams(path: "/big", query: "n=8000000")))
        usleep(1_500_000)
        // More than a socket buffer can hold was sent, yet the stream ends: it was closed.
        #expect(stalled.drainsToClose())
        #expect(try server.get("/other").status == 200)
    }

    /// SIGTERM goes through the handler `run()` installs when `handlesSignals` is set.
    @Test func sigtermStopsTheServer() throws {
        let server = try RunningServer { $0.handlesSignals = true }
        #expect(try server.get("/up").status == 200)
        // Process-directed, as systemd sends it; the server's thread has it unblocked.
        kill(getpid(), SIGTERM)
        #expect(Processes.waitUntil(timeout: 10) { server.hasFinished })
    }
}
