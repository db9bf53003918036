import Foundation
import Glibc
import ImpressJSON
import Synchronization
import Testing

/// The daemon under a held socket, as systemd runs it (`impress-admin.socket` holds the socket,
/// the service gets it as fd 3): a daemon that dies, by `kill -9` or by `SIGTERM` under load,
/// loses no connection that was waiting for it. What a `kill -9` does lose, by definition, is
/// the requests the killed process had already taken in (accepted and read); nothing can
/// answer those, and nginx reports them as 502.
@Suite(.enabled(if: DaemonHarness.isAvailable))
struct E2ERestartTests {
    static let organization = E2EDemoData.organizationA

    /// A whole FastCGI request on a fresh connection (no keep-conn): `/health`, or org A's
    /// `/users` with its token.
    static func request(_ index: Int, token: String) -> [UInt8] {
        let params =
            index % 2 == 0
            ? FastCGIClient.getParams(path: "/health")
            : FastCGIClient.getParams(
                path: "/users", query: "limit=500",
                extra: [("HTTP_AUTHORIZATION", "Bearer \(token)"), ("HTTP_X_ORGANIZATION_ID", organization)])
        return FastCGIClient.request(params: params)
    }

    /// The status of an answer and, for `/users`, whether its `total` is org A's user count.
    static func check(_ answer: FastCGIClient.Answer, index: Int, data: E2EDemoData) -> String? {
        guard answer.status == 200 else { return "status \(answer.status.map(String.init) ?? "none"): \(answer.bodyText)" }
        guard index % 2 == 1 else { return nil }
        let expected = JSONValue.int(Int64(data.organization(organization).users.count))
        return (try? JSONParser.parse(answer.bodyText))?["total"] == expected ? nil : "wrong /users body: \(answer.bodyText)"
    }

    @Test func killNineThenRestartAnswersEveryConnectionQueuedMeanwhile() throws {
        let stack = try E2EStack(launch: .heldSocket)
        let holder = try stack.socketHolder
        let token = try stack.memberToken(Self.organization)
        let killed = stack.daemon.pid

        stack.daemon.send(SIGKILL)
        #expect(stack.daemon.waitForExit(timeout: 10) == 128 + SIGKILL)
        // No daemon runs now. The socket still listens, so clients connect and send whole
        // requests; they wait in the backlog (40 of its 128 places).
        let queuedCount = 40
        var queued: [TestConnection] = []
        for index in 0..<queuedCount {
            let connection = try TestConnection(unixPath: holder.path)
            connection.setReceiveTimeout(20)
            try connection.send(Self.request(index, token: token))
            queued.append(connection)
        }
        #expect(stack.daemon.waitForExit(timeout: 0) != nil, "the killed daemon came back by itself")

        try holder.restart()
        #expect(stack.daemon.pid != killed)
        var problems: [String] = []
        for (index, connection) in queued.enumerated() {
            do {
                if let problem = Self.check(try connection.readAnswer(), index: index, data: stack.data) {
                    problems.append("queued request \(index): \(problem)")
                }
            } catch {
                problems.append("queued request \(index): \(error)")
            }
        }
        #expect(problems.isEmpty, "\(problems.count) of \(queuedCount) queued requests failed: \(problems.prefix(5))")
    }

    /// Load: 16 clients, each sending whole requests one after another on fresh connections.
    /// Mid-load the daemon gets SIGTERM: what it has taken in finishes (4 requests are made to
    /// straddle the signal: begun before, ended after), it exits 0, and what arrives meanwhile
    /// waits on the held socket for the restarted daemon. Every request of every client is
    /// answered 200, none is lost.
    @Test func sigtermUnderLoadThenRestartLosesNoRequest() throws {
        let stack = try E2EStack(environment: ["IMPRESS_DRAIN_S": "10"], launch: .heldSocket)
        let holder = try stack.socketHolder
        let token = try stack.memberToken(Self.organization)
        let data = stack.data
        let path = holder.path
        let load = E2ELoad(clients: 16) { client, index in
            let connection = try TestConnection(unixPath: path)
            connection.setReceiveTimeout(30)
            try connection.send(Self.request(client &+ index, token: token))
            return Self.check(try connection.readAnswer(), index: client &+ index, data: data)
        }
        defer { load.stop() }
        #expect(load.waitForAnswers(atLeast: 100, timeout: 20), "the load did not get going: \(load.problems.prefix(3))")

        let straddling = try (0..<4).map { _ in
            let connection = try TestConnection(unixPath: holder.path)
            connection.setReceiveTimeout(30)
            let params = FastCGIClient.getParams(
                path: "/users", query: "limit=500",
                extra: [("HTTP_AUTHORIZATION", "Bearer \(token)"), ("HTTP_X_ORGANIZATION_ID", Self.organization)])
            try connection.send(FastCGIClient.begin(id: 1, keepConnection: false) + FastCGIClient.stream(4, id: 1, FastCGIClient.pairs(params)))
            return connection
        }
        // The daemon reads the straddling requests' beginnings before it is told to stop.
        Thread.sleep(forTimeInterval: 0.3)
        let answeredBeforeSignal = load.answered
        stack.daemon.send(SIGTERM)
        for connection in straddling { try connection.send(FastCGIClient.stream(5, id: 1, [])) }
        for (index, connection) in straddling.enumerated() {
            #expect(Self.check(try connection.readAnswer(), index: 1, data: data) == nil, "straddling request \(index)")
        }
        #expect(stack.daemon.waitForExit(timeout: 20) == 0, "\(stack.daemon.log)")

        try holder.restart()
        let answeredAtRestart = load.answered
        #expect(load.waitForAnswers(atLeast: answeredAtRestart + 100, timeout: 20))
        load.stop()
        #expect(load.problems.isEmpty, "\(load.problems.count) requests failed: \(load.problems.prefix(5))")
        #expect(answeredBeforeSignal >= 100 && load.answered >= answeredAtRestart + 100)
    }
}
