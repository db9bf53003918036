import ImpressApp
import ImpressModel

/// The one small dataset (≤ 300 items: moto is slow) the parity suite loads into both
/// stores. `DemoData` gives realistic traffic for two organizations (collisions, a 12-user
/// kiosk, impossible travel, a shared account, campaigns); the hand-written items add the
/// edge cases each store could get wrong on its own.
enum ParityDataset {
    static let day: Int64 = 86_400_000
    /// 2025-12-11T00:00:00Z: the fixed "now" of both responders.
    static let now: Int64 = 1_765_411_200_000
    /// The default window's lower end: now − 30 days.
    static let defaultFrom = now - 30 * day
    /// A narrow window with events exactly on both ends and one millisecond outside them:
    /// 2025-12-06T00:00:00Z to 2025-12-09T00:00:00Z.
    static let edgeFrom = now - 5 * day
    static let edgeTo = now - 2 * day

    static let organizations = ["org_a", "org_b"]

    /// Ids with `/`, `#` and non-ASCII text: they travel percent-encoded in paths and inside `PK`.
    static let oddUser = "tráv/eller#1"
    static let oddFingerprint = "fp/é#x"
    static let oddDomainprint = "dp#ñ/1"
    static let bigNumber = "12345678901234567890123456789012345678"

    static let items: [Item] = demo + handWritten

    static let demo = DemoData(organizations: organizations, eventsPerOrganization: 80, seed: 11, now: now - 3_600_000).items()

    static var handWritten: [Item] {
        sameUserInBothOrganizations + collision + hubs + travel + campaigns + signalForms + sparseAndUnknown + edges
    }

    /// User `1001` exists in both organizations (one row per organization, one row for a superadmin).
    static let sameUserInBothOrganizations: [Item] = [
        apiItem(fp: "fp_1001", org: "org_a", at: now - 3 * day, user: "1001", dp: "dp_1001", domain: "shop.example.com", country: "ES", risk: "35"),
        apiItem(fp: "fp_1001", org: "org_a", at: now - 3 * day + 60_000, user: "1001", dp: "dp_1001", domain: "app.example.com", country: "ES", risk: "70"),
        apiItem(fp: "fp_b_1001", org: "org_b", at: now - 3 * day + 5_000, user: "1001", dp: "dp_1001", domain: "blog.example.com", country: "FR", risk: "75.5"),
    ]

    /// Two accounts on one device.
    static let collision: [Item] = [
        apiItem(fp: "fp_collide", org: "org_a", at: now - 4 * day, user: "1001", dp: "dp_1001", domain: "shop.example.com", risk: "40"),
        apiItem(fp: "fp_collide", org: "org_a", at: now - 4 * day + 1, user: "col_2", dp: "dp_col_2", domain: "shop.example.com", risk: "39.99"),
    ]

    /// A fingerprint seen with exactly 11 users and a domainprint with exactly 11 fingerprints:
    /// the smallest hubs (API.md §4 /identity-graph: "more than 10").
    static var hubs: [Item] {
        (1...11).map { k in
            apiItem(fp: "fp_hub11", org: "org_b", at: now - day + Int64(k) * 60_000, user: "hub_\(k)", dp: "dp_hub_\(k)", domain: "kiosk.example.com", risk: "20")
        } + (1...11).map { k in
            apiItem(fp: "fp_office_\(k)", org: "org_a", at: now - 6 * day + Int64(k) * 1_000, dp: "dp_office", domain: k % 2 == 0 ? "a.example.com" : "b.example.com")
        }
    }

    /// Madrid, then Sydney 30 minutes later (impossible), with a proxied Tokyo event between
    /// them that impossible travel must skip; ids with `/`, `#` and non-ASCII.
    static let travel: [Item] = [
        apiItem(fp: oddFingerprint, org: "org_a", at: now - 2 * day - 3_600_000, user: oddUser, dp: oddDomainprint, domain: "shop.example.com", country: "ES", risk: "10", lat: "40.4168", lon: "-3.7038", extra: ["ip": .s("198.51.100.1"), "city": .s("Madrid")]),
        apiItem(fp: oddFingerprint, org: "org_a", at: now - 2 * day - 2_700_000, user: oddUser, dp: oddDomainprint, domain: "shop.example.com", country: "JP", risk: "65", signals: .ss(["vpn"]), lat: "35.6762", lon: "139.6503"),
        apiItem(fp: oddFingerprint, org: "org_a", at: now - 2 * day - 1_800_000, user: oddUser, dp: oddDomainprint, domain: "app.example.com", country: "AU", risk: "90", lat: "-33.8688", lon: "151.2093", extra: ["ip": .s("2001:db8::1")]),
    ]

    /// Touches and conversions: integral and fractional revenue, a 38-digit `N`, a touch
    /// without medium or campaign, a direct conversion, an anonymous journey by domainprint.
    static let campaigns: [Item] = [
        apiItem(fp: "fp_1001", org: "org_a", at: now - 7 * day, user: "1001", dp: "dp_1001", domain: "shop.example.com", extra: utm("google", "cpc", "spring", ["event_type": .s("pageview")])),
        apiItem(fp: "fp_1001", org: "org_a", at: now - 7 * day + 600_000, user: "1001", dp: "dp_1001", domain: "shop.example.com", extra: ["event_type": .s("purchase"), "revenue": .n("19.99")]),
        apiItem(fp: "fp_1001", org: "org_a", at: now - 6 * day, user: "1001", dp: "dp_1001", domain: "shop.example.com", extra: utm("newsletter", nil, nil, ["event_type": .s("pageview")])),
        apiItem(fp: "fp_1001", org: "org_a", at: now - 6 * day + 1, user: "1001", dp: "dp_1001", domain: "shop.example.com", extra: ["event_type": .s("signup"), "revenue": .n("100.0")]),
        apiItem(fp: "fp_anon", org: "org_a", at: now - 8 * day, dp: "dp_anon", domain: "blog.example.com", extra: utm("google", "cpc", "spring", ["event_type": .s("pageview")])),
        apiItem(fp: "fp_anon", org: "org_a", at: now - 8 * day + 1, dp: "dp_anon", domain: "shop.example.com", extra: ["event_type": .s("conversion"), "revenue": .n(bigNumber)]),
        apiItem(fp: "fp_direct", org: "org_b", at: now - 9 * day, user: "direct_1", extra: ["event_type": .s("purchase"), "revenue": .n("5")]),
        apiItem(fp: "fp_direct", org: "org_b", at: now - 9 * day + 1, user: "direct_1", extra: ["event_type": .s("purchase"), "revenue": .n("0.10")]),
    ]

    /// `signals` as SS, as L, and as an L holding a non-string.
    static let signalForms: [Item] = [
        apiItem(fp: "fp_sig", org: "org_b", at: now - 10 * day, user: "sig_user", country: "DE", risk: "95", signals: .ss(["tor", "bot"])),
        apiItem(fp: "fp_sig", org: "org_b", at: now - 10 * day + 1, user: "sig_user", country: "NL", risk: "50", signals: .l([.s("proxy"), .s("incognito")])),
        apiItem(fp: "fp_sig", org: "org_b", at: now - 10 * day + 2, user: "sig_user", signals: .l([.s("headless"), .n("3")])),
    ]

    /// Only the three required attributes; every other attribute type, unknown to the model.
    static let sparseAndUnknown: [Item] = [
        apiItem(fp: "fp_bare", org: "org_a", at: now - 11 * day),
        apiItem(fp: "fp_bare", org: "org_a", at: now - 11 * day + 1, user: "bare_user", extra: [
            "meta": .m(["k": .s("v"), "n": .n("1.50"), "deep": .m(["z": .bool(true)])]),
            "tags": .l([.s("x"), .bool(true), .null, .n("2")]),
            "flag": .bool(false), "nothing": .null, "blob": .b("AAEC/w=="),
            "scores": .ns(["300"]), "labels": .ss(["only"]), "blobs": .bs(["AQ=="]),
        ]),
    ]

    /// Events exactly on the window ends, one millisecond outside, a `#2` twin on an end, and
    /// events outside the default 30 days (which an all-organizations Scan still reads).
    static let edges: [Item] = [
        apiItem(fp: "fp_edge", org: "org_a", at: edgeFrom - 1, user: "edge_user", dp: "dp_edge", domain: "a.example.com", risk: "1"),
        apiItem(fp: "fp_edge", org: "org_a", at: edgeFrom, user: "edge_user", dp: "dp_edge", domain: "a.example.com", risk: "2"),
        apiItem(fp: "fp_edge", org: "org_a", at: edgeTo, user: "edge_user", dp: "dp_edge", domain: "b.example.com", risk: "3"),
        apiItem(fp: "fp_edge", org: "org_a", at: edgeTo, user: "edge_user", dp: "dp_edge", domain: "c.example.com", risk: "4", sk: "EVENT#\(edgeTo)#2"),
        apiItem(fp: "fp_edge", org: "org_a", at: edgeTo + 1, user: "edge_user", dp: "dp_edge", domain: "a.example.com", risk: "5"),
        apiItem(fp: "fp_edge", org: "org_b", at: edgeFrom, user: "edge_user", dp: "dp_edge", domain: "d.example.com", risk: "6", sk: "EVENT#\(edgeFrom)#b"),
        apiItem(fp: "fp_edge", org: "org_a", at: defaultFrom - 1, user: "edge_user", dp: "dp_edge", risk: "7"),
        apiItem(fp: "fp_edge", org: "org_a", at: defaultFrom, user: "edge_user", dp: "dp_edge", risk: "8"),
        apiItem(fp: "fp_edge", org: "org_a", at: now, user: "edge_user", dp: "dp_edge", risk: "9"),
        apiItem(fp: "fp_edge", org: "org_a", at: now + 1, user: "edge_user", dp: "dp_edge", risk: "10"),
        apiItem(fp: "fp_old", org: "org_b", at: now - 40 * day, user: "1001", dp: "dp_1001", risk: "99"),
        apiItem(fp: "fp_old", org: "org_a", at: now - 60 * day, user: "old_user", risk: "98"),
    ]

    /// A touch's attributes on top of `rest`.
    private static func utm(_ source: String, _ medium: String?, _ campaign: String?, _ rest: Item) -> Item {
        var item = rest
        item["utm_source"] = .s(source)
        if let medium { item["utm_medium"] = .s(medium) }
        if let campaign { item["utm_campaign"] = .s(campaign) }
        return item
    }
}
