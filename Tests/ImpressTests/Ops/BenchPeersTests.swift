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
