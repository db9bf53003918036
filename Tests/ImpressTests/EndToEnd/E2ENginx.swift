import Foundation
import Glibc
import ImpressHTTP
import ImpressHTTPClient
import ImpressJSON

/// nginx from the repo's `nginx/local.conf.template`, rendered by
/// `scripts/lib/render-local-nginx.sh` (what `scripts/run` does) on a free loopback port in
/// front of the daemon's unix socket: what is tested is what ships. Requests go through the
/// project's libcurl client.
final class E2ENginx {
    let port: Int
    private let nginx: DaemonHarness.Child
    private let client = HTTPClient()

    init(socket: String, directory: String) throws {
        guard let executable = Processes.which("nginx") else { throw TestFailure("nginx is not installed") }
        port = try Processes.freePort()
        let prefix = directory + "/nginx"
        let rendered = try DaemonHarness.Child.run(
            "/bin/sh", [DaemonHarness.packageRoot + "/scripts/lib/render-local-nginx.sh"],
            environment: ["PREFIX": prefix, "PORT": String(port), "SOCKET": socket])
        guard rendered.status == 0 else { throw TestFailure("render-local-nginx.sh: \(rendered.stderr)") }
        nginx = try DaemonHarness.Child(
            executable, ["-p", prefix, "-c", prefix + "/nginx.conf", "-g", "daemon off;"], environment: [:],
            stdout: directory + "/nginx.stdout", stderr: directory + "/nginx.stderr")
        guard Processes.waitUntil(timeout: 10, { nginx.wait(timeout: 0) == nil && (try? TestConnection(port: port)) != nil })
        else {
            nginx.stop(grace: 5)
            throw TestFailure("nginx did not listen on \(port): \(Processes.readFile(directory + "/nginx.stderr"))")
        }
    }

    deinit { stop() }

    /// SIGTERM: nginx's fast shutdown of master and workers.
    func stop() { nginx.stop(grace: 10) }

    /// One request; `headers` are (name, value) pairs.
    func request(_ method: String, _ path: String, headers: [(name: String, value: String)] = []) throws -> E2EResponse {
        let answer = try client.send(
            HTTPClientRequest(
                method: method, url: "http://127.0.0.1:\(port)\(path)", headers: headers, totalTimeoutMs: 15_000))
        return E2EResponse(
            status: answer.status, headers: answer.headers.map { (name: $0.key, value: $0.value) },
            body: String(decoding: answer.body, as: UTF8.self))
    }
}

/// One HTTP answer as a client saw it (header names lower-cased, repeated ones joined).
struct E2EResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.name == name.lowercased() }?.value
    }

    var json: JSONValue? { try? JSONParser.parse(body) }

    /// The answer in the shape the OpenAPI validator takes.
    var httpResponse: HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }
}
