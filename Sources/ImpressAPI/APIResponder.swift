import ImpressAuth
import ImpressHTTP
import ImpressJSON
import ImpressStore

/// The API as a `Responder` (API.md §3, §4). Per request, in this order:
/// 1. `OPTIONS` on any path → `204` preflight;
/// 2. any method but `GET` → `405` with `Allow: GET, OPTIONS`, before authentication;
/// 3. the path, base path stripped: outside the base path or unknown → `404`, a segment that
///    does not decode → `400` (both before authentication: the route table is public
///    knowledge), `/health` answered without authentication;
/// 4. authorize, then the route parses its parameters (`400`), reads and encodes.
/// Errors become responses in one place, and every response gets the CORS headers.
public final class APIResponder: Responder {
    private let configuration: APIConfiguration
    private let store: any EventStore
    private let authorizer: any RequestAuthorizer
    private let router: Router
    private let health: HealthCheck
    private let recentHealth: RecentHealth

    /// Where a request goes once its method and path are known.
    private enum Destination {
        case answered(HTTPResponse)
        case health
        case route(RouteHandler, parameter: String?)
    }

    /// `startedAt`: epoch milliseconds when the daemon started, for `uptime_s`.
    public init(
        configuration: APIConfiguration, store: any EventStore, authorizer: any RequestAuthorizer,
        startedAt: Int64, router: Router = .impress
    ) {
        self.configuration = configuration
        self.store = store
        self.authorizer = authorizer
        self.router = router
        health = HealthCheck(configuration: configuration, store: store, authorizer: authorizer, startedAt: startedAt)
        recentHealth = RecentHealth(startedAt: startedAt)
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        var response: HTTPResponse
        do {
            switch try destination(of: request) {
            case .answered(let answer):
                response = answer
            case .health:
                response = health.response(requestId: request.requestId)
                recentHealth.remember(response, at: configuration.now())
            case .route(let handler, let parameter):
                let grant = try authorizer.authorize(request)
                let context = RouteContext(
                    request: request, grant: grant, pathParameter: parameter, parameters: QueryParameters(request.query),
                    configuration: configuration, store: store)
                response = .json(200, body: try handler(context))
            }
        } catch {
            response = error.response(requestId: request.requestId)
        }
        return finish(response, for: request)
    }

    /// Everything decided before authentication, and `/health` while a health answer of this
    /// second of uptime is at hand; nil for what needs a store read or a token check.
    public func immediateResponse(to request: HTTPRequest) -> HTTPResponse? {
        let response: HTTPResponse
        do {
            switch try destination(of: request) {
            case .answered(let answer):
                response = answer
            case .health:
                guard let recent = recentHealth.response(at: configuration.now()) else { return nil }
                response = recent
            case .route:
                return nil
            }
        } catch {
            response = error.response(requestId: request.requestId)
        }
        return finish(response, for: request)
    }

    public func reject(_ request: HTTPRequest, with error: APIError) -> HTTPResponse {
        finish(error.response(requestId: request.requestId), for: request)
    }

    /// Steps 1–3 of the order above: what needs neither the store nor the caller's token.
    private func destination(of request: HTTPRequest) throws(APIError) -> Destination {
        if request.method == "OPTIONS" {
            return .answered(configuration.cors.preflight(requestOrigin: request.header("origin")))
        }
        guard request.method == "GET" else { throw .methodNotAllowed }
        guard let path = RequestPath(request.path, basePath: configuration.basePath) else { throw .notFound }
        let segments = try path.decodedSegments()
        if segments == ["health"] { return .health }
        guard let (handler, parameter) = router.match(segments) else { throw .notFound }
        return .route(handler, parameter: parameter)
    }

    /// Headers every response carries: CORS (errors too) and, except on a preflight,
    /// `Cache-Control: no-store` (tenant data and errors alike must not be cached).
    private func finish(_ response: HTTPResponse, for request: HTTPRequest) -> HTTPResponse {
        var response = response
        configuration.cors.apply(to: &response, requestOrigin: request.header("origin"))
        if response.status != 204 { response.setHeader("Cache-Control", "no-store") }
        return response
    }
}
