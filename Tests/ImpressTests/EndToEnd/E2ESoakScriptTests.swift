import Foundation
import Testing

/// scripts/soak, shortened (2 runs of 1 s at 4 connections, the debug daemon): it prints a row
/// per run and route with no errors, both verdict lines, exits 0, and leaves no process or
/// file behind. The real soak (3 runs of 60 s at 64 connections, release build) is run by hand.
@Suite(.enabled(if: E2EStack.isAvailable && Processes.which("wrk") != nil))
struct E2ESoakScriptTests {
    @Test func aShortSoakRunsPassesAndCleansUp() throws {
        let directory = try OpsTemporaryDirectory()
        let result = try OpsCommand.run(
            OpsCommand.repositoryPath("scripts/soak"), [],
            environment: [
                "DURATION": "1s", "RUNS": "2", "CONNECTIONS": "4", "SAMPLE_S": "1", "BINARY": DaemonHarness.binaryPath,
                "TMPDIR": directory.url.path,
            ], timeout: 90)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")

        // Columns: run, route, req/s, p50, p99, non-2xx, socket errors, then RSS figures.
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            .filter { $0.count >= 7 && ["1", "2"].contains($0[0]) }
        #expect(rows.map { "\($0[0]) \($0[1])" } == ["1 health", "1 stats", "2 health", "2 stats"], "\(result.stdout)")
        for row in rows {
            #expect((Int(row[2]) ?? 0) > 0 && row[5] == "0" && row[6] == "0", "\(row)")
        }
        #expect(result.stdout.contains("answers: every request answered 2xx, no socket errors"))
        #expect(result.stdout.contains("memory: flat"))

        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
        #expect(BenchPeersTests.processesMentioning(directory.url.path).isEmpty)
    }
}
