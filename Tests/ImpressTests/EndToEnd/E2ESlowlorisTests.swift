import Foundation
import Glibc
import Testing

/// Slowloris: many clients that send the beginning of a request and then nothing, held open
/// at the daemon's own FastCGI socket and at nginx at once, while normal requests go on.
///
/// What makes it meaningful with the test stack's settings: the daemon has 2 workers, and 200
/// partial requests are 100 times that, so a server that gave each connection a worker (as
/// php-fpm gives each a child) would be stopped; 200 stay under the daemon's cap of 1024 open
/// connections and under nginx's 1024 per worker, and the test ends well within the daemon's
/// 30 s request timeout and nginx's 60 s `client_header_timeout`, so none of them is shed by a
/// timeout while the normal requests run: each is checked to be still open at the end.
@Suite(.enabled(if: E2EStack.isAvailable))
struct E2ESlowlorisTests {
    static let heldPerSide = 200
    static let normalRequests = 40

    @Test func partialClientsAtTheDaemonAndAtNginxDoNotStopNormalRequests() throws {
        let stack = try E2EStack()
        let nginx = try stack.nginx
        let organization = E2EDemoData.organizationA
        let token = try stack.memberToken(organization)

        // At the daemon: a few bytes of a record header; a whole BEGIN_REQUEST and half a
        // PARAMS header; BEGIN_REQUEST and part of a PARAMS record's content.
        let begin = FastCGIClient.begin(id: 1, keepConnection: true)
        let params = FastCGIClient.record(4, id: 1, FastCGIClient.pairs(FastCGIClient.getParams(path: "/health")))
        let fastCGIBeginnings: [[UInt8]] = [Array(begin.prefix(3)), begin + params.prefix(4), begin + params.prefix(20)]
        var held: [(side: String, connection: TestConnection)] = []
        for index in 0..<Self.heldPerSide {
            let connection = try stack.daemon.endpoint.connect()
            try connection.send(fastCGIBeginnings[index % fastCGIBeginnings.count])
            held.append(("daemon", connection))
        }
        // At nginx: half a request head, or a whole request line and an unfinished header.
        let httpBeginnings = ["GET /heal", "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: "]
        for index in 0..<Self.heldPerSide {
            let connection = try TestConnection(port: nginx.port)
            try connection.send(Array(httpBeginnings[index % httpBeginnings.count].utf8))
            held.append(("nginx", connection))
        }

        // Normal requests, half straight at the daemon and half through nginx, alternating
        // /health and an authenticated aggregate route.
        var failures: [String] = []
        let stats = [("HTTP_AUTHORIZATION", "Bearer \(token)"), ("HTTP_X_ORGANIZATION_ID", organization)]
        for index in 0..<Self.normalRequests {
            let path = index % 2 == 0 ? "/health" : "/fraud/stats"
            let status: Int
            if index % 4 < 2 {
                status = try stack.daemon.get(path, headers: path == "/health" ? [] : stats).status
            } else {
                status = try stack.get(path, token: path == "/health" ? nil : token, organization: organization).status
            }
            if status != 200 { failures.append("request \(index) \(path): \(status)") }
        }
        #expect(failures.isEmpty, "\(failures)")

        // The partial clients were held all along: none has been closed or answered.
        let dropped = held.enumerated().filter { !Self.isOpenAndSilent($0.element.connection) }
            .map { "\($0.element.side) \($0.offset)" }
        #expect(dropped.isEmpty, "closed or answered: \(dropped.prefix(10)) (\(dropped.count))")
    }

    /// True when nothing is readable on the connection and the peer has not closed it (an EOF
    /// is readable; a reset or hang-up is reported whatever the events asked for).
    static func isOpenAndSilent(_ connection: TestConnection) -> Bool {
        var entry = pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) == 0
    }
}
