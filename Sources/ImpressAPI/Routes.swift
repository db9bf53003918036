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
        router.get("/fraud/stats", FraudStatsRoute.handle)
        router.get("/identity-graph", IdentityGraphRoute.handle)
        router.get("/attribution", AttributionRoute.handle)
        router.get("/attribution-stats", AttributionRoute.handle)
        router.get("/account-sharing", AccountSharingRoute.handle)
        return router
    }
}
