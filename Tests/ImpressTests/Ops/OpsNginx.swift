import Foundation
import Glibc

/// One HTTP answer as curl saw it.
struct OpsHTTPResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: String

    /// The values of a header, by case-insensitive name, in order.
    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }
}

/// A real nginx in the foreground, from `prefix/nginx.conf`, stopped when the value goes away.
final class OpsNginx {
    let directory: OpsTemporaryDirectory
    /// The port `request` goes to.
    let port: UInt16
    private let nginx: Process

    /// The shipped local config (nginx/local.conf.template rendered by
    /// scripts/lib/render-local-nginx.sh, the way the run command does) on a free loopback port,
    /// with `socket` as the daemon's socket (nothing needs to listen there).
    static func local(socket: String? = nil) throws -> OpsNginx {
        let directory = try OpsTemporaryDirectory()
        let port = try freeLoopbackPort()
        let prefix = directory.path("nginx")
        let rendered = try OpsCommand.run(
            OpsCommand.repositoryPath("scripts/lib/render-local-nginx.sh"), [],
            environment: ["PREFIX": prefix, "PORT": String(port), "SOCKET": socket ?? directory.path("no-daemon.sock")])
        guard rendered.status == 0 else { throw OpsCommand.Failure(description: "render failed: \(rendered.stderr)") }
        return try OpsNginx(directory: directory, prefix: prefix, port: port)
    }

    /// Starts nginx on an already written `prefix/nginx.conf` and waits until `port` accepts.
    init(directory: OpsTemporaryDirectory, prefix: String, port: UInt16) throws {
        self.directory = directory
        self.port = port
        nginx = try OpsCommand.start(
            "nginx", ["-p", prefix, "-c", prefix + "/nginx.conf", "-g", "daemon off;"],
            stdout: directory.path("nginx.stdout"), stderr: directory.path("nginx.stderr"))
        do {
            try waitUntilListening()
        } catch {
            stop()
            throw error
        }
    }

    deinit {
        stop()
    }

    /// Stops nginx (SIGTERM: fast shutdown of master and workers) and waits for it; SIGKILL
    /// after 10 s, so a stuck nginx fails the test instead of hanging it.
    func stop() {
        if nginx.isRunning {
            nginx.terminate()
        }
        let deadline = Date().addingTimeInterval(10)
        while nginx.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if nginx.isRunning { kill(nginx.processIdentifier, SIGKILL) }
        nginx.waitUntilExit()
    }

    /// Sends one request with curl; `headers` are "Name: value" lines, `options` more curl flags.
    func request(
        _ method: String, _ path: String, headers: [String] = [], options: [String] = [], url: String? = nil
    ) throws -> OpsHTTPResponse {
        let name = UUID().uuidString
        var arguments = ["-s", "-X", method, "-D", directory.path("\(name).headers"), "-o", directory.path("\(name).body")]
        if method == "HEAD" { arguments = ["-s", "-I", "-D", directory.path("\(name).headers"), "-o", "/dev/null"] }
        for header in headers { arguments += ["-H", header] }
        arguments += options
        arguments.append((url ?? "http://127.0.0.1:\(port)") + path)
        let result = try OpsCommand.run("curl", arguments, timeout: 10)
        guard result.status == 0 else { throw OpsCommand.Failure(description: "curl exit \(result.status): \(result.stderr)") }
        return try OpsNginx.parse(head: directory.read("\(name).headers"), body: directory.read("\(name).body"))
    }

    private static func parse(head: String, body: String) throws -> OpsHTTPResponse {
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/"),
            let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw OpsCommand.Failure(description: "no status line in \(head)") }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return OpsHTTPResponse(status: status, headers: headers, body: body)
    }

    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if !nginx.isRunning {
                throw OpsCommand.Failure(description: "nginx exited: \(directory.read("nginx.stderr"))")
            }
            if OpsNginx.canConnect(port: port) { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw OpsCommand.Failure(description: "nginx did not listen on \(port) within 10 s")
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    private static func canConnect(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A port the kernel just handed out for 127.0.0.1 (bound to port 0, then released).
    static func freeLoopbackPort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw OpsCommand.Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw OpsCommand.Failure(description: "bind: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }
}
