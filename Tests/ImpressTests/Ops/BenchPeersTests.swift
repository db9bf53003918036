import Foundation
import Testing

/// scripts/bench-peers.sh, its peer rows only (the daemon rows need a release build): the
/// ceiling and php-fpm rows run, print numbers, and every process the script started is gone.
@Suite struct BenchPeersTests {
    @Test func peerRowsRunAndCleanUp() throws {
        let dir = try OpsTemporaryDirectory()
        let result = try OpsCommand.run(
            OpsCommand.repositoryPath("scripts/bench-peers.sh"), [],
            environment: ["ROWS": "ceiling php", "DURATION": "1s", "WARMUP": "1s", "CONNECTIONS": "8", "TMPDIR": dir.url.path],
            timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")

        let rows = result.stdout.split(separator: "\n").map(String.init)
        let ceiling = rows.first { $0.hasPrefix("nginx return 200 (ceiling)") }
        let php = rows.first { $0.hasPrefix("php-fpm hello world") }
        #expect(ceiling != nil && php != nil, "\(result.stdout)")
        // Columns: req/s, p50 ms, p99 ms, errors, ratio to php-fpm.
        let phpColumns = php?.split(separator: " ").suffix(5).map(String.init) ?? []
        #expect((Int(phpColumns.first ?? "") ?? 0) > 0)
        #expect(phpColumns.last == "1.00x")
        #expect(ceiling?.hasSuffix("x") == true)

        // The script's work directory is gone, and no process still runs from it.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        #expect(left.isEmpty, "left behind: \(left)")
        #expect(Self.processesMentioning(dir.url.path).isEmpty)
    }

    /// The daemon rows with a stand-in for impress-admin (its demo-data, dev-token and serve,
    /// the latter the FastCGI stand-in, which refuses /fraud without both headers): the data,
    /// tokens and headers reach it, and each row measures answers that are not errors.
    @Test func daemonRowsWithAStandIn() throws {
        let dir = try OpsTemporaryDirectory()
        try dir.write(OpsFakeDaemon.source, to: "fake-daemon.py")
        let calls = dir.path("calls.log")
        try dir.write(
            """
            #!/bin/sh
            echo "$*" >> \(calls)
            case "$1" in
                demo-data) while [ $# -gt 0 ]; do [ "$1" = --out ] && out=$2; shift; done; echo '{}' > "$out" ;;
                dev-token) while [ $# -gt 0 ]; do [ "$1" = --org ] && org=$2; shift; done; echo "token-for-$org" ;;
                serve) echo "env $IMPRESS_STORE $CLERK_JWKS_URL $CLERK_ISSUER" >> \(calls)
                       exec python3 \(dir.path("fake-daemon.py")) "${IMPRESS_LISTEN#unix:}" ;;
            esac

            """, to: "impress-admin")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path("impress-admin"))
        let work = dir.path("tmp")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

        let result = try OpsCommand.run(
            OpsCommand.repositoryPath("scripts/bench-peers.sh"), [],
            environment: [
                "ROWS": "health small large", "DURATION": "1s", "WARMUP": "1s", "CONNECTIONS": "4",
                "BINARY": dir.path("impress-admin"), "TMPDIR": work,
            ], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map(String.init)
        for label in ["impress-admin /health", "impress-admin /fraud/stats, 100 events", "impress-admin /fraud/stats, 10,000 events"] {
            let columns = rows.first { $0.hasPrefix(label) }?.split(separator: " ").suffix(5).map(String.init) ?? []
            #expect(columns.count == 5, "no row \(label) in \(result.stdout)")
            #expect((Int(columns.first ?? "") ?? 0) > 0, "\(label)")
            #expect(columns.dropFirst(3).first == "0", "\(label): errors")
            #expect(columns.last == "-", "no php-fpm row to compare with")
        }
        let log = dir.read("calls.log")
        #expect(log.contains("--orgs org_bench_small --events 100 "))
        #expect(log.contains("--orgs org_bench_large --events 10000 "))
        #expect(log.contains("dev-token --dir"))
        #expect(log.contains("/events.jsonl file://"))
        #expect(log.contains("/keys/jwks.json https://clerk.impress.local"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
        #expect(Self.processesMentioning(dir.url.path).isEmpty)
    }

    /// Command lines (from /proc) that contain `text`.
    static func processesMentioning(_ text: String) -> [String] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { $0.allSatisfy(\.isNumber) } ?? []
        return pids.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let commandLine = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return commandLine.contains(text) ? commandLine : nil
        }
    }
}
