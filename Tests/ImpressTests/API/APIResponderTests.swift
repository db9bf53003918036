import ImpressAPI
import ImpressHTTP
import ImpressJSON
import ImpressStore
import Testing

@Suite struct APIResponderTests {
    let api: RouteTestAPI
    init() throws { api = try RouteTestAPI(SampleData.items) }

    @Test(arguments: ["POST", "HEAD", "PUT", "DELETE", "PATCH", "get"])
    func onlyGetAndOptions(method: String) throws {
        // Decided before authentication, and on unknown paths too.
        for path in ["/users", "/health", "/nowhere"] {
            let r = try api.get(path, as: .anonymous, method: method)
            #expect(r.status == 405)
            #expect(r.header("Allow") == "GET, OPTIONS")
            #expect(r.errorCode == "method_not_allowed")
            #expect(r.header("Access-Control-Allow-Origin") == "https://getimpress.io")
        }
    }

    @Test(arguments: ["/users", "/nowhere", "/", "/health"])
    func preflightOnAnyPathWithoutAuth(path: String) throws {
        let r = try api.get(path, as: .anonymous, method: "OPTIONS", headers: ["origin": "http://localhost:3000"])
        #expect(r.status == 204)
        #expect(r.response.body.isEmpty)
        #expect(r.header("Access-Control-Allow-Origin") == "http://localhost:3000")
        #expect(r.header("Vary") == "Origin")
        #expect(r.header("Access-Control-Allow-Methods") == "GET, OPTIONS")
        #expect(r.header("Access-Control-Allow-Headers") == "Authorization, Content-Type, x-organization-id")
        #expect(r.header("Access-Control-Max-Age") == "600")
    }

    @Test func errorsCarryCORSAndTheErrorShape() throws {
        let r = try api.get("/users", as: .anonymous, headers: ["origin": "https://www.getimpress.io"])
        #expect(r.status == 401)
        #expect(r.header("Access-Control-Allow-Origin") == "https://www.getimpress.io")
        #expect(r.header("Vary") == "Origin")
        #expect(r.header("Content-Type") == "application/json; charset=utf-8")
        #expect(r.header("Cache-Control") == "no-store")
        #expect(r.json["error"]?["code"] == .string("unauthorized"))
        #expect(r.json["error"]?["message"]?.stringValue?.isEmpty == false)
        #expect(r.json["request_id"] == .string("req-1"))
        // An origin outside the list gets the first listed one.
        let other = try api.get("/users", as: .anonymous, headers: ["origin": "https://evil.example"])
        #expect(other.header("Access-Control-Allow-Origin") == "https://getimpress.io")
    }

    @Test(arguments: ["/nowhere", "/", "/users/u1/more", "/users//", "/fraud", "/USERS"])
    func unknownPathIs404BeforeAuth(path: String) throws {
        let r = try api.get(path, as: .anonymous)
        #expect(r.status == 404)
        #expect(r.errorCode == "not_found")
        #expect(r.header("Access-Control-Allow-Origin") != nil)
    }

    @Test func trailingSlashIsTolerated() throws {
        #expect(try api.get("/users/").ids("user_id") == ["u2", "u1", "u3", "u4"])
        #expect(try api.get("/users/u1/").json["user_id"] == .string("u1"))
    }

    @Test func undecodablePathSegmentIs400() throws {
        #expect(try api.get("/users/%zz").status == 400)
        #expect(try api.get("/users/%C3").status == 400)  // not UTF-8
    }

    @Test func basePathIsStripped() throws {
        let api = try RouteTestAPI(SampleData.items, basePath: "/api/v1/")
        #expect(try api.get("/api/v1/users").status == 200)
        #expect(try api.get("/api/v1/users/u1").json["user_id"] == .string("u1"))
        #expect(try api.get("/api/v1/health", as: .anonymous).status == 200)
        #expect(try api.get("/users").status == 404)
        #expect(try api.get("/api/v1users").status == 404)
        #expect(try api.get("/api/users").status == 404)
    }

    @Test func healthWithTheFileStore() throws {
        let r = try api.get("/health", as: .anonymous)
        #expect(r.status == 200)
        #expect(r.json == .object([
            ("status", .string("ok")), ("version", .string("1.2.3")), ("uptime_s", apiNum(42)),
            ("store", .object([("kind", .string("file")), ("events", apiNum(9))])),
            ("jwks", .object([("status", .string("ok")), ("keys", apiNum(2))])),
        ]))
    }

    @Test func healthWhenTheStoreFails() throws {
        let api = try RouteTestAPI([], store: FailingEventStore(error: .timeout("no answer in 10 s")))
        let r = try api.get("/health", as: .anonymous)
        #expect(r.status == 503)
        #expect(r.header("Retry-After") != nil)
        #expect(r.json["status"] == .string("degraded"))
        #expect(r.json["dynamodb"] == .object([("status", .string("error")), ("error", .string("no answer in 10 s"))]))
        #expect(r.json["error"]?["code"] == .string("unavailable"))
        #expect(r.json["request_id"] == .string("req-1"))
        // The one place a degraded answer meets the published schema (the real stack's stores are healthy).
        #expect(try OpenAPIDocument().validate(r.response, path: "/health") == [])
    }

    @Test(arguments: [
        (StoreError.unavailable("throttled"), 503, "unavailable"),
        (StoreError.timeout("slow"), 504, "upstream_timeout"),
        (StoreError.upstream("garbage"), 502, "upstream_error"),
    ])
    func storeErrorsMapToTheirStatus(error: StoreError, status: Int, code: String) throws {
        let api = try RouteTestAPI([], store: FailingEventStore(error: error))
        for path in ["/users", "/users/u1", "/fingerprints", "/fingerprints/f", "/domainprints", "/domainprints/d"] {
            let r = try api.get(path)
            #expect(r.status == status)
            #expect(r.errorCode == code)
            #expect(r.header("Access-Control-Allow-Origin") != nil)
        }
    }

    @Test func authorizationComesBeforeParameters() throws {
        #expect(try api.get("/users", "limit=0", as: .anonymous).status == 401)
        #expect(try api.get("/users", "limit=0").status == 400)
    }

    @Test func rejectShapesLikeTheAPIsOwnErrors() throws {
        let request = HTTPRequest(method: "GET", path: "/users", headers: ["origin": "http://localhost:3000"], requestId: "r-9")
        let r = api.responder.reject(request, with: APIError(.unavailable, "Too busy"))
        #expect(r.status == 503)
        #expect(r.header("Access-Control-Allow-Origin") == "http://localhost:3000")
        #expect(r.header("Retry-After") == "1")
        let json = try JSONParser.parse(r.body)
        #expect(json["request_id"] == .string("r-9"))
        #expect(json["error"]?["code"] == .string("unavailable"))
    }

    @Test func aLaterRegistrationReplacesAPlaceholder() throws {
        var router = Router.impress
        router.get("/fraud/stats") { _ throws(APIError) in Array(#"{"ok":true}"#.utf8) }
        let responder = APIResponder(
            configuration: APIConfiguration(version: "x", now: { apiNow }), store: try FileStore(items: []),
            authorizer: RouteTestAuthorizer(), startedAt: apiNow, router: router)
        let r = responder.respond(to: HTTPRequest(method: "GET", path: "/fraud/stats", headers: RouteTestCaller.member("org_a").headers, requestId: "r"))
        #expect(r.status == 200)
        #expect(try JSONParser.parse(r.body) == .object([("ok", .bool(true))]))
    }
}
