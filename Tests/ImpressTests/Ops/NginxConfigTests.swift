import Foundation
import ImpressHTTP
import Testing

/// `nginx -t` on what ships, and the edge's CORS list against the daemon's.
@Suite struct NginxConfigTests {
    /// The production site as shipped (listeners included) inside Debian's nginx.conf.
    @Test func productionSiteIsValid() throws {
        let site = try OpsProductionSite()
        let conf = site.prefix + "/nginx.conf"
        let test = try OpsCommand.run("nginx", ["-t", "-p", site.prefix, "-c", conf, "-e", "stderr"])
        #expect(test.status == 0, "\(test.stderr)")
        #expect(test.stderr.contains("test is successful"))
        // The site's pieces are all there (nginx -T prints the whole configuration).
        let dump = try OpsCommand.run("nginx", ["-T", "-p", site.prefix, "-c", conf, "-e", "stderr"])
        for directive in [
            "listen 443 ssl http2;", "listen [::]:443 ssl http2;", "ssl_protocols TLSv1.2 TLSv1.3;", "server_tokens off;",
            "return 301 https://$host$request_uri;", "ssl_stapling on;", "fastcgi_pass impress_admin;",
            "server unix:/run/impress-admin/fcgi.sock;",
        ] {
            #expect(dump.stdout.contains(directive), "missing: \(directive)")
        }
    }

    @Test func renderedLocalConfigIsValid() throws {
        let dir = try OpsTemporaryDirectory()
        let prefix = dir.path("nginx")
        let rendered = try OpsCommand.run(
            OpsCommand.repositoryPath("scripts/lib/render-local-nginx.sh"), [],
            environment: ["PREFIX": prefix, "PORT": "18080", "SOCKET": dir.path("fcgi.sock")])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(rendered.stdout == prefix + "/nginx.conf\n")
        let config = dir.read("nginx/nginx.conf")
        #expect(!config.contains("${"), "a variable was left unsubstituted")
        #expect(config.contains("listen 127.0.0.1:18080;"))
        #expect(config.contains("server unix:\(dir.path("fcgi.sock"));"))
        let test = try OpsCommand.run("nginx", ["-t", "-p", prefix, "-c", prefix + "/nginx.conf"])
        #expect(test.status == 0, "\(test.stderr)")
    }

    @Test func renderRefusesMissingVariables() throws {
        let result = try OpsCommand.run(
            OpsCommand.repositoryPath("scripts/lib/render-local-nginx.sh"), [], environment: ["PORT": "1", "SOCKET": "/x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("PREFIX"))
    }

    /// API.md §3's list, in order (the first is the fallback), is what the edge's map holds,
    /// and what the daemon defaults to: preflights and responses must agree.
    @Test func corsMapHoldsTheContractList() throws {
        let map = try String(contentsOfFile: OpsCommand.repositoryPath("nginx/snippets/impress-cors-map.conf"), encoding: .utf8)
        let entries = map.split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasPrefix("#") && $0.hasSuffix(";") }
            .map { $0.dropLast().split(separator: " ", omittingEmptySubsequences: true).map { $0.replacingOccurrences(of: "\"", with: "") } }
        let listed = ["https://getimpress.io", "https://www.getimpress.io", "http://localhost:3000"]
        #expect(entries.first == ["default", "https://getimpress.io"])
        #expect(entries.dropFirst().map { $0 } == listed.map { [$0, $0] })
        #expect(CORSPolicy.defaultOrigins == listed)
        #expect(CORSPolicy.allowHeaders == "Authorization, Content-Type, x-organization-id")
        #expect(CORSPolicy.allowMethods == "GET, OPTIONS")
        #expect(CORSPolicy.maxAge == "600")
    }
}
