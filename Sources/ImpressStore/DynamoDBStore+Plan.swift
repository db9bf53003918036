import DynamoDB
import ImpressModel

/// Which DynamoDB reads answer a selection (API.md §1 keys and indexes, §2.3 tenancy).
/// Each `ReadInput` is one independent paged read; several run in parallel.
extension DynamoDBStore {
    func plan(_ request: ReadRequest) -> [ReadInput] {
        let window = request.window
        switch request.selection {
        case .window:
            return windowReads(request.scope, window, extraFilter: nil)
        case .domainprint(let dp):
            return windowReads(request.scope, window, extraFilter: ("domainprint = :dp", [":dp": .s(dp)]))
        case .user(let user):
            return slices(of: window).map { slice in
                var input = ReadInput(
                    tableName: tableName, indexName: "GSI_USER",
                    keyConditionExpression: "user_id = :u AND #ts BETWEEN :from AND :to",
                    expressionAttributeNames: ["#ts": "timestamp"],
                    expressionAttributeValues: [":u": .s(user)].merging(Self.bounds(slice)) { $1 })
                Self.limit(&input, to: request.scope)
                return input
            }
        case .fingerprint(let fp):
            return [fingerprintRead(fp, request.scope, window)]
        }
    }

    /// The scope's events in the window: `GSI_ORG` queries over time slices for one
    /// organization, a parallel Scan filtered on the window for all of them.
    private func windowReads(_ scope: TenantScope, _ window: TimeWindow, extraFilter: (String, Item)?) -> [ReadInput] {
        switch scope {
        case .organization(let org):
            return slices(of: window).map { slice in
                var input = ReadInput(
                    tableName: tableName, indexName: "GSI_ORG",
                    keyConditionExpression: "organizationId = :o AND #ts BETWEEN :from AND :to",
                    expressionAttributeNames: ["#ts": "timestamp"],
                    expressionAttributeValues: [":o": .s(org)].merging(Self.bounds(slice)) { $1 })
                if let (filter, values) = extraFilter { Self.addFilter(&input, filter, values) }
                return input
            }
        case .allOrganizations:
            let segments = max(1, options.scanSegments)
            return (0..<segments).map { segment in
                var input = ReadInput(
                    tableName: tableName, filterExpression: "#ts BETWEEN :from AND :to",
                    expressionAttributeNames: ["#ts": "timestamp"], expressionAttributeValues: Self.bounds(window),
                    segment: segments > 1 ? segment : nil, totalSegments: segments > 1 ? segments : nil)
                if let (filter, values) = extraFilter { Self.addFilter(&input, filter, values) }
                return input
            }
        }
    }

    /// One fingerprint's events by key: `PK = FP#{fp}` and `SK` between `EVENT#{from}` and
    /// `EVENT#{to}$`. SK compares as a string: `$` sorts just after `#`, so every
    /// `EVENT#{to}#suffix` is inside the upper bound and `EVENT#{to}0…` (a longer number)
    /// is not. A string range is only right when both ends have the same number of digits;
    /// otherwise (a window across 2001-09-09 or 2286) the whole partition is read. Either
    /// way the filter on `timestamp` makes the window exact.
    private func fingerprintRead(_ fp: String, _ scope: TenantScope, _ window: TimeWindow) -> ReadInput {
        let sameDigits = window.from >= 0 && String(window.from).utf8.count == String(window.to).utf8.count
        var input = ReadInput(
            tableName: tableName,
            keyConditionExpression: sameDigits ? "PK = :pk AND SK BETWEEN :skFrom AND :skTo" : "PK = :pk",
            filterExpression: "#ts BETWEEN :from AND :to", expressionAttributeNames: ["#ts": "timestamp"],
            expressionAttributeValues: [":pk": .s("FP#" + fp)].merging(Self.bounds(window)) { $1 })
        if sameDigits {
            input.expressionAttributeValues[":skFrom"] = .s("EVENT#\(window.from)")
            input.expressionAttributeValues[":skTo"] = .s("EVENT#\(window.to)$")
        }
        Self.limit(&input, to: scope)
        return input
    }

    /// The window cut into up to `options.querySlices` inclusive, non-overlapping slices of
    /// at least `options.minimumSliceMs`, so the slices of a long window are read in parallel.
    func slices(of window: TimeWindow) -> [TimeWindow] {
        let span = window.to.subtractingReportingOverflow(window.from)
        guard !span.overflow, span.partialValue >= 0 else { return [window] }
        let wanted = max(1, options.querySlices)
        let bySize = span.partialValue / max(1, options.minimumSliceMs) + 1
        let count = Int64(min(Int64(wanted), bySize))
        guard count > 1 else { return [window] }
        let width = span.partialValue / count + 1
        var result: [TimeWindow] = []
        var start = window.from
        while start <= window.to {
            let (end, overflow) = start.addingReportingOverflow(width - 1)
            let last = overflow || end >= window.to
            result.append(TimeWindow(from: start, to: last ? window.to : end))
            if last { break }
            start = end + 1
        }
        return result
    }

    private static func bounds(_ window: TimeWindow) -> Item {
        [":from": .n(String(window.from)), ":to": .n(String(window.to))]
    }

    /// A key lookup limited to one organization: a filter on `organizationId`.
    private static func limit(_ input: inout ReadInput, to scope: TenantScope) {
        guard case .organization(let org) = scope else { return }
        addFilter(&input, "organizationId = :o", [":o": .s(org)])
    }

    private static func addFilter(_ input: inout ReadInput, _ filter: String, _ values: Item) {
        input.filterExpression = input.filterExpression.map { "(\($0)) AND \(filter)" } ?? filter
        input.expressionAttributeValues.merge(values) { $1 }
    }
}
