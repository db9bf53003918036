import Glibc
import Testing

@testable import ImpressServer

/// What a stop leaves behind: no worker still running when `run()` returns (the process exits
/// after it), and no request nginx sent on a kept connection cut by the drain.
@Suite struct ServerStopTests {
    typealias C = FastCGIClient

    /// The drain gives up on a request at its bound, but `run()` still waits (within
    /// `workerJoinSeconds`) for the worker inside it: exiting under a worker that is in
    /// OpenSSL or libcurl is what once crashed at exit.
    @Test func runReturnsOnlyOnceTheWorkersHaveEnded() throws {
        let server = try RunningServer {
            $0.drainSeconds = 0.2
            $0.workerJoinSeconds = 60
        }
        let connection = try server.blockedConnection()
        server.server.requestStop()
        // The drain is over: its bound passed and the request's connection was closed.
        #expect(connection.drainsToClose())
        // The worker is still held, so `run()` is still waiting for it.
        #expect(!server.hasFinished)
        server.responder.gate.open()
        #expect(Processes.waitUntil(timeout: 10) { server.hasFinished })
        #expect(server.busyWorkersAtStop == 0)
        #expect(!server.logs.all.contains { $0.contains("workers still inside a request") })
    }

    /// A request that reaches an idle kept connection after the drain's pass began (after
    /// its wait, before it closes the idle connections) is read and answered, not cut.
    /// The event loop is held twice by `/hold`, answered on the loop itself: first so the
    /// stop and a second `/hold` are both waiting for its next pass, then inside that pass,
    /// while the request is sent on the idle connection.
    @Test func requestArrivingDuringTheDrainPassIsAnswered() throws {
        let server = try RunningServer { $0.drainSeconds = 30 }
        let holds = server.responder.holds
        let idle = try server.keptConnection()

        // Accepted now: the drain closes the listener before it would accept it.
        let second = try server.keptConnection()

        let first = try server.connect()
        try first.send(C.request(params: C.getParams(path: "/hold")))
        #expect(Processes.waitUntil(timeout: 10) { holds.arrived.load(ordering: .sequentiallyConsistent) == 1 })
        server.server.requestStop()
        try second.send(C.request(params: C.getParams(path: "/hold")))
        holds.allow()
        // The next pass takes the stop, then holds on the second `/hold`.
        #expect(Processes.waitUntil(timeout: 10) { holds.arrived.load(ordering: .sequentiallyConsistent) == 2 })
        try idle.send(C.request(params: C.getParams(path: "/late"), keepConnection: true))
        holds.allow()

        #expect(try first.readAnswer().status == 200)
        #expect(try second.readAnswer().status == 200)
        let late = try idle.readAnswer()
        #expect(late.status == 200)
        #expect(late.bodyText.contains(#""path":"/late""#))
        #expect(Processes.waitUntil(timeout: 10) { server.hasFinished })
    }
}
