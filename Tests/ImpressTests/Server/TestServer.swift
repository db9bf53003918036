import Glibc
import ImpressHTTP
import ImpressJSON
import Synchronization

@testable import ImpressServer

/// Holds requests to `/block` until opened; counts how many are waiting.
final class Gate: Sendable {
    private let isOpen = Atomic<Bool>(false)
    let waiting = Atomic<Int>(0)

    func pass() {
        waiting.add(1, ordering: .sequentiallyConsistent)
        while !isOpen.load(ordering: .sequentiallyConsistent) { usleep(2000) }
    }

    func open() { isOpen.store(true, ordering: .sequentiallyConsistent) }
}

/// Holds the event loop itself (an immediate answer runs on it): each `pass()` waits until
/// `allow` has let that many through in all.
final class CountingGate: Sendable {
    private let allowed = Atomic<Int>(0)
    /// Arrivals so far, held or let through.
    let arrived = Atomic<Int>(0)

    func pass() {
        let number = arrived.add(1, ordering: .sequentiallyConsistent).newValue
        while allowed.load(ordering: .sequentiallyConsistent) < number { usleep(2000) }
    }

    func allow(_ count: Int = 1) { allowed.add(count, ordering: .sequentiallyConsistent) }
}

/// Answers with what it was given, as JSON; `/big?n=N` answers N bytes; `/block` waits on the
/// gate; `/immediate` is answered without a worker, `/hold` too once `holds` lets it.
struct EchoResponder: Responder {
    let gate = Gate()
    let holds = CountingGate()

    func respond(to request: HTTPRequest) -> HTTPResponse {
        switch request.path {
        case "/block":
            gate.pass()
        case "/big":
            let size = Int(request.query["n"] ?? "") ?? 0
            return HTTPResponse(
                status: 200, headers: [("Content-Type", "application/octet-stream")],
                body: (0..<size).map { UInt8($0 % 251) })
        default:
            break
        }
        let headers = request.headers.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.string($0.value)) }
        return .json(
            200,
            .object([
                ("method", .string(request.method)), ("path", .string(request.path)),
                ("query", .string(request.queryString)), ("request_id", .string(request.requestId)),
                ("remote", .optional(request.remoteAddress)), ("headers", .object(headers)),
            ]))
    }

    func reject(_ request: HTTPRequest, with error: APIError) -> HTTPResponse {
        error.response(requestId: request.requestId)
    }

    /// `/immediate` and `/hold` are answered on the event loop, without a worker.
    func immediateResponse(to request: HTTPRequest) -> HTTPResponse? {
        switch request.path {
        case "/hold": holds.pass()
        case "/immediate": break
        default: return nil
        }
        return .json(200, .object([("immediate", .string(request.requestId))]))
    }
}

/// Lines a JSONLog wrote, each with its "\n" (the server writes a pass's lines at once).
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var log: JSONLog {
        JSONLog(output: { [self] bytes in
            let written = bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) + "\n" }
            lines.withLock { $0.append(contentsOf: written) }
        })
    }
}

/// A FastCGIServer running on its own thread on a loopback port; stopped on deinit.
final class RunningServer {
    let server: FastCGIServer
    let responder: EchoResponder
    let logs = LogCapture()
    private let state = RunState()

    private final class RunState: Sendable {
        let finished = Atomic<Bool>(false)
        /// What `run()` returned: workers still inside a request when it gave up waiting.
        let busyWorkers = Atomic<Int>(-1)
        let failure = Mutex<String?>(nil)
    }

    var port: Int { server.boundPort ?? 0 }

    init(
        listen: ListenAddress = .tcp(host: "127.0.0.1", port: 0), responder: EchoResponder = EchoResponder(),
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = ServerConfiguration(listen: listen, workers: 2, handlesSignals: false, environment: [:])
        configure(&configuration)
        self.responder = responder
        server = try FastCGIServer(configuration: configuration, responder: responder, log: logs.log)
        let server = self.server
        try Threads.spawnDetached { [state] in
            do {
                state.busyWorkers.store(try server.run(), ordering: .sequentiallyConsistent)
            } catch {
                state.failure.withLock { $0 = "\(error)" }
            }
            state.finished.store(true, ordering: .sequentiallyConsistent)
        }
    }

    deinit {
        responder.gate.open()
        responder.holds.allow(1000)
        server.requestStop()
    }

    var hasFinished: Bool { state.finished.load(ordering: .sequentiallyConsistent) }
    var runError: String? { state.failure.withLock { $0 } }
    /// -1 until `run()` returned.
    var busyWorkersAtStop: Int { state.busyWorkers.load(ordering: .sequentiallyConsistent) }

    /// Asks it to stop; true when `run()` returned within `timeout`.
    func stop(timeout: Double = 15) -> Bool {
        server.requestStop()
        return Processes.waitUntil(timeout: timeout) { hasFinished }
    }

    func connect() throws -> TestConnection { try TestConnection(port: port) }

    /// A connection already accepted and answered once, kept open (`FCGI_KEEP_CONN`) and idle.
    func keptConnection() throws -> TestConnection {
        let connection = try connect()
        try connection.send(FastCGIClient.request(params: FastCGIClient.getParams(path: "/warm"), keepConnection: true))
        guard try connection.readAnswer().status == 200 else { throw NotReadyError() }
        return connection
    }

    /// A connection whose `/block` request a worker now holds at the gate.
    func blockedConnection() throws -> TestConnection {
        let gate = responder.gate
        let before = gate.waiting.load(ordering: .sequentiallyConsistent)
        let connection = try connect()
        try connection.send(FastCGIClient.request(params: FastCGIClient.getParams(path: "/block")))
        guard Processes.waitUntil(timeout: 10, { gate.waiting.load(ordering: .sequentiallyConsistent) == before + 1 }) else {
            throw NotReadyError()
        }
        return connection
    }

    private struct NotReadyError: Error {}

    /// One GET on a fresh connection.
    func get(_ path: String, query: String = "", extra: [(String, String)] = []) throws -> FastCGIClient.Answer {
        let connection = try connect()
        try connection.send(FastCGIClient.request(params: FastCGIClient.getParams(path: path, query: query, extra: extra)))
        return try connection.readAnswer()
    }
}
