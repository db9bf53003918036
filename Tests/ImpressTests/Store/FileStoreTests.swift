import Foundation
import ImpressModel
import ImpressStore
import Testing

@Suite struct FileStoreTests {
    /// Loads `text` through a temporary file, removed afterwards.
    func load(_ text: String) throws -> FileStore {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("impress-filestore-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try FileStore(path: url.path)
    }

    func line(fp: String, org: String, ts: Int64, user: String? = nil, dp: String? = nil) -> String {
        var attributes = [
            #""PK":{"S":"FP#\#(fp)"}"#, #""SK":{"S":"EVENT#\#(ts)"}"#, #""fingerprint":{"S":"\#(fp)"}"#,
            #""organizationId":{"S":"\#(org)"}"#, #""timestamp":{"N":"\#(ts)"}"#,
        ]
        if let user { attributes.append(#""user_id":{"S":"\#(user)"}"#) }
        if let dp { attributes.append(#""domainprint":{"S":"\#(dp)"}"#) }
        return "{" + attributes.joined(separator: ",") + "}"
    }

    /// Every event `read` delivers, with the summary and the page sizes.
    func read(
        _ store: FileStore, _ selection: EventSelection, _ scope: TenantScope = .organization("a"),
        from: Int64 = 0, to: Int64 = 1_000_000, max: Int = 1_000_000
    ) throws -> (timestamps: [Int64], summary: ReadSummary, pages: [Int]) {
        var timestamps: [Int64] = []
        var pages: [Int] = []
        let summary = try store.read(
            ReadRequest(selection: selection, scope: scope, window: TimeWindow(from: from, to: to), maxEvents: max)
        ) { page in
            pages.append(page.count)
            timestamps += page.map(\.timestamp)
        }
        return (timestamps, summary, pages)
    }

    @Test func loadsLinesSkippingBlankOnes() throws {
        let text = [
            line(fp: "f1", org: "a", ts: 30, user: "u1"), "", "   ", line(fp: "f2", org: "b", ts: 10, user: "u1"),
            line(fp: "f1", org: "a", ts: 20, dp: "d"),
        ].joined(separator: "\n") + "\n"
        let store = try load(text)
        #expect(store.eventCount == 3)
        #expect(try store.health() == .file(events: 3))
        // Pages come in no promised order across organizations.
        #expect(try read(store, .window, .allOrganizations).timestamps.sorted() == [10, 20, 30])
    }

    @Test(arguments: [
        ("{\"fingerprint\":", "invalid JSON"),
        ("{\"fingerprint\":{\"S\":\"f\"},\"fingerprint\":{\"S\":\"g\"}}", "duplicate"),
        ("{\"fingerprint\":{\"S\":\"f\"},\"organizationId\":{\"S\":\"a\"},\"timestamp\":{\"N\":\"abc\"}}", "timestamp"),
        ("{\"fingerprint\":{\"S\":\"f\"},\"organizationId\":{\"S\":\"a\"}}", "timestamp"),
        ("{\"fingerprint\":{\"S\":\"f\"},\"timestamp\":{\"N\":\"1\"}}", "organizationId"),
        ("{\"organizationId\":{\"S\":\"a\"},\"timestamp\":{\"N\":\"1\"}}", "fingerprint"),
        ("{\"fingerprint\":{\"S\":\"f\"},\"organizationId\":{\"S\":\"a\"},\"timestamp\":{\"N\":\"1\"},\"x\":{\"Q\":1}}", "x"),
        ("[1]", "expected an object"),
    ])
    func aMalformedLineIsNamed(bad: String, reason: String) throws {
        let text = line(fp: "f", org: "a", ts: 1) + "\n\n" + bad + "\n" + line(fp: "f", org: "a", ts: 2)
        #expect {
            try load(text)
        } throws: { error in
            guard case .malformedItem(let number, let why)? = error as? FileStoreError else { return false }
            return number == 3 && why.contains(reason) && "\(error)".hasPrefix("line 3: ")
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect {
            try FileStore(path: "/nonexistent/events.jsonl")
        } throws: { error in
            "\(error)".contains("/nonexistent/events.jsonl")
        }
    }

    @Test func readsCountWhatDynamoDBWouldScan() throws {
        let store = try FileStore(items: [
            apiItem(fp: "f1", org: "a", at: 10, user: "u", dp: "d"),
            apiItem(fp: "f1", org: "b", at: 20, user: "u", dp: "d"),
            apiItem(fp: "f2", org: "a", at: 30, user: "u"),
            apiItem(fp: "f1", org: "a", at: 40, user: "v", dp: "d"),
            apiItem(fp: "f3", org: "a", at: 50),
        ])
        // GSI_ORG: the org's events in the window.
        let window = try read(store, .window, from: 20, to: 50)
        #expect(window.timestamps == [30, 40, 50])
        #expect(window.summary == ReadSummary(eventsScanned: 3, truncated: false))
        // GSI_USER: the user's events in the window of every org, before the tenant filter.
        let user = try read(store, .user("u"))
        #expect(user.timestamps == [10, 30])
        #expect(user.summary.eventsScanned == 3)
        // Table key: the fingerprint's events in the window, before the tenant filter.
        let fingerprint = try read(store, .fingerprint("f1"), from: 10, to: 39)
        #expect(fingerprint.timestamps == [10])
        #expect(fingerprint.summary.eventsScanned == 2)
        // No index on domainprint: the org's window, filtered.
        let domainprint = try read(store, .domainprint("d"))
        #expect(domainprint.timestamps == [10, 40])
        #expect(domainprint.summary.eventsScanned == 4)
        // All organizations.
        #expect(try read(store, .user("u"), .allOrganizations).timestamps.sorted() == [10, 20, 30])
        #expect(try read(store, .window, .allOrganizations, from: 20, to: 20).timestamps == [20])
        // Nothing known.
        #expect(try read(store, .user("nobody")).summary == ReadSummary(eventsScanned: 0, truncated: false))
        #expect(try read(store, .window, .organization("zzz")).timestamps.isEmpty)
    }

    @Test func truncatesAtTheCeilingInTimeOrder() throws {
        let store = try FileStore(items: (0..<10).map { apiItem(fp: "f", org: "a", at: Int64(100 - $0), user: "u") })
        let r = try read(store, .window, max: 4)
        #expect(r.timestamps == [91, 92, 93, 94])
        #expect(r.summary == ReadSummary(eventsScanned: 4, truncated: true))
        #expect(try read(store, .user("u"), max: 10).summary.truncated == false)
        #expect(try read(store, .fingerprint("f"), max: 0).summary == ReadSummary(eventsScanned: 0, truncated: true))
    }

    @Test func allOrganizationsAreCutInTimeOrderAcrossThem() throws {
        let store = try FileStore(items: [
            apiItem(fp: "f", org: "a", at: 1, dp: "d"), apiItem(fp: "f", org: "b", at: 2, dp: "d"),
            apiItem(fp: "f", org: "a", at: 3), apiItem(fp: "f", org: "b", at: 4, dp: "d"), apiItem(fp: "f", org: "c", at: 5, dp: "d"),
        ])
        let window = try read(store, .window, .allOrganizations, from: 2, max: 3)
        #expect(window.timestamps.sorted() == [2, 3, 4])
        #expect(window.summary == ReadSummary(eventsScanned: 3, truncated: true))
        let domainprint = try read(store, .domainprint("d"), .allOrganizations, max: 3)
        #expect(domainprint.timestamps.sorted() == [1, 2])
        #expect(domainprint.summary == ReadSummary(eventsScanned: 3, truncated: true))
        let whole = try read(store, .domainprint("d"), .allOrganizations, from: 2, to: 4)
        #expect(whole.timestamps.sorted() == [2, 4])
        #expect(whole.summary == ReadSummary(eventsScanned: 5, truncated: false))
        let org = try read(store, .domainprint("d"), .organization("b"), max: 1)
        #expect(org.timestamps == [2])
        #expect(org.summary == ReadSummary(eventsScanned: 1, truncated: true))
    }

    @Test func deliversPagesOfAThousand() throws {
        let store = FileStore(events: try (0..<2500).map { try Event(item: apiItem(fp: "f\($0 % 7)", org: "a", at: Int64($0))) })
        let r = try read(store, .window, from: 0, to: 10_000)
        #expect(r.pages == [1000, 1000, 500])
        #expect(r.timestamps == (0..<2500).map(Int64.init))
    }

    @Test func itemsThatAreNotEventsAreNamedByPosition() {
        #expect(throws: FileStoreError.self) {
            try FileStore(items: [apiItem(fp: "f", org: "a", at: 1), ["fingerprint": .s("f")]])
        }
    }
}
