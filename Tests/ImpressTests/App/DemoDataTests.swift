import Testing
import ImpressJSON
import ImpressModel
@testable import ImpressApp

@Suite struct DemoDataTests {
    let demo = DemoData(organizations: ["org_a", "org_b"], eventsPerOrganization: 200, seed: 7, now: 1_764_806_400_000)

    @Test func deterministicForASeed() {
        #expect(DemoData.jsonLines(demo.items()) == DemoData.jsonLines(demo.items()))
    }

    @Test func everyItemIsAValidEventWithUniqueKeys() throws {
        let items = demo.items()
        var keys = Set<String>()
        for item in items {
            let e = try Event(item: item)
            #expect(e.timestamp <= demo.now && e.timestamp > demo.now - 15 * 86_400_000)
            let key = (item["PK"]?.stringValue ?? "") + "|" + (item["SK"]?.stringValue ?? "")
            #expect(keys.insert(key).inserted)
        }
        #expect(Set(try items.map { try Event(item: $0).organizationId }) == ["org_a", "org_b"])
    }

    @Test func linesRoundTripThroughTheWireForm() throws {
        let lines = DemoData.jsonLines(demo.items()).split(separator: "\n")
        for line in lines.prefix(50) {
            let item = try Item(wire: JSONParser.parse(String(line)))
            #expect(JSONWriter.string(item.wire) == String(line))
        }
    }

    @Test func containsTheScenariosTheRoutesShow() throws {
        let events = try demo.items().map(Event.init(item:)).filter { $0.organizationId == "org_a" }
        let kioskUsers = Set(events.filter { $0.fingerprint == "fp_a_kiosk" }.compactMap(\.userId))
        #expect(kioskUsers.count == 12)
        #expect(events.contains { $0.revenueText != nil && $0.utmSource == nil })
        #expect(events.contains { $0.utmSource != nil })
        let sharer = events.filter { $0.fingerprint.hasPrefix("fp_a_shared_") }
        #expect(Set(sharer.map(\.fingerprint)).count == 4)
    }
}
