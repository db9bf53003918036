import Foundation

/// The whole stack as it ships: the real daemon with a file store of demo data, keys from a
/// real JWKS over loopback HTTP, and (by default) nginx from the repo's
/// `nginx/local.conf.template` in front of the daemon's unix socket. Everything stops when the
/// value goes away.
final class E2EStack {
    /// How the daemon is started and reached.
    enum Launch {
        /// `IMPRESS_LISTEN=unix:…`, nginx in front.
        case behindNginx
        /// `IMPRESS_LISTEN=127.0.0.1:PORT`, no nginx.
        case tcp
        /// `spawn-fcgi -n` binds the port and execs the daemon with it as fd 0; no IMPRESS_LISTEN.
        case spawnFCGI
        /// `systemd-socket-activate` binds the unix socket and starts the daemon on the first
        /// connection with it as fd 3 (`LISTEN_FDS=1`), as `impress-admin.socket` does.
        case socketActivation
        /// The test holds the unix socket (`E2ESocketHolder`, as `impress-admin.socket` does)
        /// and can kill and restart the daemon on it; no nginx.
        case heldSocket
    }

    /// Where the daemon process comes from: started once, or restarted on a held socket.
    private enum DaemonSource {
        case started(DaemonHarness)
        case held(E2ESocketHolder)
    }

    let directory: OpsTemporaryDirectory
    let signer: E2ESigner
    let keyServer: E2EKeyServer
    let data: E2EDemoData
    private let source: DaemonSource
    private let frontend: E2ENginx?

    /// The daemon running now (after `socketHolder.restart()`, the new one).
    var daemon: DaemonHarness {
        switch source {
        case .started(let daemon): return daemon
        case .held(let holder): return holder.daemon
        }
    }

    /// The held socket (only with `.heldSocket`).
    var socketHolder: E2ESocketHolder {
        get throws {
            guard case .held(let holder) = source else { throw TestFailure("this stack's daemon holds its own socket") }
            return holder
        }
    }

    static var isAvailable: Bool {
        DaemonHarness.isAvailable && Processes.which("nginx") != nil
    }

    /// `environment` is added to (and overrides) the daemon's settings; `jwksUp: false` starts
    /// the daemon while the JWKS endpoint is down.
    init(environment: [String: String] = [:], launch: Launch = .behindNginx, jwksUp: Bool = true) throws {
        directory = try OpsTemporaryDirectory()
        signer = try E2ESigner(kid: "e2e-key-1")
        keyServer = try E2EKeyServer(serving: jwksUp ? signer : nil)
        data = try E2EDemoData.write(to: directory.path("events.jsonl"))
        var settings = [
            "IMPRESS_STORE": "file:" + data.path, "CLERK_JWKS_URL": keyServer.url, "CLERK_ISSUER": E2ESigner.issuer,
            "IMPRESS_WORKERS": "2",
        ]
        settings.merge(environment) { _, new in new }
        switch launch {
        case .behindNginx:
            let socket = directory.path("fcgi.sock")
            source = .started(
                try DaemonHarness(serving: .unix(path: socket), environment: settings, directory: directory.url.path))
            frontend = try E2ENginx(socket: socket, directory: directory.url.path)
        case .tcp:
            source = .started(
                try DaemonHarness(
                    serving: .tcp(port: try Processes.freePort()), environment: settings, directory: directory.url.path))
            frontend = nil
        case .spawnFCGI:
            let port = try Processes.freePort()
            guard let spawner = Processes.which("spawn-fcgi") else { throw TestFailure("spawn-fcgi is not installed") }
            source = .started(
                try DaemonHarness(
                    executable: spawner,
                    arguments: ["-a", "127.0.0.1", "-p", String(port), "-n", "--", DaemonHarness.binaryPath, "serve"],
                    environment: settings, endpoint: .tcp(port: port), directory: directory.url.path))
            frontend = nil
        case .socketActivation:
            guard let activator = Processes.which("systemd-socket-activate") else {
                throw TestFailure("systemd-socket-activate is not installed")
            }
            let socket = directory.path("activated.sock")
            settings["IMPRESS_LISTEN"] = nil
            source = .started(
                try DaemonHarness(
                    executable: activator,
                    arguments: ["-l", socket] + settings.sorted { $0.key < $1.key }.map { "--setenv=\($0.key)=\($0.value)" }
                        + ["--", DaemonHarness.binaryPath, "serve"],
                    environment: [:], endpoint: .unix(path: socket), directory: directory.url.path))
            frontend = nil
        case .heldSocket:
            source = .held(try E2ESocketHolder(settings: settings, directory: directory.url.path))
            frontend = nil
        }
    }

    deinit {
        frontend?.stop()
        daemon.stop()
        keyServer.stop()
    }

    /// nginx in front of the daemon (only with `.behindNginx`).
    var nginx: E2ENginx {
        get throws {
            guard let frontend else { throw TestFailure("this stack runs without nginx") }
            return frontend
        }
    }

    /// A GET through nginx, as the dashboard sends it.
    func get(
        _ path: String, token: String?, organization: String? = nil, headers: [(name: String, value: String)] = []
    ) throws -> E2EResponse {
        var all = headers
        if let token { all.append(("Authorization", "Bearer \(token)")) }
        if let organization { all.append(("x-organization-id", organization)) }
        return try nginx.request("GET", path, headers: all)
    }

    /// A member of `organization` (its active org in the token).
    func memberToken(_ organization: String) throws -> String { try signer.token(organization: organization) }

    func superadminToken() throws -> String { try signer.token(organization: nil, superadmin: true, subject: "user_root") }
}
