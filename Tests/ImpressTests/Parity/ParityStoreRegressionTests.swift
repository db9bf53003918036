import ImpressModel
import DynamoDB
import ImpressStore
import Testing

/// Store bugs the parity suite found, each pinned on the store alone with hand-counted values.
@Suite struct ParityStoreRegressionTests {
    func read(_ store: FileStore, _ selection: EventSelection, max: Int) throws -> (timestamps: [Int64], summary: ReadSummary) {
        var timestamps: [Int64] = []
        let summary = try store.read(
            ReadRequest(selection: selection, scope: .allOrganizations, window: TimeWindow(from: 25, to: 40), maxEvents: max)
        ) { timestamps += $0.map(\.timestamp) }
        return (timestamps.sorted(), summary)
    }

    /// Bug: the file store's all-organizations read counted only the window's events as
    /// scanned and truncated only on them, where DynamoDB's parallel Scan examines the
    /// whole table, counts every item in `ScannedCount` and stops at the ceiling however
    /// few items are in the window. A superadmin's `events_scanned` and `truncated` differed.
    @Test func allOrganizationsScanCountsTheWholeTable() throws {
        let store = try FileStore(items: [
            apiItem(fp: "f", org: "a", at: 10), apiItem(fp: "f", org: "b", at: 20),
            apiItem(fp: "g", org: "a", at: 30, dp: "d"), apiItem(fp: "g", org: "b", at: 40, dp: "d"),
            apiItem(fp: "h", org: "c", at: 50, dp: "d"),
        ])
        // Window 25…40: two events in it, five in the table.
        let window = try read(store, .window, max: 100)
        #expect(window.timestamps == [30, 40])
        #expect(window.summary == ReadSummary(eventsScanned: 5, truncated: false))
        let domainprint = try read(store, .domainprint("d"), max: 100)
        #expect(domainprint.timestamps == [30, 40])
        #expect(domainprint.summary == ReadSummary(eventsScanned: 5, truncated: false))
        // A ceiling below the table's size stops the Scan, though the window's two fit under it.
        let stopped = try read(store, .window, max: 3)
        #expect(stopped.timestamps == [30, 40])
        #expect(stopped.summary == ReadSummary(eventsScanned: 3, truncated: true))
        // Below the window's size too: the window's first events by time.
        let cut = try read(store, .domainprint("d"), max: 1)
        #expect(cut.timestamps == [30])
        #expect(cut.summary == ReadSummary(eventsScanned: 1, truncated: true))
    }
}

/// The DynamoDB side, against the parity table in moto.
@Suite struct ParityDynamoDBRegressionTests {
    /// Bug: a read whose ceiling equalled the events there were said `truncated: true`,
    /// because DynamoDB returns a `LastEvaluatedKey` whenever a page fills its `Limit`;
    /// the file store (rightly) said false. fp_edge holds 4 events in the edge window.
    @Test(arguments: [(3, ReadSummary(eventsScanned: 3, truncated: true)), (4, ReadSummary(eventsScanned: 4, truncated: false)),
                      (5, ReadSummary(eventsScanned: 4, truncated: false)), (0, ReadSummary(eventsScanned: 0, truncated: true))])
    func aCeilingMetExactlyIsNotTruncation(ceiling: Int, expected: ReadSummary) throws {
        let harness = try ParityHarness.instance()
        let store = DynamoDBStore(client: harness.client, tableName: ParityHarness.table, options: DynamoDBStore.Options(pageSize: 2))
        let request = ReadRequest(
            selection: .fingerprint("fp_edge"), scope: .organization("org_a"),
            window: TimeWindow(from: ParityDataset.edgeFrom, to: ParityDataset.edgeTo), maxEvents: ceiling)
        #expect(try store.read(request) { _ in } == expected)
        #expect(try harness.fileStore.read(request) { _ in } == expected)
    }
}
