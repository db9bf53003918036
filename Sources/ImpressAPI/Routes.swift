import ImpressHTTP
import ImpressJSON

extension Router {
    /// Every authenticated route of API.md §4 (`/health` is answered before authentication).
    /// Adding a route is one line here plus its handler file.
    public static var impress: Router {
        var router = Router()
        router.get("/users", UsersRoute.list)
        router.get("/users/{userId}", UsersRoute.detail)
        router.get("/fingerprints", FingerprintsRoute.list)
        router.get("/fingerprints/{fingerprint}", FingerprintsRoute.detail)
        router.get("/domainprints", DomainprintsRoute.list)
        router.get("/domainprints/{domainprint}", DomainprintsRoute.detail)
        router.get("/fraud/stats", NotImplementedRoute.handle)
        router.get("/identity-graph", NotImplementedRoute.handle)
        router.get("/attribution", NotImplementedRoute.handle)
        router.get("/attribution-stats", NotImplementedRoute.handle)
        router.get("/account-sharing", NotImplementedRoute.handle)
        return router
    }
}

/// The answer of a route that is declared but not built yet, after authentication.
enum NotImplementedRoute {
    static func handle(_ context: RouteContext) throws(APIError) -> JSONValue {
        throw APIError(.notImplemented, "This route is not implemented yet")
    }
}
