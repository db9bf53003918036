import ImpressAnalytics
import ImpressHTTP
import ImpressJSON

/// `GET /domainprints` and `GET /domainprints/{domainprint}` (API.md §4).
enum DomainprintsRoute {
    static func list(_ context: RouteContext) throws(APIError) -> [UInt8] {
        let parameters = context.parameters
        let sort = try parameters.enumerated("sort", default: DomainprintsListing.Sort.lastSeen)
        let crossDomainOnly = try parameters.bool("cross_domain", default: false)
        let pageRequest = try parameters.pageRequest(
            binding: "domainprints|\(sort.rawValue)|\(crossDomainOnly)", now: context.configuration.now())
        var listing = DomainprintsListing()
        let outcome = try context.read(.window, in: pageRequest.window) { listing.add($0) }
        let ranking = listing.ranked(sort: sort, crossDomainOnly: crossDomainOnly)
        let page = pageRequest.page(total: ranking.count)
        return outcome.list(
            page, rows: ranking.rows(page.range),
            writeRow: { $0.write(to: &$1, withOrganizations: outcome.isAllOrganizations) },
            extra: { out in
                out.member("cross_domain_count", listing.crossDomainCount)
            })
    }

    static func detail(_ context: RouteContext) throws(APIError) -> [UInt8] {
        let domainprint = context.resourceId
        let pageRequest = try context.parameters.pageRequest(
            binding: "domainprints/\(domainprint)", now: context.configuration.now())
        var detail = DomainprintsDetail(domainprint: domainprint)
        let outcome = try context.read(.domainprint(domainprint), in: pageRequest.window) { detail.add($0) }
        guard !detail.isEmpty else { throw APIError(.notFound, "No events of this domainprint in the window") }
        return outcome.body { out in
            out.member("domainprint", domainprint)
            detail.writeMembers(to: &out, withOrganizations: outcome.isAllOrganizations)
            DetailEvents.write(detail.events, page: pageRequest, to: &out)
        }
    }
}
