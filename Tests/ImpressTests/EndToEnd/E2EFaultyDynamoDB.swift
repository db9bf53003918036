import Foundation
import ImpressHTTPClient
import Synchronization

/// The daemon's DynamoDB endpoint in an outage test: on one loopback port, it passes every
/// request to moto while healthy, answers as DynamoDB does when it throttles or fails, reads
/// requests and never answers (slower than any timeout), or stops listening altogether
/// (unreachable: connections are refused) and comes back on the same port.
final class E2EFaultyDynamoDB: Sendable {
    enum Mode: Sendable {
        case healthy
        /// 400 `ThrottlingException`, every request.
        case throttling
        /// 500 `InternalServerError`, every request.
        case failing
        /// Every request read and never answered; the connection ends when the client gives up.
        case hanging
        /// Not listening: connections are refused.
        case unreachable
    }

    let port: Int
    var endpoint: String { "http://127.0.0.1:\(port)" }
    private let upstream: String
    /// The mode, in a reference the servers' scripts share.
    private final class Switch: Sendable {
        let mode = Mutex(Mode.healthy)
    }

    private let mode = Switch()
    private let server: Mutex<LoopbackHTTPServer?>
    private let client = HTTPClient()

    init(forwardingTo upstream: String) throws {
        self.upstream = upstream
        server = Mutex(nil)
        let first = try LoopbackHTTPServer(script: Self.script(mode: mode, upstream: upstream, client: client))
        port = first.port
        server.withLock { $0 = first }
    }

    deinit { server.withLock { $0?.stop() } }

    /// `.unreachable` stops listening (and breaks open connections); any other mode listens
    /// again on the same port if it had stopped.
    func set(_ newMode: Mode) throws {
        mode.mode.withLock { $0 = newMode }
        try server.withLock { server in
            switch (newMode, server) {
            case (.unreachable, let running?):
                running.stop()
                server = nil
            case (.unreachable, nil), (_, _?): break
            case (_, nil):
                server = try LoopbackHTTPServer(port: port, script: Self.script(mode: mode, upstream: upstream, client: client))
            }
        }
    }

    private static func script(mode: Switch, upstream: String, client: HTTPClient) -> LoopbackHTTPServer.Script {
        { _, request in
            switch mode.mode.withLock({ $0 }) {
            case .healthy: return forward(request, to: upstream, client: client)
            case .throttling:
                return .json(400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}"#)
            case .failing:
                return .json(500, #"{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}"#)
            case .hanging: return .hang
            // A connection accepted just before the stop: drop it, as a vanished host would.
            case .unreachable: return .reset
            }
        }
    }

    /// Moto's answer, with the headers the client reads (the body and its CRC32 unchanged).
    private static func forward(_ request: LoopbackHTTPServer.Request, to upstream: String, client: HTTPClient) -> LoopbackHTTPServer.Action {
        let passed = ["content-type", "x-amz-target", "x-amz-date", "x-amz-security-token", "authorization"]
        let headers = passed.compactMap { name in request.headers[name].map { (name: name, value: $0) } }
        do {
            let reply = try client.send(
                HTTPClientRequest(method: request.method, url: upstream + request.path, headers: headers, body: request.body, totalTimeoutMs: 10_000))
            let returned = ["content-type", "x-amz-crc32", "x-amzn-requestid"]
            return .respond(
                status: reply.status, headers: returned.compactMap { name in reply.header(name).map { (name, $0) } }, body: reply.body)
        } catch {
            return .json(500, #"{"__type":"InternalServerError","message":"moto: \#(error)"}"#)
        }
    }
}
