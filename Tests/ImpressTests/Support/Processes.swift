import Glibc

/// Real processes for integration tests (nginx, cgi-fcgi, the daemon itself): spawn with an
/// exact environment, find a free loopback port, wait for a port or socket, clean up.
enum Processes {
    /// The full path of an executable found on PATH or in the usual sbin folders.
    static func which(_ name: String) -> String? {
        let path = (getenv("PATH").map { String(cString: $0) } ?? "") + ":/usr/sbin:/sbin:/usr/local/sbin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// A port on 127.0.0.1 free right now (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw TestFailure("no free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits until something accepts connections on 127.0.0.1:`port`.
    static func waitForPort(_ port: Int, timeout: Double = 10) -> Bool {
        waitUntil(timeout: timeout) { (try? TestConnection(port: port)) != nil }
    }

    static func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = now() + timeout
        while now() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// A fresh directory under /tmp; remove it with `removeTree`.
    static func temporaryDirectory(_ prefix: String) throws -> String {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        return String(cString: made)
    }

    static func removeTree(_ path: String) {
        guard path.hasPrefix("/tmp/"), let remover = try? ChildProcess("/bin/rm", ["-rf", path], environment: [:]) else {
            return
        }
        _ = remover.wait(timeout: 10)
    }

    static func writeFile(_ path: String, _ text: String) throws {
        guard let file = fopen(path, "w") else { throw TestFailure("cannot write \(path)") }
        defer { fclose(file) }
        fputs(text, file)
    }

    static func readFile(_ path: String) -> String {
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            out += buffer[0..<count]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Runs a program to completion with stdin from `input` and stdout+stderr to a file;
    /// returns the exit status and the output.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String = "",
        timeout: Double = 30
    ) throws -> (status: Int32, output: String) {
        let folder = try temporaryDirectory("impress-run")
        defer { removeTree(folder) }
        try writeFile("\(folder)/in", input)
        let child = try ChildProcess(
            executable, arguments, environment: environment, stdinPath: "\(folder)/in", outputPath: "\(folder)/out")
        guard let status = child.wait(timeout: timeout) else {
            child.terminate()
            throw TestFailure("\(executable) did not finish within \(timeout) s")
        }
        return (status, readFile("\(folder)/out"))
    }
}

/// A spawned process; `terminate()` (also on deinit) sends SIGTERM, then SIGKILL, and reaps it.
final class ChildProcess {
    let pid: pid_t
    private var reaped = false

    init(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdinPath: String = "/dev/null", outputPath: String = "/dev/null"
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child = pid_t()
        let result = posix_spawn(&child, executable, &actions, nil, argv, envp)
        guard result == 0 else { throw TestFailure("posix_spawn \(executable): \(String(cString: strerror(result)))") }
        pid = child
    }

    deinit { terminate() }

    /// The exit status, or nil if still running after `timeout` seconds.
    func wait(timeout: Double) -> Int32? {
        let deadline = Processes.now() + timeout
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                reaped = true
                // WIFEXITED/WEXITSTATUS are macros; decode by hand.
                return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            }
            if result < 0 {
                reaped = true
                return -1
            }
            if Processes.now() >= deadline { return nil }
            usleep(10_000)
        }
    }

    func terminate() {
        guard !reaped else { return }
        kill(pid, SIGTERM)
        if wait(timeout: 5) == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: 5)
        }
    }
}
