import Foundation

/// nginx/impress-admin.conf made runnable in a temp directory: inside Debian's own nginx.conf,
/// with a throwaway self-signed certificate (openssl CLI) where Let's Encrypt's would be, and
/// logs, pid, ACME webroot and daemon socket moved into the directory. Every other line is as
/// shipped.
struct OpsProductionSite {
    let directory: OpsTemporaryDirectory
    /// Holds nginx.conf, sites-enabled/ and the links to the snippets and fastcgi_params.
    let prefix: String
    let webroot: String

    /// `ports` (http, https) moves the listeners to 127.0.0.1 to run it; nil keeps them as shipped.
    init(ports: (http: UInt16, https: UInt16)? = nil) throws {
        directory = try OpsTemporaryDirectory()
        prefix = directory.path("conf")
        webroot = directory.path("webroot")
        let certificates = directory.path("live")
        let fileManager = FileManager.default
        for dir in [certificates, webroot, directory.path("logs"), prefix + "/sites-enabled"] {
            try fileManager.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        let openssl = try OpsCommand.run(
            "openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=api.example.com",
             "-keyout", certificates + "/privkey.pem", "-out", certificates + "/fullchain.pem"])
        guard openssl.status == 0 else { throw OpsCommand.Failure(description: "openssl: \(openssl.stderr)") }
        try fileManager.copyItem(atPath: certificates + "/fullchain.pem", toPath: certificates + "/chain.pem")
        try fileManager.createSymbolicLink(
            atPath: prefix + "/snippets", withDestinationPath: OpsCommand.repositoryPath("nginx/snippets"))
        try fileManager.createSymbolicLink(atPath: prefix + "/fastcgi_params", withDestinationPath: "/etc/nginx/fastcgi_params")

        var site = try String(contentsOfFile: OpsCommand.repositoryPath("nginx/impress-admin.conf"), encoding: .utf8)
            .replacingOccurrences(of: "/etc/letsencrypt/live/api.example.com", with: certificates)
            .replacingOccurrences(of: "/var/log/nginx", with: directory.path("logs"))
            .replacingOccurrences(of: "root /var/www/html;", with: "root \(webroot);")
        if let ports {
            site = site
                .replacingOccurrences(of: "    listen [::]:80;\n", with: "")
                .replacingOccurrences(of: "    listen [::]:443 ssl http2;\n", with: "")
                .replacingOccurrences(of: "listen 80;", with: "listen 127.0.0.1:\(ports.http);")
                .replacingOccurrences(of: "listen 443 ssl http2;", with: "listen 127.0.0.1:\(ports.https) ssl http2;")
        }
        try site.write(toFile: prefix + "/sites-enabled/impress-admin.conf", atomically: true, encoding: .utf8)

        let main = try String(contentsOfFile: "/etc/nginx/nginx.conf", encoding: .utf8)
            .replacingOccurrences(of: "include /etc/nginx/sites-enabled/*;", with: "include \(prefix)/sites-enabled/*;")
            .replacingOccurrences(of: "include /etc/nginx/conf.d/*.conf;", with: "")
            .replacingOccurrences(of: "/var/log/nginx", with: directory.path("logs"))
            .replacingOccurrences(of: "pid /run/nginx.pid;", with: "pid \(directory.path("nginx.pid"));")
        try main.write(toFile: prefix + "/nginx.conf", atomically: true, encoding: .utf8)
    }
}
