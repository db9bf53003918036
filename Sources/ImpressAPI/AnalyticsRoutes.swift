import ImpressAnalytics
import ImpressHTTP
import ImpressJSON

/// The four aggregate routes of API.md §4 whose analysis lives in ImpressAnalytics: each
/// reads the scope's window, feeds the accumulator page by page and writes its members.
enum FraudStatsRoute {
    static func handle(_ context: RouteContext) throws(APIError) -> [UInt8] {
        let window = try context.parameters.window(now: context.configuration.now())
        var stats = FraudStatsAccumulator()
        let outcome = try context.read(.window, in: window) { stats.add(contentsOf: $0) }
        return outcome.body(stats.finish().writeMembers)
    }
}

enum IdentityGraphRoute {
    static func handle(_ context: RouteContext) throws(APIError) -> [UInt8] {
        let parameters = context.parameters
        let minSize = try parameters.integer("min_size", default: 2, range: 1...Int.max)
        let limit = try parameters.integer("limit", default: QueryParameters.defaultLimit, range: QueryParameters.limitRange)
        let window = try parameters.window(now: context.configuration.now())
        var graph = IdentityGraphAccumulator()
        let outcome = try context.read(.window, in: window) { graph.add(contentsOf: $0) }
        return outcome.body(graph.finish(minSize: minSize, limit: limit).writeMembers)
    }
}

enum AttributionRoute {
    static func handle(_ context: RouteContext) throws(APIError) -> [UInt8] {
        let model = try context.parameters.enumerated("model", default: AttributionModel.lastTouch)
        let pageRequest = try context.parameters.pageRequest(binding: "attribution|\(model.rawValue)", now: context.configuration.now())
        var attribution = AttributionAccumulator()
        let outcome = try context.read(.window, in: pageRequest.window) { attribution.add(contentsOf: $0) }
        let report = attribution.finish(model: model)
        let page = pageRequest.page(total: report.rows.count)
        return outcome.list(
            page, rows: report.rows[page.range], writeRow: { $0.write(to: &$1) }, extra: report.writeSummaryMembers)
    }
}

enum AccountSharingRoute {
    static func handle(_ context: RouteContext) throws(APIError) -> [UInt8] {
        let all = try context.parameters.bool("all", default: false)
        let pageRequest = try context.parameters.pageRequest(binding: "account-sharing|\(all)", now: context.configuration.now())
        var sharing = AccountSharingAccumulator()
        let outcome = try context.read(.window, in: pageRequest.window) { sharing.add(contentsOf: $0) }
        let report = sharing.finish(includeAll: all, includeOrganizations: outcome.isAllOrganizations)
        let page = pageRequest.page(total: report.rows.count)
        return outcome.list(
            page, rows: report.rows[page.range], writeRow: { $0.write(to: &$1) }, extra: report.writeSummaryMembers)
    }
}
