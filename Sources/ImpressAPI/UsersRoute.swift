import ImpressAnalytics
import ImpressHTTP
import ImpressJSON

/// `GET /users` and `GET /users/{userId}` (API.md §4).
enum UsersRoute {
    static func list(_ context: RouteContext) throws(APIError) -> JSONValue {
        let parameters = context.parameters
        let sort = try parameters.enumerated("sort", default: UsersListing.Sort.lastSeen)
        let riskLevel: RiskLevel? = try parameters.optionalEnumerated("risk_level")
        let prefix = parameters["q"]
        let binding = "users|\(sort.rawValue)|\(riskLevel?.rawValue ?? "")|\(prefix ?? "")"
        let pageRequest = try parameters.pageRequest(binding: binding, now: context.configuration.now())
        var listing = UsersListing()
        let outcome = try context.read(.window, in: pageRequest.window) { listing.add($0) }
        let ranking = listing.ranked(sort: sort, riskLevel: riskLevel, userIdPrefix: prefix)
        let page = pageRequest.page(total: ranking.count)
        return outcome.list(
            page, items: ranking.rows(page.range).map { $0.json(withOrganizations: outcome.isAllOrganizations) },
            extra: [("anonymous_events", .int(listing.anonymousEvents))])
    }

    static func detail(_ context: RouteContext) throws(APIError) -> JSONValue {
        let userId = context.resourceId
        let pageRequest = try context.parameters.pageRequest(
            binding: "users/\(userId)", now: context.configuration.now())
        var detail = UsersDetail(userId: userId)
        let outcome = try context.read(.user(userId), in: pageRequest.window) { detail.add($0) }
        guard !detail.isEmpty else { throw APIError(.notFound, "No events of this user in the window") }
        return .object(
            [("user_id", .string(userId))]
                + DetailEvents.organizations(detail.summary.organizations, in: outcome)
                + [
                    ("stats", detail.statsJSON),
                    ("fingerprints", detail.fingerprintsJSON),
                    ("domainprints", detail.domainprintsJSON),
                ]
                + DetailEvents.members(detail.events, page: pageRequest)
                + outcome.members)
    }
}
