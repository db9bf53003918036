import ImpressJSON
import Testing

/// The daemon straight behind FastCGI peers that are not nginx: libfcgi's `cgi-fcgi` over the
/// unix socket and over TCP, `spawn-fcgi` handing it a bound socket on fd 0, and systemd's
/// socket activation handing it fd 3.
@Suite(.enabled(if: E2EStack.isAvailable && Processes.which("cgi-fcgi") != nil))
struct E2EFastCGIPeerTests {
    @Test func cgiFcgiOverTheUnixSocket() throws {
        let stack = try E2EStack()
        try expectHealthAndUsers(stack)
    }

    @Test func cgiFcgiOverTCP() throws {
        let stack = try E2EStack(launch: .tcp)
        try expectHealthAndUsers(stack)
    }

    /// `spawn-fcgi -n` binds the port, then execs the daemon with the socket as fd 0
    /// (FCGI_LISTENSOCK_FILENO) and its own environment passed through.
    @Test(.enabled(if: Processes.which("spawn-fcgi") != nil))
    func spawnFcgiHandsTheDaemonItsSocket() throws {
        let stack = try E2EStack(launch: .spawnFCGI)
        try expectHealthAndUsers(stack)
    }

    /// systemd socket activation, as `systemd/impress-admin.socket` ships it: the daemon is
    /// started by the first connection and serves it from the inherited fd 3.
    @Test(.enabled(if: Processes.which("systemd-socket-activate") != nil))
    func systemdSocketActivationHandsTheDaemonFd3() throws {
        let stack = try E2EStack(launch: .socketActivation)
        try expectHealthAndUsers(stack)
    }

    private func expectHealthAndUsers(_ stack: E2EStack) throws {
        let health = try stack.daemon.cgiFcgi("/health")
        #expect(health.status == 200)
        #expect(try JSONParser.parse(health.body)["status"] == .string("ok"))

        let org = E2EDemoData.organizationA
        let users = try stack.daemon.cgiFcgi(
            "/users", query: "limit=500&sort=event_count",
            headers: ["Authorization": "Bearer \(try stack.memberToken(org))", "X-Organization-Id": org])
        #expect(users.status == 200, "\(users.body)")
        #expect(users.header("Cache-Control") == "no-store")
        let body = try JSONParser.parse(users.body)
        #expect(body["organizationId"] == .string(org))
        #expect(body["total"] == .int(Int64(stack.data.organization(org).users.count)))
        #expect(stack.data.leakedIds(of: E2EDemoData.organizationB, in: users.body).isEmpty)

        let refused = try stack.daemon.cgiFcgi(
            "/users", headers: ["Authorization": "Bearer \(try stack.memberToken(org))", "X-Organization-Id": "org_b"])
        #expect(refused.status == 403)
    }
}
