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

    /// Room for a typical body (a 100-event `/fraud/stats` is ~6 KB), so writing it seldom
    /// grows the buffer.
    static let bodyCapacity = 8192

    /// `window`, `organizationId`, `events_scanned`, `truncated`.
    public func writeMembers(to out: inout JSONOutput) {
        out.key("window")
        out.object { out in
            out.member("from", window.from)
            out.member("to", window.to)
        }
        out.member("organizationId", scope.organizationId)
        out.member("events_scanned", summary.eventsScanned)
        out.member("truncated", summary.truncated)
    }

    /// A `200` body: an object of the members `routeMembers` writes, then the read's members.
    public func body(_ routeMembers: (inout JSONOutput) -> Void) -> [UInt8] {
        var out = JSONOutput(capacity: Self.bodyCapacity)
        out.object { out in
            routeMembers(&out)
            writeMembers(to: &out)
        }
        return out.finished()
    }

    /// A list body: `items` (the page's rows, each written by `writeRow`), `total`,
    /// `next_cursor`, the route's summary members (`extra`), then the read's members.
    public func list<Rows: Sequence>(
        _ page: Page, rows: Rows, writeRow: (Rows.Element, inout JSONOutput) -> Void,
        extra: (inout JSONOutput) -> Void
    ) -> [UInt8] {
        body { out in
            out.key("items")
            out.array { out in for row in rows { writeRow(row, &out) } }
            out.member("total", page.total)
            out.member("next_cursor", page.nextCursor)
            extra(&out)
        }
    }
}
