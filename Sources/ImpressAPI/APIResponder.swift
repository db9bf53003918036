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
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        var response: HTTPResponse
        do {
            response = try answer(request)
        } catch {
            response = error.response(requestId: request.requestId)
        }
        return finish(response, for: request)
    }

    public func reject(_ request: HTTPRequest, with error: APIError) -> HTTPResponse {
        finish(error.response(requestId: request.requestId), for: request)
    }

    private func answer(_ request: HTTPRequest) throws(APIError) -> HTTPResponse {
        if request.method == "OPTIONS" {
            return configuration.cors.preflight(requestOrigin: request.header("origin"))
        }
        guard request.method == "GET" else { throw .methodNotAllowed }
        guard let path = RequestPath(request.path, basePath: configuration.basePath) else { throw .notFound }
        let segments = try path.decodedSegments()
        if segments == ["health"] { return health.response(requestId: request.requestId) }
        guard let (handler, parameter) = router.match(segments) else { throw .notFound }
        let grant = try authorizer.authorize(request)
        let context = RouteContext(
            request: request, grant: grant, pathParameter: parameter, parameters: QueryParameters(request.query),
            configuration: configuration, store: store)
        return .json(200, try handler(context))
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
