import ImpressAuth
import ImpressHTTP
import ImpressModel

/// Grants every request the one organization under test, as a verified token of a member would:
/// the benchmark measures the routes, not the JWT check.
struct BenchAuthorizer: RequestAuthorizer {
    var organization: String
    var keySetStatus: KeySetStatus { .ok(keys: 1) }

    func authorize(_ request: HTTPRequest) throws(APIError) -> AccessGrant {
        AccessGrant(
            caller: Caller(subject: "user_bench", organizationId: organization, isSuperadmin: false),
            scope: .organization(organization))
    }
}
