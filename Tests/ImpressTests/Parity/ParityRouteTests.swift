import ImpressJSON
import Testing

/// Every route of API.md §4 answers the same bytes from the file store and from DynamoDB
/// (moto) for the same data: lists with their sorts, filters and page walks, details with
/// their event pages and 404s, the analytics routes, errors; for a member of each
/// organization, a superadmin reading all organizations, and a superadmin selecting one.
@Suite struct ParityRouteTests {
    static let callers: [RouteTestCaller] = [
        .member("org_a"), .member("org_b"), .superadmin(selecting: nil), .superadmin(selecting: "org_b"),
    ]

    /// Windows: the default 30 days (events exactly on `now − 30 d` and `now`, one ms
    /// outside each), the edge window in milliseconds and as ISO 8601 with an offset.
    static let windows = [
        "",
        "from=\(ParityDataset.edgeFrom)&to=\(ParityDataset.edgeTo)",
        "from=2025-12-06T01:00:00%2B01:00&to=2025-12-09T00:00:00.000Z",
    ]

    static let listVariations: [(path: String, variations: [String])] = [
        ("/users", ["", "sort=event_count", "sort=risk", "risk_level=high", "risk_level=critical&sort=risk", "q=1", "q=tr%C3%A1v", "limit=7", "sort=risk&limit=4"]),
        ("/fingerprints", ["", "sort=event_count", "sort=user_count", "collisions=true", "limit=6", "collisions=true&limit=1"]),
        ("/domainprints", ["", "sort=event_count", "sort=domain_count", "cross_domain=true", "limit=6"]),
    ]

    static let detailIds: [(path: String, ids: [String])] = [
        ("/users", ["1001", ParityDataset.oddUser, "hub_3", "edge_user", "sig_user", "bare_user", "user_a_1002", "kiosk_b_4", "old_user", "direct_1", "nobody"]),
        ("/fingerprints", ["fp_1001", ParityDataset.oddFingerprint, "fp_hub11", "fp_edge", "fp_collide", "fp_sig", "fp_bare", "fp_a_kiosk", "fp_old", "fp_direct", "fp_none"]),
        ("/domainprints", ["dp_1001", ParityDataset.oddDomainprint, "dp_office", "dp_edge", "dp_anon", "dp_a_crossdomain", "dp_hub_1", "dp_none"]),
    ]

    static let analyticsVariations: [(path: String, variations: [String])] = [
        ("/fraud/stats", [""]),
        ("/identity-graph", ["", "min_size=1&limit=3"]),
        ("/attribution", ["", "model=first_touch", "limit=2"]),
        ("/attribution-stats", [""]),
        ("/account-sharing", ["", "all=true&limit=3"]),
    ]

    /// `query` in each window (the window's parameters first).
    static func inWindows(_ query: String, _ windows: [String] = windows) -> [String] {
        windows.map { [$0, query].filter { !$0.isEmpty }.joined(separator: "&") }
    }

    /// The path segment as a client sends it: `/`, `#` and non-ASCII percent-encoded.
    static func encoded(_ id: String) -> String {
        var out = ""
        for byte in id.utf8 {
            let unreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x7E
            out += unreserved ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded
        }
        return out
    }

    @Test(arguments: listVariations.map(\.path))
    func lists(path: String) throws {
        let harness = try ParityHarness.instance()
        let variations = Self.listVariations.first { $0.path == path }?.variations ?? []
        let requests = Self.callers.flatMap { caller in
            variations.flatMap { Self.inWindows($0) }.map { ParityRequest(path: path, query: $0, caller: caller) }
        }
        let answers = harness.ask(requests)
        expectParity(answers)
        #expect(answers.filter { $0.file.status == 200 }.count == answers.count)
    }

    @Test(arguments: detailIds.map(\.path))
    func details(path: String) throws {
        let harness = try ParityHarness.instance()
        let ids = Self.detailIds.first { $0.path == path }?.ids ?? []
        // Every id in each window, and its events walked three at a time in the default window.
        let queries = Self.windows + ["limit=3"]
        let requests = Self.callers.flatMap { caller in
            ids.flatMap { id in queries.map { ParityRequest(path: path + "/" + Self.encoded(id), query: $0, caller: caller) } }
        }
        let answers = harness.ask(requests)
        expectParity(answers)
        let statuses = Set(answers.map(\.file.status))
        #expect(statuses == [200, 404])
    }

    @Test func analyticsRoutes() throws {
        let harness = try ParityHarness.instance()
        let requests = Self.callers.flatMap { caller in
            Self.analyticsVariations.flatMap { route in
                route.variations.flatMap { Self.inWindows($0, Array(Self.windows.prefix(2))) }
                    .map { ParityRequest(path: route.path, query: $0, caller: caller) }
            }
        }
        expectParity(harness.ask(requests))
    }

    /// A window whose ends have different numbers of digits (here `from=999`: before
    /// 2001-09-09) cannot be one `SK` string range, so `DynamoDBStore` reads the whole
    /// partition and DynamoDB counts every item of it as scanned, later ones too; no key
    /// condition can be exact there (a string range of shorter numbers takes in every longer
    /// one that shares its prefix). The file store counts only the window's events. Both
    /// answers are within API.md §3 ("at least those that matched"): everything but
    /// `events_scanned` must agree, and DynamoDB's count is the partition's.
    @Test func fingerprintWindowAcrossDigitCounts() throws {
        let harness = try ParityHarness.instance()
        let requests = Self.callers.flatMap { caller in
            ["fp_edge", "fp_1001", "fp_old"].map {
                ParityRequest(path: "/fingerprints/\($0)", query: "from=999&to=\(ParityDataset.edgeTo)", caller: caller)
            }
        }
        let answers = harness.ask(requests)
        for answer in answers where !answer.agrees(ignoring: ["events_scanned"]) {
            Issue.record(Comment(rawValue: answer.difference))
        }
        let fpEdge = answers.filter { $0.request.path == "/fingerprints/fp_edge" }.map { $0.integers("events_scanned") }
        // fp_edge: 10 items in the partition, 7 of them up to edgeTo (count them in `ParityDataset.edges`).
        #expect(fpEdge.map(\.file) == [7, 7, 7, 7])
        #expect(fpEdge.map(\.dynamo) == [10, 10, 10, 10])
    }

    @Test func errorsAnswerAlike() throws {
        let harness = try ParityHarness.instance()
        let requests = [
            ("/users", "sort=bogus"), ("/users", "from=10&to=5"), ("/fingerprints", "limit=0"),
            ("/domainprints", "cross_domain=yes"), ("/users/1001", "cursor=bm90LWEtY3Vyc29y"), ("/users/1001", "from=2025-02-30T00:00:00Z"),
            ("/nowhere", ""), ("/users/a%ZZ", ""),
        ].map { ParityRequest(path: $0.0, query: $0.1, caller: .member("org_a")) }
            + [ParityRequest(path: "/users", query: "", caller: .anonymous)]
        let answers = harness.ask(requests)
        expectParity(answers)
        #expect(answers.map(\.file.status) == [400, 400, 400, 400, 400, 400, 404, 400, 401])
    }

    /// The comparisons above mean something only if the data exercises what it claims to:
    /// a few answers checked against values counted by hand from `ParityDataset`.
    @Test func theDatasetExercisesTheEdgeCases() throws {
        let harness = try ParityHarness.instance()
        let (file, dynamo) = harness.responders()
        for responder in [file, dynamo] {
            func json(_ path: String, _ query: String = "", _ caller: RouteTestCaller = .member("org_a")) throws -> JSONValue {
                try JSONParser.parse(responder.respond(to: ParityRequest(path: path, query: query, caller: caller).httpRequest()).body)
            }
            let hub = try json("/fingerprints/fp_hub11", "", .member("org_b"))
            #expect(hub["stats"]?["user_count"] == .number("11"))
            // A superadmin's Scan reads the whole table, the items outside the window too.
            let all = try json("/users", "", .superadmin(selecting: nil))
            #expect(all["events_scanned"] == .number(String(ParityDataset.items.count)))
            let user = try json("/users/1001", "", .superadmin(selecting: nil))
            #expect(user["organizations"] == .strings(["org_a", "org_b"]))
            // Both ends of the edge window, the `#2` twin, not the events a millisecond outside.
            let edge = try json("/fingerprints/fp_edge", Self.windows[1])
            #expect(edge["stats"]?["event_count"] == .number("3"))
            let odd = try json("/users/" + Self.encoded(ParityDataset.oddUser))
            #expect(odd["stats"]?["event_count"] == .number("3"))
            let bare = try json("/users/bare_user")
            let event = bare["events"]?.arrayValue?.first
            #expect(event?["meta"]?["n"] == .number("1.5"))
            #expect(event?["blob"] == .string("AAEC/w=="))
        }
    }
}

extension String {
    /// Two hex digits.
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
