import Foundation
import Glibc

/// What systemd's `impress-admin.socket` does, in the test process (there is no systemd PID 1
/// here): it binds and listens on a unix socket once, and runs the daemon with that socket as
/// fd 3 (`LISTEN_FDS=1`, `LISTEN_PID` = the daemon), so the socket outlives every daemon
/// process. While no daemon runs, connections wait in the socket's backlog; `restart()` is
/// `Restart=always`, called by the test when it chooses (a RestartSec it controls).
final class E2ESocketHolder {
    let path: String
    /// Room for the connections a test queues while no daemon runs.
    static let backlog: Int32 = 128
    private let listener: Int32
    private let settings: [String: String]
    private let directory: String
    private(set) var daemon: DaemonHarness

    /// `settings` is the daemon's environment (no `IMPRESS_LISTEN`: it inherits the socket).
    init(settings: [String: String], directory: String) throws {
        let path = directory + "/held.sock"
        let daemonSettings = settings.filter { $0.key != "IMPRESS_LISTEN" }
        // Close-on-exec: only the daemon gets it, as fd 3; other children of the test runner must not.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, Self.backlog) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw TestFailure("bind/listen \(path): \(reason)")
        }
        do {
            daemon = try Self.spawn(settings: daemonSettings, listener: fd, path: path, directory: directory)
        } catch {
            Glibc.close(fd)
            unlink(path)
            throw error
        }
        self.path = path
        self.settings = daemonSettings
        self.directory = directory
        listener = fd
    }

    deinit {
        daemon.stop()
        Glibc.close(listener)
        unlink(path)
    }

    /// Starts a new daemon on the held socket once the current one has exited, and waits until
    /// it answers `/health` (that probe queues behind any connection already waiting).
    func restart() throws {
        guard daemon.waitForExit(timeout: 0) != nil else { throw TestFailure("the daemon still runs") }
        daemon = try Self.spawn(settings: settings, listener: listener, path: path, directory: directory)
    }

    /// systemd sets `LISTEN_PID` in the child after fork; a shell that execs the daemon keeps
    /// its pid, so `$$` is the daemon's pid.
    private static func spawn(settings: [String: String], listener: Int32, path: String, directory: String) throws -> DaemonHarness {
        try DaemonHarness(
            executable: "/bin/sh", arguments: ["-c", #"export LISTEN_PID=$$ LISTEN_FDS=1; exec "$0" serve"#, DaemonHarness.binaryPath],
            environment: settings, endpoint: .unix(path: path), directory: directory, listener: listener)
    }
}
