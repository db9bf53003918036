import FuzzSupport
import ImpressModel
import ImpressStore

/// The request line of a client: the input's first line is the `REQUEST_URI` (path, `?`,
/// query), an optional second line the `x-organization-id`. It goes through `RequestPath`,
/// the router, `QueryParameters` (`from`/`to` by `TimestampParser`, `limit`, `sort`,
/// `cursor` by `PageCursor`, filters) and the routes, over a small store whose events sit at
/// the edges (extreme timestamps and coordinates, odd signals), so that windows and cursors
/// the fuzzer forges meet data that stresses the arithmetic behind them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAPIQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    api.get(String(lines.first ?? ""), organization: lines.count > 1 ? String(lines[1]) : nil)
    return 0
}

private let api: FuzzAPI = {
    guard let store = try? FileStore(items: items) else { preconditionFailure("the fixed items are not events") }
    return FuzzAPI(store: store)
}()

/// 2025-12-01T00:00:00Z.
private let base: Int64 = 1_764_547_200_000

private func item(
    _ fp: String, _ org: String, _ timestamp: String, user: String? = nil, dp: String? = nil, lat: String? = nil,
    lon: String? = nil, risk: String? = nil, signals: [String]? = nil
) -> Item {
    var item: Item = [
        "PK": .s("FP#\(fp)"), "SK": .s("EVENT#\(timestamp)"), "fingerprint": .s(fp), "organizationId": .s(org),
        "timestamp": .n(timestamp), "domain": .s("shop.example"), "country": .s("DE"), "ip": .s("192.0.2.1"),
    ]
    if let user { item["user_id"] = .s(user) }
    if let dp { item["domainprint"] = .s(dp) }
    if let lat { item["latitude"] = .n(lat) }
    if let lon { item["longitude"] = .n(lon) }
    if let risk { item["risk_score"] = .n(risk) }
    if let signals { item["signals"] = .ss(signals) }
    return item
}

private let items: [Item] = [
    item("fp_a", "org_1", String(base), user: "user_1", dp: "dp_1", lat: "52.52", lon: "13.40", risk: "12.5"),
    item("fp_a", "org_1", String(base + 60_000), user: "user_1", dp: "dp_1", lat: "40.71", lon: "-74.0", risk: "95"),
    item("fp_b", "org_1", String(base + 3_600_000), user: "user_2", dp: "dp_2", risk: "55", signals: ["vpn", "bot"]),
    item("fp_c", "org_2", String(base + 86_400_000), user: "user_1", dp: "dp_1", lat: "-33.86", lon: "151.2", risk: "70"),
    item("fp_d", "org_2", String(base - 86_400_000), dp: "dp_3", risk: "1e2"),
    item("fp_e", "org_2", String(base + 1), user: "user 3/é", risk: "-5"),
    // The edges of Int64: reachable only through a forged cursor window.
    item("fp_a", "org_1", String(Int64.min), user: "user_1", dp: "dp_1", lat: "-90", lon: "-180", risk: "100"),
    item("fp_a", "org_1", String(Int64.max), user: "user_1", dp: "dp_1", lat: "90", lon: "180", risk: "0"),
    item("fp_f", "org_1", "0", user: "user_1", lat: "0", lon: "0"),
]
