import Foundation
import ImpressModel
import ImpressStore
import Testing

/// The embedded store's file is read in blocks and each block's lines are decoded on every
/// core: line numbers and events must not notice where the blocks and runs were cut.
@Suite struct FileStoreLoaderTests {
    /// More lines than one 8 MiB block holds, with blank lines and CRLF endings among them.
    static let lineCount = 70_000

    func line(_ n: Int) -> String {
        let padding = String(repeating: "p", count: 40 + n % 13)
        return #"{"fingerprint":{"S":"fp\#(n % 97)"},"organizationId":{"S":"org\#(n % 3)"},"#
            + #""timestamp":{"N":"\#(n)"},"pad":{"S":"\#(padding)"}}"#
    }

    func file(badLine: Int? = nil) -> String {
        (1...Self.lineCount).map { n -> String in
            if n == badLine { return #"{"fingerprint":{"S":"x"}}"# }
            if n % 1_000 == 0 { return "  " }
            return n % 7 == 0 ? line(n) + "\r" : line(n)
        }.joined(separator: "\n")
    }

    func load(_ text: String) throws -> FileStore {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("impress-loader-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try FileStore(path: url.path)
    }

    @Test func everyLineOfAFileOfManyBlocksIsLoaded() throws {
        let text = file()
        #expect(text.utf8.count > 8 << 20)
        let store = try load(text)
        #expect(store.eventCount == Self.lineCount - Self.lineCount / 1_000)
        var timestamps: [Int64] = []
        let everything = ReadRequest(
            selection: .window, scope: .allOrganizations, window: TimeWindow(from: .min, to: .max), maxEvents: .max)
        _ = try store.read(everything) { page in timestamps += page.map(\.timestamp) }
        let expected = (1...Self.lineCount).filter { $0 % 1_000 != 0 }.map(Int64.init)
        #expect(timestamps.sorted() == expected)
    }

    @Test(arguments: [1, 33_333, 69_999])
    func aMalformedLineIsNamedWhereverTheBlocksAreCut(bad: Int) {
        #expect {
            try load(file(badLine: bad))
        } throws: { error in
            "\(error)" == "line \(bad): attribute organizationId: missing or not a string"
        }
    }
}
