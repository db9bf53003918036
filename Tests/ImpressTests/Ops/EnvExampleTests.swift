import Foundation
import Testing
@testable import ImpressApp

/// systemd/env.example, which install.sh puts at /etc/impress-admin/env.
@Suite struct EnvExampleTests {
    static func lines() throws -> [String] {
        try String(contentsOfFile: OpsCommand.repositoryPath("systemd/env.example"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    /// Set, or commented out to show its default.
    static func lists(_ name: String, in lines: [String]) -> Bool {
        lines.contains { $0.hasPrefix(name + "=") || $0.hasPrefix("#" + name + "=") }
    }

    /// Every setting of API.md §5 and the daemon's timeouts is there, set or commented out with its meaning.
    @Test(arguments: [
        "IMPRESS_LISTEN", "IMPRESS_WORKERS", "IMPRESS_STORE", "DYNAMODB_TABLE", "AWS_REGION",
        "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN", "AWS_PROFILE", "CLERK_JWKS_URL", "CLERK_JWT_KEY", "CLERK_ISSUER",
        "CLERK_AUTHORIZED_PARTIES", "CORS_ALLOWED_ORIGINS", "IMPRESS_MAX_SCAN_EVENTS", "IMPRESS_BASE_PATH",
        "IMPRESS_DRAIN_S", "IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS", "IMPRESS_DYNAMODB_CALL_TIMEOUT_MS", "IMPRESS_HEALTH_CACHE_MS",
        "IMPRESS_READ_TIMEOUT_MS",
    ])
    func listsSetting(_ name: String) throws {
        #expect(Self.lists(name, in: try Self.lines()))
    }

    /// A setting added to the daemon (its flags table, which `--help` prints) is never missing here.
    @Test func listsEverySettingTheDaemonReads() throws {
        let lines = try Self.lines()
        for variable in Settings.flags.map(\.variable) {
            #expect(Self.lists(variable, in: lines), "\(variable)")
        }
    }

    /// The values in force: production ones, IMPRESS_LISTEN unset (the daemon must take the
    /// socket systemd passes), and the CORS list equal to the edge's map, in order.
    @Test func activeValues() throws {
        var active: [String: String] = [:]
        for line in try Self.lines() where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            active[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        #expect(active["IMPRESS_LISTEN"] == nil)
        #expect(active["IMPRESS_STORE"] == "dynamodb")
        #expect(active["DYNAMODB_TABLE"] == "fingerprint-events")
        #expect(active["AWS_REGION"] == "eu-south-2")
        #expect(active["CLERK_JWKS_URL"] == "https://<your-clerk-frontend-api>/.well-known/jwks.json")
        #expect(active["CLERK_ISSUER"] == "https://<your-clerk-frontend-api>")
        #expect(active["CLERK_AUTHORIZED_PARTIES"] == "https://getimpress.io,https://www.getimpress.io")
        #expect(active["CORS_ALLOWED_ORIGINS"] == "https://getimpress.io,https://www.getimpress.io,http://localhost:3000")
        #expect(active["AWS_SECRET_ACCESS_KEY"] == nil, "no secret in the example")
    }
}
