import Foundation
import Testing

/// scripts/install.sh and scripts/uninstall.sh into a DESTDIR, with a stand-in binary.
@Suite struct InstallScriptTests {
    /// Where docs/operations.md says each file lands, with its mode.
    static let installed: [(path: String, mode: Int)] = [
        ("/usr/local/bin/impress-admin", 0o755),
        ("/etc/systemd/system/impress-admin.socket", 0o644),
        ("/etc/systemd/system/impress-admin.service", 0o644),
        ("/etc/nginx/snippets/impress-api.conf", 0o644),
        ("/etc/nginx/snippets/impress-cors-headers.conf", 0o644),
        ("/etc/nginx/snippets/impress-cors-map.conf", 0o644),
        ("/etc/nginx/snippets/impress-http.conf", 0o644),
        ("/etc/nginx/snippets/impress-security-headers.conf", 0o644),
        ("/etc/nginx/snippets/impress-upstream.conf", 0o644),
        ("/etc/nginx/sites-available/impress-admin.conf", 0o644),
        ("/etc/impress-admin/env", 0o640),
        ("/usr/local/share/doc/impress-admin/operations.md", 0o644),
    ]

    @Test func installKeepsEditsAndUninstallRemovesAll() throws {
        let dir = try OpsTemporaryDirectory()
        let root = dir.path("root")
        try dir.write("#!/bin/sh\necho stand-in\n", to: "impress-admin")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path("impress-admin"))
        let environment = ["DESTDIR": root]
        let install = OpsCommand.repositoryPath("scripts/install.sh")
        let uninstall = OpsCommand.repositoryPath("scripts/uninstall.sh")

        let first = try OpsCommand.run(install, ["--binary", dir.path("impress-admin")], environment: environment)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        for (path, mode) in Self.installed {
            let attributes = try? FileManager.default.attributesOfItem(atPath: root + path)
            #expect((attributes?[.posixPermissions] as? Int) == mode, "\(path)")
        }
        #expect(
            try String(contentsOfFile: root + "/etc/impress-admin/env", encoding: .utf8)
                == String(contentsOfFile: OpsCommand.repositoryPath("systemd/env.example"), encoding: .utf8))
        // Not enabled without --enable-site.
        #expect(!FileManager.default.fileExists(atPath: root + "/etc/nginx/sites-enabled/impress-admin.conf"))

        // Again, after the operator edited the settings and the site: both are kept, the shipped
        // versions are set beside them, and the site is enabled this time.
        try "CLERK_ISSUER=https://clerk.example.com\n".write(
            toFile: root + "/etc/impress-admin/env", atomically: false, encoding: .utf8)
        let site = root + "/etc/nginx/sites-available/impress-admin.conf"
        let editedSite = try String(contentsOfFile: site, encoding: .utf8)
            .replacingOccurrences(of: "api.example.com", with: "api.getimpress.io")
        try editedSite.write(toFile: site, atomically: false, encoding: .utf8)
        let second = try OpsCommand.run(
            install, ["--binary", dir.path("impress-admin"), "--enable-site"], environment: environment)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(try String(contentsOfFile: root + "/etc/impress-admin/env", encoding: .utf8) == "CLERK_ISSUER=https://clerk.example.com\n")
        #expect(try String(contentsOfFile: site, encoding: .utf8) == editedSite)
        #expect(FileManager.default.fileExists(atPath: root + "/etc/impress-admin/env.dist"))
        #expect(FileManager.default.fileExists(atPath: site + ".dist"))
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: root + "/etc/nginx/sites-enabled/impress-admin.conf")
                == "../sites-available/impress-admin.conf")

        let removed = try OpsCommand.run(uninstall, [], environment: environment)
        #expect(removed.status == 0, "\(removed.stdout)\(removed.stderr)")
        for (path, _) in Self.installed where path != "/etc/impress-admin/env" {
            #expect(!FileManager.default.fileExists(atPath: root + path), "\(path) left behind")
        }
        #expect(!FileManager.default.fileExists(atPath: site + ".dist"))
        #expect(!FileManager.default.fileExists(atPath: root + "/etc/nginx/sites-enabled/impress-admin.conf"))
        #expect(FileManager.default.fileExists(atPath: root + "/etc/impress-admin/env"), "settings kept without --purge")

        let purged = try OpsCommand.run(uninstall, ["--purge"], environment: environment)
        #expect(purged.status == 0, "\(purged.stdout)\(purged.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/etc/impress-admin"))
    }

    @Test func installRefusesAMissingBinary() throws {
        let dir = try OpsTemporaryDirectory()
        let result = try OpsCommand.run(
            OpsCommand.repositoryPath("scripts/install.sh"), ["--binary", dir.path("nothing-here")],
            environment: ["DESTDIR": dir.path("root")])
        #expect(result.status != 0)
        #expect(!FileManager.default.fileExists(atPath: dir.path("root/usr/local/bin/impress-admin")))
    }
}
