import ImpressAnalytics
import ImpressHTTP
import ImpressJSON

/// `GET /users` and `GET /users/{userId}` (API.md §4).
enum UsersRoute {
    static func list(_ context: RouteContext) throws(APIError) -> [UInt8] {
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
            page, rows: ranking.rows(page.range),
            writeRow: { $0.write(to: &$1, withOrganizations: outcome.isAllOrganizations) },
            extra: { out in
                out.member("anonymous_events", listing.anonymousEvents)
            })
    }

    static func detail(_ context: RouteContext) throws(APIError) -> [UInt8] {
        let userId = context.resourceId
        let pageRequest = try context.parameters.pageRequest(
            binding: "users/\(userId)", now: context.configuration.now())
        var detail = UsersDetail(userId: userId)
        let outcome = try context.read(.user(userId), in: pageRequest.window) { detail.add($0) }
        guard !detail.isEmpty else { throw APIError(.notFound, "No events of this user in the window") }
        return outcome.body { out in
            out.member("user_id", userId)
            DetailEvents.writeOrganizations(detail.summary.organizations, in: outcome, to: &out)
            detail.writeMembers(to: &out)
            DetailEvents.write(detail.events, page: pageRequest, to: &out)
        }
    }
}
