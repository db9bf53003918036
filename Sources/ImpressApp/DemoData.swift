import ImpressJSON
import ImpressModel

/// Realistic demo events that light up every route: fingerprint collisions, a kiosk hub,
/// impossible travel, shared accounts, cross-domain people, campaigns with conversions and
/// revenue, risky signals. Deterministic for a seed and a clock, so tests can rely on it.
public struct DemoData {
    public var organizations: [String]
    public var eventsPerOrganization: Int
    public var seed: UInt64
    /// Epoch ms that the newest events approach; events spread over the 14 days before it.
    public var now: Int64

    public init(organizations: [String], eventsPerOrganization: Int, seed: UInt64, now: Int64) {
        self.organizations = organizations
        self.eventsPerOrganization = eventsPerOrganization
        self.seed = seed
        self.now = now
    }

    struct City {
        var name: String
        var country: String
        var latitude: String
        var longitude: String
    }

    static let cities = [
        City(name: "Madrid", country: "ES", latitude: "40.4168", longitude: "-3.7038"),
        City(name: "Barcelona", country: "ES", latitude: "41.3874", longitude: "2.1686"),
        City(name: "Lisbon", country: "PT", latitude: "38.7223", longitude: "-9.1393"),
        City(name: "Paris", country: "FR", latitude: "48.8566", longitude: "2.3522"),
        City(name: "Berlin", country: "DE", latitude: "52.52", longitude: "13.405"),
        City(name: "London", country: "GB", latitude: "51.5074", longitude: "-0.1278"),
        City(name: "New York", country: "US", latitude: "40.7128", longitude: "-74.006"),
        City(name: "São Paulo", country: "BR", latitude: "-23.5505", longitude: "-46.6333"),
        City(name: "Singapore", country: "SG", latitude: "1.3521", longitude: "103.8198"),
        City(name: "Lagos", country: "NG", latitude: "6.5244", longitude: "3.3792"),
    ]
    static let domains = ["shop.example.com", "blog.example.com", "app.example.com"]
    static let browsers = [("Chrome", "Windows", "desktop"), ("Safari", "iOS", "mobile"), ("Firefox", "Linux", "desktop"), ("Chrome", "Android", "mobile")]
    static let campaigns = [("google", "cpc", "winter_sale"), ("newsletter", "email", "december"), ("facebook", "social", "retargeting"), ("partner", nil, nil)]
    static let riskySignals = ["vpn", "proxy", "tor", "incognito", "bot", "tampering", "emulator", "headless"]

    /// SplitMix64: small, fast and good enough for demo data (and for tests that shuffle).
    public struct Random: RandomNumberGenerator {
        var state: UInt64
        public init(state: UInt64) { self.state = state }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
    }

    /// All items, one organization after another, as DynamoDB-typed items with `PK`/`SK`.
    public func items() -> [Item] {
        var out: [Item] = []
        for (index, org) in organizations.enumerated() {
            var random = Random(state: seed &+ UInt64(index) &* 7919)
            out += items(organization: org, random: &random)
        }
        return out
    }

    private func items(organization org: String, random: inout Random) -> [Item] {
        let tag = org.hasPrefix("org_") ? String(org.dropFirst(4)) : org
        let userCount = max(4, eventsPerOrganization / 25)
        let users = (0..<userCount).map { "user_\(tag)_\(1001 + $0)" }
        // Each person has one or two devices and a domainprint; a few share devices.
        let devices: [[String]] = users.indices.map { i in
            let base = "fp_\(tag)_\(String(i * 2654435761 % 1_000_000, radix: 16))"
            return random.chance(30) ? [base, base + "m"] : [base]
        }
        let span: Int64 = 14 * 24 * 3600 * 1000
        var out: [Item] = []
        var sequence = 0

        func event(
            user: String?, fingerprint: String, domainprint: String?, at t: Int64, city: City, type: String,
            signals: [String] = [], risk: Int? = nil, utm: (String, String?, String?)? = nil, revenue: String? = nil
        ) {
            sequence += 1
            let browser = random.pick(DemoData.browsers)
            var item: Item = [
                "PK": .s("FP#\(fingerprint)"), "SK": .s("EVENT#\(t)#\(sequence)"),
                "fingerprint": .s(fingerprint), "organizationId": .s(org), "timestamp": .n(String(t)),
                "domain": .s(random.pick(DemoData.domains)), "event_type": .s(type),
                "ip": .s("203.0.\(random.below(256)).\(random.below(256))"), "country": .s(city.country), "city": .s(city.name),
                "latitude": .n(city.latitude), "longitude": .n(city.longitude),
                "browser": .s(browser.0), "os": .s(browser.1), "device_type": .s(browser.2),
                "user_agent": .s("Mozilla/5.0 (\(browser.1)) \(browser.0)"),
                "session_id": .s("s_\(tag)_\(sequence / 6)"),
            ]
            if let u = user { item["user_id"] = .s(u) }
            if let d = domainprint { item["domainprint"] = .s(d) }
            if !signals.isEmpty { item["signals"] = random.chance(50) ? .ss(signals) : .l(signals.map(AttributeValue.s)) }
            if let r = risk { item["risk_score"] = .n(String(r)) }
            if let (source, medium, campaign) = utm {
                item["utm_source"] = .s(source)
                if let m = medium { item["utm_medium"] = .s(m) }
                if let c = campaign { item["utm_campaign"] = .s(c) }
            }
            if let r = revenue { item["revenue"] = .n(r) }
            out.append(item)
        }

        // Everyday traffic: people browsing from home, some converting after a campaign touch.
        let home = users.map { _ in random.pick(DemoData.cities) }
        for _ in 0..<max(0, eventsPerOrganization - 60) {
            let i = random.below(users.count)
            let anonymous = random.chance(10)
            let t = now - Int64(random.below(Int(span)))
            let touched = random.chance(25)
            let converts = random.chance(8)
            let signals = random.chance(12) ? [random.pick(DemoData.riskySignals)] : []
            let risk = random.chance(85) ? (signals.isEmpty ? random.below(45) : 50 + random.below(50)) : nil
            event(
                user: anonymous ? nil : users[i], fingerprint: random.pick(devices[i]), domainprint: "dp_\(tag)_\(i)",
                at: t, city: home[i], type: converts ? random.pick(["purchase", "signup", "conversion"]) : random.pick(["pageview", "pageview", "login"]),
                signals: signals, risk: risk, utm: touched ? random.pick(DemoData.campaigns) : nil,
                revenue: converts ? "\(10 + random.below(190)).\(random.below(100) < 50 ? "00" : "99")" : nil)
        }
        guard users.count >= 4 else { return out }

        // A fingerprint collision: two accounts on one device.
        let shared = devices[0][0]
        event(user: users[1], fingerprint: shared, domainprint: "dp_\(tag)_1", at: now - 3_600_000, city: home[0], type: "login", risk: 55)

        // A kiosk: one fingerprint seen with 12 people (a hub in the identity graph).
        for k in 0..<12 {
            event(user: "kiosk_\(tag)_\(k)", fingerprint: "fp_\(tag)_kiosk", domainprint: "dp_\(tag)_kiosk_\(k)",
                  at: now - Int64(k + 2) * 1_800_000, city: DemoData.cities[0], type: "pageview", risk: 20)
        }

        // Impossible travel: Madrid, then New York 40 minutes later.
        let traveller = users[2]
        event(user: traveller, fingerprint: devices[2][0], domainprint: "dp_\(tag)_2", at: now - 7_200_000, city: DemoData.cities[0], type: "login", risk: 30)
        event(user: traveller, fingerprint: devices[2][0], domainprint: "dp_\(tag)_2", at: now - 4_800_000, city: DemoData.cities[6], type: "purchase",
              signals: ["incognito"], risk: 92, revenue: "249.99")

        // A shared account: four devices active at once from three countries.
        let sharer = users[3]
        for (k, cityIndex) in [0, 3, 5, 5].enumerated() {
            let fp = "fp_\(tag)_shared_\(k)"
            for step in 0..<3 {
                event(user: sharer, fingerprint: fp, domainprint: "dp_\(tag)_3", at: now - 20_000_000 + Int64(step * 600_000 + k * 60_000),
                      city: DemoData.cities[cityIndex], type: step == 0 ? "login" : "pageview", risk: 60 + k * 5)
            }
        }

        // A cross-domain person arriving from a campaign and converting on another domain.
        let crossDomain = "dp_\(tag)_crossdomain"
        event(user: nil, fingerprint: "fp_\(tag)_cd", domainprint: crossDomain, at: now - 86_400_000, city: home[1], type: "pageview",
              utm: ("google", "cpc", "winter_sale"))
        event(user: nil, fingerprint: "fp_\(tag)_cd", domainprint: crossDomain, at: now - 86_000_000, city: home[1], type: "purchase", revenue: "99.00")
        return out
    }

    /// One item per line, DynamoDB-typed (what `aws dynamodb scan` prints per item).
    public static func jsonLines(_ items: [Item]) -> String {
        var text = ""
        for item in items {
            text += JSONWriter.string(item.wire)
            text += "\n"
        }
        return text
    }
}
