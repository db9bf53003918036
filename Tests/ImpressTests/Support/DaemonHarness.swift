import Foundation
import Glibc

/// The real `impress-admin` binary as a process, for end-to-end tests: it builds nothing, it
/// runs `$IMPRESS_TEST_BINARY` or `<package root>/.build/debug/impress-admin`. A daemon gets
/// exactly the environment the test gives it (plus PATH and no EC2 metadata lookups), its
/// stdout and stderr go to files in the test's directory, and it is stopped when the value goes
/// away (SIGTERM, SIGKILL after a deadline), so a failing test leaves no process behind.
/// Processes are spawned with posix_spawn rather than Foundation's `Process`, whose `run()`
/// fails now and then with EBADF while other test threads open and close descriptors.
final class DaemonHarness {
    /// Where a FastCGI peer reaches the daemon.
    enum Endpoint {
        case unix(path: String)
        case tcp(port: Int)

        /// The `IMPRESS_LISTEN` value that makes the daemon listen here.
        var listenSetting: String {
            switch self {
            case .unix(let path): return "unix:" + path
            case .tcp(let port): return "127.0.0.1:\(port)"
            }
        }

        /// What `cgi-fcgi -connect` takes.
        var cgiTarget: String {
            switch self {
            case .unix(let path): return path
            case .tcp(let port): return "127.0.0.1:\(port)"
            }
        }

        func connect() throws -> TestConnection {
            switch self {
            case .unix(let path): return try TestConnection(unixPath: path)
            case .tcp(let port): return try TestConnection(port: port)
            }
        }
    }

    /// One FastCGI answer, split into CGI status, headers and body.
    struct CGIAnswer {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The package root (this file is Tests/ImpressTests/Support/DaemonHarness.swift).
    static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static var binaryPath: String {
        if let configured = ProcessInfo.processInfo.environment["IMPRESS_TEST_BINARY"], !configured.isEmpty {
            return configured
        }
        // `swift build` links .build/debug to the host triple's folder; look there too, in case
        // the link is not made yet.
        let candidates = [".build/debug/impress-admin", ".build/x86_64-unknown-linux-gnu/debug/impress-admin",
                          ".build/aarch64-unknown-linux-gnu/debug/impress-admin"]
        return candidates.map { packageRoot + "/" + $0 }.first { access($0, X_OK) == 0 }
            ?? packageRoot + "/.build/debug/impress-admin"
    }

    static var isAvailable: Bool { access(binaryPath, X_OK) == 0 }

    /// Variables every daemon of a test gets: no credential lookups leave the machine.
    static let baseEnvironment: [String: String] = [
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "AWS_EC2_METADATA_DISABLED": "true",
    ]

    let endpoint: Endpoint
    let stdoutPath: String
    let stderrPath: String
    private let process: Child

    /// Starts `impress-admin serve` listening on `endpoint` and waits until `/health` answers.
    convenience init(serving endpoint: Endpoint, environment: [String: String], directory: String) throws {
        var settings = environment
        settings["IMPRESS_LISTEN"] = endpoint.listenSetting
        try self.init(
            executable: DaemonHarness.binaryPath, arguments: ["serve"], environment: settings, endpoint: endpoint,
            directory: directory)
    }

    /// Starts any command line that ends up serving FastCGI at `endpoint` (e.g. spawn-fcgi
    /// running the daemon) and waits until `/health` answers there. `listener`, when given, is
    /// passed as the child's fd 3 (socket activation).
    init(
        executable: String, arguments: [String], environment: [String: String], endpoint: Endpoint, directory: String,
        listener: Int32? = nil
    ) throws {
        self.endpoint = endpoint
        let name = "daemon-\(UUID().uuidString.prefix(8))"
        stdoutPath = "\(directory)/\(name).stdout"
        stderrPath = "\(directory)/\(name).stderr"
        process = try Child(
            executable, arguments, environment: environment, stdout: stdoutPath, stderr: stderrPath, listener: listener)
        do {
            // Under IMPRESS_BASE_PATH the daemon routes only prefixed paths.
            try waitForHealth(path: (environment["IMPRESS_BASE_PATH"] ?? "") + "/health", timeout: 20)
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// What the daemon wrote to stderr so far (its JSON log lines).
    var log: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Sends `signal` to the daemon.
    func send(_ signal: Int32) { process.send(signal) }

    var pid: pid_t { process.pid }

    /// The exit status once the daemon has exited, nil if it still runs after `timeout` s.
    func waitForExit(timeout: Double) -> Int32? { process.wait(timeout: timeout) }

    /// SIGTERM, then SIGKILL when the daemon outlives its drain; idempotent.
    func stop() { process.stop(grace: 15) }

    /// One GET straight at the daemon over FastCGI (the test's own client, no nginx).
    func get(_ path: String, query: String = "", headers: [(String, String)] = [], timeout: Int = 10) throws -> CGIAnswer {
        let connection = try endpoint.connect()
        connection.setReceiveTimeout(timeout)
        try connection.send(FastCGIClient.request(params: FastCGIClient.getParams(path: path, query: query, extra: headers)))
        let answer = try connection.readAnswer()
        return try DaemonHarness.parseCGI(String(decoding: answer.stdout, as: UTF8.self))
    }

    /// One GET through libfcgi's `cgi-fcgi -bind -connect` (a FastCGI peer that is not ours),
    /// the request given as CGI variables: `headers` become `HTTP_*` variables.
    func cgiFcgi(_ path: String, query: String = "", headers: [String: String] = [:]) throws -> CGIAnswer {
        guard let tool = Processes.which("cgi-fcgi") else { throw Failure(description: "cgi-fcgi is not installed") }
        var variables = [
            "REQUEST_METHOD": "GET", "REQUEST_URI": query.isEmpty ? path : path + "?" + query, "QUERY_STRING": query,
            "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
        ]
        for (name, value) in headers {
            variables["HTTP_" + name.uppercased().replacingOccurrences(of: "-", with: "_")] = value
        }
        let result = try Processes.run(tool, ["-bind", "-connect", endpoint.cgiTarget], environment: variables, timeout: 15)
        guard result.status == 0 else { throw Failure(description: "cgi-fcgi exit \(result.status): \(result.output)") }
        return try DaemonHarness.parseCGI(result.output)
    }

    private func waitForHealth(path: String, timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = process.wait(timeout: 0) {
                throw Failure(description: "the daemon exited (\(status)): \(log)")
            }
            if let answer = try? get(path, timeout: 2), answer.status == 200 || answer.status == 503 { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "\(path) did not answer within \(timeout) s at \(endpoint.cgiTarget): \(log)")
    }

    /// Splits CGI output (`Status: 200 OK`, headers, blank line, body).
    static func parseCGI(_ output: String) throws -> CGIAnswer {
        guard let separator = output.range(of: "\r\n\r\n") else { throw Failure(description: "no CGI head in \(output)") }
        var status = 200
        var headers: [(name: String, value: String)] = []
        for line in output[..<separator.lowerBound].split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name.lowercased() == "status" { status = Int(value.prefix(3)) ?? 0 } else { headers.append((name, value)) }
        }
        return CGIAnswer(status: status, headers: headers, body: String(output[separator.upperBound...]))
    }

    /// Runs the binary to completion (a subcommand, or `serve` that is expected to refuse).
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 30) throws -> OpsCommandResult {
        try Child.run(binaryPath, arguments, environment: environment, timeout: timeout)
    }

    /// `impress-admin demo-data` into `path`: deterministic for the seed and the clock.
    static func writeDemoData(to path: String, organizations: [String], eventsPerOrganization: Int, seed: Int, now: Int64) throws {
        let result = try run([
            "demo-data", "--out", path, "--orgs", organizations.joined(separator: ","),
            "--events", String(eventsPerOrganization), "--seed", String(seed), "--now", String(now),
        ])
        guard result.status == 0 else { throw Failure(description: "demo-data exit \(result.status): \(result.stderr)") }
    }

    /// A process spawned with an exact environment, no inherited signal mask (the test
    /// runner's threads block SIGTERM), stdin from /dev/null and its output in files.
    final class Child {
        let pid: pid_t
        private var exitStatus: Int32?

        /// `listener` becomes the child's fd 3; it must be another descriptor, opened close-on-exec
        /// so no other child of the test process inherits it (dup2 clears the flag on fd 3 only).
        init(
            _ executable: String, _ arguments: [String], environment: [String: String], stdout: String, stderr: String,
            listener: Int32? = nil
        ) throws {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if let listener {
                guard listener != 3 else { throw Failure(description: "the listener must not already be fd 3") }
                posix_spawn_file_actions_adddup2(&actions, listener, 3)
            }
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var noSignals = sigset_t()
            sigemptyset(&noSignals)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            let envp = DaemonHarness.baseEnvironment.merging(environment) { _, new in new }
                .map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer {
                argv.forEach { free($0) }
                envp.forEach { free($0) }
            }
            var child = pid_t()
            let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
            guard result == 0 else { throw Failure(description: "posix_spawn \(executable): \(String(cString: strerror(result)))") }
            pid = child
        }

        deinit { stop(grace: 5) }

        /// Runs a program to completion; SIGKILL when it outlives `timeout`.
        static func run(
            _ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: Double = 30
        ) throws -> OpsCommandResult {
            let scratch = try OpsTemporaryDirectory()
            let child = try Child(
                executable, arguments, environment: environment, stdout: scratch.path("stdout"), stderr: scratch.path("stderr"))
            guard let status = child.wait(timeout: timeout) else {
                child.stop(grace: 0)
                throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) ran over \(timeout) s")
            }
            return OpsCommandResult(status: status, stdout: scratch.read("stdout"), stderr: scratch.read("stderr"))
        }

        func send(_ signal: Int32) {
            if exitStatus == nil { kill(pid, signal) }
        }

        /// The exit status (128 + signal when killed), nil while running after `timeout` s.
        func wait(timeout: Double) -> Int32? {
            if let exitStatus { return exitStatus }
            let deadline = Date().addingTimeInterval(timeout)
            while true {
                var status: Int32 = 0
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid || result < 0 {
                    // WIFEXITED/WEXITSTATUS are macros; decode by hand.
                    let decoded = result < 0 ? -1 : (status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
                    exitStatus = decoded
                    return decoded
                }
                if Date() >= deadline { return nil }
                usleep(10_000)
            }
        }

        /// SIGTERM, SIGKILL after `grace` seconds; idempotent.
        func stop(grace: Double) {
            guard exitStatus == nil else { return }
            send(SIGTERM)
            if wait(timeout: grace) == nil {
                kill(pid, SIGKILL)
                _ = wait(timeout: 5)
            }
        }
    }
}
