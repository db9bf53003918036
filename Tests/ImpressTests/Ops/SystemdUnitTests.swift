import Foundation
import Testing

/// The units as systemd 252 judges them, without a running systemd.
@Suite struct SystemdUnitTests {
    @Test func serviceExposureIsAtMostOnePointFive() throws {
        let result = try OpsCommand.run(
            "systemd-analyze", ["security", "--offline=true", "--no-pager", OpsCommand.repositoryPath("systemd/impress-admin.service")])
        let line = result.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") }
        // "→ Overall exposure level for impress-admin.service: 1.1 OK 🙂"
        let level = line?.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        #expect(level != nil, "no exposure line in: \(result.stdout.suffix(300)) \(result.stderr)")
        #expect((level ?? 10) <= 1.5)
    }

    /// `systemd-analyze verify` checks that ExecStart exists: the units are verified from a temp
    /// directory with ExecStart pointed at a stand-in executable, every other line as shipped.
    @Test func unitsVerifyClean() throws {
        let dir = try OpsTemporaryDirectory()
        let standIn = dir.path("impress-admin")
        try dir.write("#!/bin/sh\nexit 0\n", to: "impress-admin")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: standIn)
        let service = try String(contentsOfFile: OpsCommand.repositoryPath("systemd/impress-admin.service"), encoding: .utf8)
        #expect(service.contains("\nExecStart=/usr/local/bin/impress-admin serve\n"))
        try dir.write(
            service.replacingOccurrences(of: "ExecStart=/usr/local/bin/impress-admin", with: "ExecStart=\(standIn)"),
            to: "impress-admin.service")
        try FileManager.default.copyItem(
            atPath: OpsCommand.repositoryPath("systemd/impress-admin.socket"), toPath: dir.path("impress-admin.socket"))

        let result = try OpsCommand.run(
            "systemd-analyze", ["verify", "--man=no", dir.path("impress-admin.service"), dir.path("impress-admin.socket")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(result.stdout)\(result.stderr)")
    }

    /// The socket's contract with nginx (group www-data) and with the daemon (an inherited fd).
    @Test func socketIsNginxOnly() throws {
        let socket = try String(contentsOfFile: OpsCommand.repositoryPath("systemd/impress-admin.socket"), encoding: .utf8)
        for line in [
            "ListenStream=/run/impress-admin/fcgi.sock", "SocketMode=0660", "SocketUser=root", "SocketGroup=www-data",
            "Accept=no",
        ] {
            #expect(socket.split(separator: "\n").contains(Substring(line)), "missing: \(line)")
        }
    }
}
