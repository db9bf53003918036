import ImpressAnalytics
import ImpressHTTP
import ImpressJSON

/// `GET /fingerprints` and `GET /fingerprints/{fingerprint}` (API.md §4).
enum FingerprintsRoute {
    static func list(_ context: RouteContext) throws(APIError) -> [UInt8] {
        let parameters = context.parameters
        let sort = try parameters.enumerated("sort", default: FingerprintsListing.Sort.lastSeen)
        let collisionsOnly = try parameters.bool("collisions", default: false)
        let pageRequest = try parameters.pageRequest(
            binding: "fingerprints|\(sort.rawValue)|\(collisionsOnly)", now: context.configuration.now())
        var listing = FingerprintsListing()
        let outcome = try context.read(.window, in: pageRequest.window) { listing.add($0) }
        let ranking = listing.ranked(sort: sort, collisionsOnly: collisionsOnly)
        let page = pageRequest.page(total: ranking.count)
        return outcome.list(
            page, rows: ranking.rows(page.range),
            writeRow: { $0.write(to: &$1, withOrganizations: outcome.isAllOrganizations) },
            extra: { out in
                out.member("collision_count", listing.collisionCount)
            })
    }

    static func detail(_ context: RouteContext) throws(APIError) -> [UInt8] {
        let fingerprint = context.resourceId
        let pageRequest = try context.parameters.pageRequest(
            binding: "fingerprints/\(fingerprint)", now: context.configuration.now())
        var detail = FingerprintsDetail(fingerprint: fingerprint)
        let outcome = try context.read(.fingerprint(fingerprint), in: pageRequest.window) { detail.add($0) }
        guard !detail.isEmpty else { throw APIError(.notFound, "No events of this fingerprint in the window") }
        return outcome.body { out in
            out.member("fingerprint", fingerprint)
            DetailEvents.writeOrganizations(detail.summary.organizations, in: outcome, to: &out)
            detail.writeMembers(to: &out)
            DetailEvents.write(detail.events, page: pageRequest, to: &out)
        }
    }
}
