import ImpressJSON
import Testing

@Suite struct RouteWindowTests {
    let api: RouteTestAPI
    init() throws { api = try RouteTestAPI(SampleData.items) }

    /// `window` echoed by /users for a query, or the error code.
    func window(_ query: String) throws -> String {
        let r = try api.get("/users", query)
        guard r.status == 200 else { return "\(r.status) \(r.errorCode ?? "") \(r.json["error"]?["message"]?.stringValue ?? "")" }
        return "\(r.json["window"]?["from"]?.numberText ?? "?")..\(r.json["window"]?["to"]?.numberText ?? "?")"
    }

    @Test(arguments: [
        // epoch milliseconds
        ("from=1&to=2", "1..2"),
        ("from=1764547200000&to=1764547200000", "1764547200000..1764547200000"),
        // ISO 8601 with Z, fractional seconds (beyond ms truncated), offsets, no seconds
        ("from=2025-12-01T00:00:00Z&to=2025-12-01T00:00:01.5Z", "1764547200000..1764547201500"),
        ("from=2025-12-01T00:00:00.123456789Z&to=2025-12-01T00:00:00.9999z", "1764547200123..1764547200999"),
        ("from=2024-02-29T12:30:15.123%2B05:30&to=2024-03-01T00:00:00Z", "1709190015123..1709251200000"),
        ("from=1999-12-31T23:59:59.999-03:00&to=2000-01-01T02:59:59.999Z", "946695599999..946695599999"),
        ("from=2025-12-01T00:00Z&to=2025-12-01t00:01z", "1764547200000..1764547260000"),
        ("from=1970-01-01T00:00:00Z&to=2000-03-01T00:00:00Z", "0..951868800000"),
        // defaults: to = now, from = to − 30 days
        ("", "\(apiNow - 2_592_000_000)..\(apiNow)"),
        ("to=2592000000", "0..2592000000"),
        ("from=5", "5..\(apiNow)"),
    ])
    func accepted(query: String, expected: String) throws {
        #expect(try window(query) == expected)
    }

    @Test(arguments: [
        ("from", "2025-02-29T00:00:00Z"),  // not a leap year
        ("from", "2024-02-30T00:00:00Z"),
        ("from", "2025-04-31T00:00:00Z"),
        ("from", "2025-13-01T00:00:00Z"),
        ("from", "2025-12-01T24:00:00Z"),
        ("from", "2025-12-01T23:60:00Z"),
        ("from", "2025-12-01T23:59:60Z"),
        ("to", "2025-12-01T00:00:00"),  // no zone
        ("to", "2025-12-01"),
        ("to", "2025-12-01T00:00:00+0100"),
        ("to", "2025-12-01T00:00:00+24:00"),
        ("to", "2025-12-01T00:00:00.Z"),
        ("to", "2025-12-01 00:00:00Z"),
        ("to", "-5"),
        ("to", "1e3"),
        ("to", ""),
        ("to", "99999999999999999"),
        ("to", "12345678901234567890"),
    ])
    func refused(name: String, value: String) throws {
        let result = try window("\(name)=\(value)")
        #expect(result.hasPrefix("400 invalid_parameter Invalid parameter '\(name)'"))
    }

    @Test func fromAfterToIs400() throws {
        #expect(try window("from=3&to=2").hasPrefix("400 invalid_parameter Invalid parameter 'from'"))
    }

    @Test func bothEndsAreInclusive() throws {
        // Events at apiBase+2000 (u1, u3) and apiBase+1500 (u2) only.
        let r = try api.get("/users", "from=\(apiBase + 1500)&to=\(apiBase + 2000)")
        #expect(r.ids("user_id") == ["u1", "u3", "u2"])
        #expect(r.json["events_scanned"] == apiNum(3))
        let iso = try api.get("/users", "from=2025-12-01T00:00:01.500Z&to=2025-12-01T01:00:02%2B01:00")
        #expect(iso.ids("user_id") == ["u1", "u3", "u2"])
        let empty = try api.get("/users", "from=\(apiBase + 2001)&to=\(apiBase + 2499)")
        #expect(empty.items.isEmpty)
        #expect(empty.json["total"] == apiNum(0))
        #expect(empty.json["next_cursor"] == .null)
    }

    @Test func detailsUseTheWindow() throws {
        #expect(try api.get("/users/u2", "to=\(apiBase + 1499)").status == 404)
        let r = try api.get("/fingerprints/fp1", "from=\(apiBase + 1500)")
        #expect(r.json["stats"]?["event_count"] == apiNum(2))
        #expect(r.json["events_scanned"] == apiNum(3))  // org_b's event at apiBase+2500 is in the window too
    }
}
