import ImpressAuth
import ImpressHTTP
import ImpressJSON
import ImpressModel
import ImpressStore

/// Everything a route handler may use: the request, what the caller may read, its
/// parameters and the store, read through `read` so every route counts and maps alike.
public struct RouteContext: Sendable {
    public let request: HTTPRequest
    public let grant: AccessGrant
    /// The `{…}` segment of the route's pattern, percent-decoded.
    public let pathParameter: String?
    public let parameters: QueryParameters
    public let configuration: APIConfiguration
    let store: any EventStore

    public var scope: TenantScope { grant.scope }

    /// The id a detail route names (its pattern has a `{…}` segment, so it is always set).
    public var resourceId: String { pathParameter ?? "" }

    /// Reads the scope's events of `selection` in `window`, streaming pages to `consume`,
    /// within the configured ceiling; a store failure becomes its 5xx error here.
    public func read(
        _ selection: EventSelection, in window: TimeWindow, consume: ([Event]) -> Void
    ) throws(APIError) -> ReadOutcome {
        let request = ReadRequest(
            selection: selection, scope: scope, window: window, maxEvents: configuration.maxScanEvents)
        do {
            let summary = try store.read(request, consume: consume)
            return ReadOutcome(window: window, scope: scope, summary: summary)
        } catch {
            throw APIError(error)
        }
    }
}

/// What a read covered: the members every event-reading response carries (API.md §3).
public struct ReadOutcome: Sendable {
    public var window: TimeWindow
    public var scope: TenantScope
    public var summary: ReadSummary

    /// Rows group across organizations (and list theirs) only in a superadmin's all-orgs view.
    public var isAllOrganizations: Bool { scope == .allOrganizations }

    /// `window`, `organizationId`, `events_scanned`, `truncated`.
    public var members: [(key: String, value: JSONValue)] {
        [
            ("window", .object([("from", .int(window.from)), ("to", .int(window.to))])),
            ("organizationId", .optional(scope.organizationId)),
            ("events_scanned", .int(summary.eventsScanned)),
            ("truncated", .bool(summary.truncated)),
        ]
    }

    /// A list response: `items`, `total`, `next_cursor`, the route's summary counts, then the
    /// read's members.
    public func list(_ page: Page, items: [JSONValue], extra: [(key: String, value: JSONValue)] = []) -> JSONValue {
        .object(
            [("items", .array(items)), ("total", .int(page.total)), ("next_cursor", .optional(page.nextCursor))]
                + extra + members)
    }
}
