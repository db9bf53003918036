import Foundation
import ImpressHTTPClient
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real DynamoDB wire peer for tests: moto's server (`python3 -m moto.server`) on
/// 127.0.0.1 and a free port. It exits when its stdin closes, so it cannot outlive the
/// test process even when no teardown runs; `stop()` ends it earlier. Suites share one
/// instance (`Moto.shared`) and keep apart by table name.
final class Moto: Sendable {
    let port: Int
    var endpoint: String { "http://127.0.0.1:\(port)" }
    private let process: Process
    private let stdin: Pipe

    private static let sharedInstance = Mutex<Result<Moto, LoopbackServerError>?>(nil)

    /// The process-wide instance, started on first use.
    static func shared() throws -> Moto {
        try sharedInstance.withLock { slot in
            if let started = slot { return try started.get() }
            let result = Result { () throws(LoopbackServerError) -> Moto in try Moto(environment: [:]) }
            slot = result
            return try result.get()
        }
    }

    /// Starts a moto server with `environment` added to this process's (e.g.
    /// `INITIAL_NO_AUTH_ACTION_COUNT` to turn signature checks on).
    init(environment: [String: String]) throws(LoopbackServerError) {
        port = Self.freePort()
        process = Process()
        stdin = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let launcher = """
            import os, sys, threading
            threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
            from moto.server import main
            main(["-H", "127.0.0.1", "-p", sys.argv[1]])
            """
        process.arguments = ["python3", "-c", launcher, String(port)]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw LoopbackServerError("cannot start moto: \(error)") }
        let client = HTTPClient(maxIdleHandles: 1)
        for _ in 0..<200 {
            if (try? client.get(url: "http://127.0.0.1:\(port)/moto-api/", timeoutMs: 500)) != nil { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        stop()
        throw LoopbackServerError("moto did not answer on port \(port)")
    }

    /// Closing stdin makes the launcher exit; moto ignores SIGTERM at times, so a server
    /// still running after 2 s gets SIGKILL.
    func stop() {
        try? stdin.fileHandleForWriting.close()
        for _ in 0..<40 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// A port that was free a moment ago: bind to 0, read it back, close.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
