import Foundation
import ImpressJSON

/// A store file for the daemon: `impress-admin demo-data` for two organizations, plus
/// hand-written items of one person (`u_shared`, device `fp_shared`, `dp_shared`) present in
/// both, and an index of which ids each organization holds, read back from the file itself.
struct E2EDemoData {
    static let organizationA = "org_a"
    static let organizationB = "org_b"
    static let sharedUser = "u_shared"
    static let sharedFingerprint = "fp_shared"
    static let sharedDomainprint = "dp_shared"

    struct Organization {
        var users: Set<String> = []
        var fingerprints: Set<String> = []
        var domainprints: Set<String> = []
        var events = 0

        var ids: Set<String> { users.union(fingerprints).union(domainprints) }
    }

    let path: String
    let organizations: [String: Organization]

    /// Writes demo data for org_a and org_b into `path` (events in the last 14 days before
    /// now, so inside every route's default window) and the shared person: one event in org_a,
    /// two in org_b.
    static func write(to path: String, eventsPerOrganization: Int = 60, seed: Int = 7) throws -> E2EDemoData {
        let now = Int64(Date().timeIntervalSince1970 * 1000) - 60_000
        try DaemonHarness.writeDemoData(
            to: path, organizations: [organizationA, organizationB], eventsPerOrganization: eventsPerOrganization,
            seed: seed, now: now)
        let shared = [(organizationA, now - 3_000_000), (organizationB, now - 2_000_000), (organizationB, now - 1_000_000)]
            .map { org, time in
                #"{"PK":{"S":"FP#\#(sharedFingerprint)"},"SK":{"S":"EVENT#\#(time)"},"fingerprint":{"S":"\#(sharedFingerprint)"},"#
                    + #""organizationId":{"S":"\#(org)"},"timestamp":{"N":"\#(time)"},"user_id":{"S":"\#(sharedUser)"},"#
                    + #""domainprint":{"S":"\#(sharedDomainprint)"},"domain":{"S":"shop.example.com"},"risk_score":{"N":"12"}}"#
            }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((shared.joined(separator: "\n") + "\n").utf8))
        try handle.close()
        return try E2EDemoData(path: path)
    }

    /// Indexes an existing store file.
    init(path: String) throws {
        self.path = path
        var organizations: [String: Organization] = [:]
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(separator: "\n") where !line.isEmpty {
            let item = try JSONParser.parse(String(line))
            guard let org = item["organizationId"]?["S"]?.stringValue else { continue }
            var entry = organizations[org] ?? Organization()
            entry.events += 1
            if let user = item["user_id"]?["S"]?.stringValue { entry.users.insert(user) }
            if let fingerprint = item["fingerprint"]?["S"]?.stringValue { entry.fingerprints.insert(fingerprint) }
            if let domainprint = item["domainprint"]?["S"]?.stringValue { entry.domainprints.insert(domainprint) }
            organizations[org] = entry
        }
        self.organizations = organizations
    }

    func organization(_ id: String) -> Organization { organizations[id] ?? Organization() }

    /// Ids only `org` holds (the shared person's are in both).
    func exclusiveIds(of org: String) -> Set<String> {
        organizations.filter { $0.key != org }.values.reduce(organization(org).ids) { $0.subtracting($1.ids) }
    }

    /// The ids of `foreign` that appear in `body` as a JSON string or a graph node id
    /// (`user:{id}`): what a tenant must never see of another one.
    func leakedIds(of foreign: String, in body: String) -> [String] {
        exclusiveIds(of: foreign).filter { body.contains("\"\($0)\"") || body.contains(":\($0)\"") }.sorted()
    }
}
