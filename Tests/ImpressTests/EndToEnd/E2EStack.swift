import Foundation
import ImpressHTTP
import ImpressJSON

/// The whole stack as it ships: the real daemon on a unix socket with a file store of demo
/// data, keys from a real JWKS over loopback HTTP, and nginx from the repo's
/// `nginx/local.conf.template` in front. Everything stops when the value goes away.
final class E2EStack {
    let directory: OpsTemporaryDirectory
    let signer: E2ESigner
    let keyServer: E2EKeyServer
    let data: E2EDemoData
    let daemon: DaemonHarness
    let nginx: OpsNginx

    static var isAvailable: Bool {
        DaemonHarness.isAvailable && Processes.which("nginx") != nil && Processes.which("curl") != nil
    }

    init(environment: [String: String] = [:]) throws {
        directory = try OpsTemporaryDirectory()
        signer = try E2ESigner(kid: "e2e-key-1")
        keyServer = try E2EKeyServer(serving: signer)
        data = try E2EDemoData.write(to: directory.path("events.jsonl"))
        let socket = directory.path("fcgi.sock")
        var settings = [
            "IMPRESS_STORE": "file:" + data.path, "CLERK_JWKS_URL": keyServer.url, "CLERK_ISSUER": E2ESigner.issuer,
            "IMPRESS_WORKERS": "2",
        ]
        settings.merge(environment) { _, new in new }
        daemon = try DaemonHarness(serving: .unix(path: socket), environment: settings, directory: directory.url.path)
        nginx = try OpsNginx.local(socket: socket)
    }

    deinit {
        nginx.stop()
        daemon.stop()
        keyServer.stop()
    }

    /// A GET through nginx with curl, as the dashboard sends it.
    func get(_ path: String, token: String?, organization: String? = nil, headers: [String] = []) throws -> OpsHTTPResponse {
        var lines = headers
        if let token { lines.append("Authorization: Bearer \(token)") }
        if let organization { lines.append("x-organization-id: \(organization)") }
        return try nginx.request("GET", path, headers: lines)
    }

    /// A member of `organization` (its active org in the token).
    func memberToken(_ organization: String) throws -> String { try signer.token(organization: organization) }

    func superadminToken() throws -> String { try signer.token(organization: nil, superadmin: true, subject: "user_root") }
}

extension OpsHTTPResponse {
    /// The answer in the shape the OpenAPI validator takes.
    var httpResponse: HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    var json: JSONValue? { try? JSONParser.parse(body) }

    func header(_ name: String) -> String? { values(name).first }
}
