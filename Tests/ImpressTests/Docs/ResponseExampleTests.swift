import Foundation
import ImpressHTTP
import ImpressJSON
import Testing

/// Example bodies written from the contract conform to `docs/openapi.json`, and bodies broken
/// on purpose are caught with a pointer to the fault. The examples of `docs/API.md` are among
/// them, so the prose reference and the OpenAPI document cannot drift apart unnoticed.
@Suite struct ResponseExampleTests {
    let document: OpenAPIDocument

    init() throws {
        document = try OpenAPIDocument()
    }

    struct Example: CustomStringConvertible {
        var path: String
        var status: Int
        var body: String
        var description: String { "GET \(path) \(status)" }
    }

    /// The examples of `docs/API.md`: each is a ```json block right after a line
    /// `<!-- example: GET /path STATUS -->`.
    static func referenceExamples() throws -> [Example] {
        let path = OpenAPIDocument.repositoryPath.replacingOccurrences(of: "openapi.json", with: "API.md")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var examples: [Example] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst() {
            guard line.hasPrefix("<!-- example: GET ") else { continue }
            let words = line.split(separator: " ")  // <!-- example: GET /path STATUS -->
            guard words.count == 6, let status = Int(words[4]), lines.popFirst() == "```json" else {
                Issue.record("malformed example marker: \(line)")
                continue
            }
            let block = lines.prefix { $0 != "```" }
            lines = lines.dropFirst(block.count + 1)
            examples.append(Example(path: String(words[3]), status: status, body: block.joined(separator: "\n")))
        }
        return examples
    }

    @Test func referenceHasA200ExampleOfEveryRoute() throws {
        let documented = Set(try Self.referenceExamples().filter { $0.status == 200 }.map(\.path))
        let routes = Set(document.pathTemplates).subtracting(["/attribution-stats"])  // the alias shares /attribution's
        #expect(routes.subtracting(documented) == [])
    }

    @Test func referenceExamplesConform() throws {
        let examples = try Self.referenceExamples()
        #expect(examples.count >= 15)
        for example in examples {
            let body = try JSONParser.parse(example.body, options: .init(rejectDuplicateKeys: true))
            #expect(document.validate(body, path: example.path, status: example.status) == [], "\(example)")
        }
    }

    /// The OpenAPI document shows the reference's examples to viewers; they are copies, kept equal.
    @Test func embeddedExamplesAreTheReferenceExamples() throws {
        for example in try Self.referenceExamples() {
            let route = document.root["paths"]?[example.path]?["get"]?["responses"]?[String(example.status)]
            guard let media = route?["content"]?["application/json"] else { continue }  // shared error responses
            let body = try JSONParser.parse(example.body)
            #expect(media["examples"]?["reference"]?["value"] == body, "copy \(example) from docs/API.md into docs/openapi.json")
        }
    }

    /// Variants the reference shows only in words: nulls, empty groups, all-organizations rows,
    /// the file store, the alias, the concrete paths of detail routes.
    static let variants: [Example] = [
        Example(path: "/health", status: 200, body: #"""
            {"status":"ok","version":"0.1.0","uptime_s":3,"store":{"kind":"file","events":12000},"jwks":{"status":"empty","keys":0}}
            """#),
        Example(path: "/health", status: 503, body: #"""
            {"error":{"code":"unavailable","message":"Too many requests in flight"},"request_id":"r1"}
            """#),
        Example(path: "/users", status: 200, body: #"""
            {"items":[{"user_id":"1001","event_count":3,"first_seen":1796116500000,"last_seen":1796118000000,
              "fingerprint_count":2,"domainprint_count":1,"domains":["shop.example.com"],"countries":["DE"],
              "max_risk_score":12.5,"avg_risk_score":10.25,"risk_level":"low","signals":{"vpn":1},
              "organizations":["org_2abc","org_9xyz"]}],
             "total":1,"next_cursor":null,"anonymous_events":0,"window":{"from":1793750400000,"to":1796342400000},
             "organizationId":null,"events_scanned":3,"truncated":true}
            """#),
        Example(path: "/users", status: 200, body: #"""
            {"items":[],"total":0,"next_cursor":null,"anonymous_events":0,"window":{"from":0,"to":0},
             "organizationId":"org_2abc","events_scanned":0,"truncated":false}
            """#),
        Example(path: "/users/a%2Fb", status: 200, body: #"""
            {"user_id":"a/b","stats":{"event_count":1,"first_seen":1,"last_seen":1,"fingerprint_count":1,
              "domainprint_count":0,"domain_count":0,"country_count":0,"max_risk_score":null,"avg_risk_score":null,
              "risk_level":null,"signals":{},"impossible_travel_count":0},
             "fingerprints":[{"fingerprint":"f","event_count":1,"first_seen":1,"last_seen":1}],"domainprints":[],
             "events":[{"fingerprint":"f","organizationId":"org_2abc","timestamp":1,"user_id":"a/b",
               "revenue":12345678901234567890123,"tags":{"x":[true,null]},"blob":"AAE="}],
             "next_cursor":null,"window":{"from":0,"to":1},"organizationId":"org_2abc","events_scanned":1,"truncated":false}
            """#),
        Example(path: "/fraud/stats", status: 200, body: #"""
            {"total_events":0,"unique_users":0,"unique_fingerprints":0,"average_risk_score":null,
             "risk_levels":{"low":0,"medium":0,"high":0,"critical":0},"signals":{},"high_risk_users":[],
             "impossible_travel":{"count":0,"incidents":[]},"timeline":[],
             "window":{"from":0,"to":1},"organizationId":null,"events_scanned":0,"truncated":false}
            """#),
        Example(path: "/identity-graph", status: 200, body: #"""
            {"nodes":[],"edges":[],"clusters":[],"hubs":[{"id":"dp:kiosk","type":"domainprint","users":4,"fingerprints":11}],
             "stats":{"node_count":0,"edge_count":0,"cluster_count":0,"multi_user_clusters":0,"cross_domain_clusters":0},
             "window":{"from":0,"to":1},"organizationId":"org_2abc","events_scanned":11,"truncated":false}
            """#),
        Example(path: "/attribution-stats", status: 200, body: #"""
            {"items":[],"total":0,"next_cursor":null,
             "totals":{"touches":0,"visitors":0,"conversions":0,"revenue":0,"conversion_rate":0},"by_source":[],
             "window":{"from":0,"to":1},"organizationId":"org_2abc","events_scanned":0,"truncated":false}
            """#),
        Example(path: "/account-sharing", status: 200, body: #"""
            {"summary":{"users_analyzed":0,"flagged_users":0,"sharing_rate":0},"items":[],"total":0,"next_cursor":null,
             "window":{"from":0,"to":1},"organizationId":"org_2abc","events_scanned":0,"truncated":false}
            """#),
    ]

    @Test(arguments: variants)
    func variantConforms(example: Example) throws {
        let body = try JSONParser.parse(example.body)
        #expect(document.validate(body, path: example.path, status: example.status) == [])
    }

    /// One fault each, and the error that must point at it.
    static let broken: [(what: String, path: String, status: Int, body: String, error: String)] = [
        ("missing member", "/fingerprints", 200, #"""
            {"items":[],"total":0,"next_cursor":null,"window":{"from":0,"to":1},"organizationId":"o","events_scanned":0,"truncated":false}
            """#, #"#: missing required member "collision_count""#),
        ("wrong type", "/domainprints", 200, #"""
            {"items":[{"domainprint":"d","event_count":"3","user_count":1,"fingerprint_count":1,"domains":["a"],"domain_count":1,
              "first_seen":1,"last_seen":1,"cross_domain":false}],"total":1,"next_cursor":null,"cross_domain_count":0,
             "window":{"from":0,"to":1},"organizationId":"o","events_scanned":1,"truncated":false}
            """#, "#/items/0/event_count: expected integer, got string"),
        ("fractional count", "/fraud/stats", 200, #"""
            {"total_events":1.5,"unique_users":0,"unique_fingerprints":0,"average_risk_score":null,
             "risk_levels":{"low":0,"medium":0,"high":0,"critical":0},"signals":{},"high_risk_users":[],
             "impossible_travel":{"count":0,"incidents":[]},"timeline":[],
             "window":{"from":0,"to":1},"organizationId":null,"events_scanned":0,"truncated":false}
            """#, "#/total_events: expected integer, got number 1.5"),
        ("stray member in a row", "/account-sharing", 200, #"""
            {"summary":{"users_analyzed":1,"flagged_users":0,"sharing_rate":0},"items":[{"user_id":"u","event_count":1,
              "first_seen":1,"last_seen":1,"fingerprint_count":1,"ip_count":1,"country_count":1,"impossible_travel_count":0,
              "max_concurrent":1,"sharing_score":0,"flagged":false,"score":0}],"total":1,"next_cursor":null,
             "window":{"from":0,"to":1},"organizationId":"o","events_scanned":1,"truncated":false}
            """#, "#/items/0/score: member not allowed"),
        ("stray top-level member", "/attribution", 200, #"""
            {"items":[],"total":0,"next_cursor":null,"model":"last_touch",
             "totals":{"touches":0,"visitors":0,"conversions":0,"revenue":0,"conversion_rate":0},"by_source":[],
             "window":{"from":0,"to":1},"organizationId":"o","events_scanned":0,"truncated":false}
            """#, "#/model: member not allowed"),
        ("bad enum", "/identity-graph", 200, #"""
            {"nodes":[{"id":"u:1","type":"person","label":"1","event_count":1,"domains":[]}],"edges":[],"clusters":[],"hubs":[],
             "stats":{"node_count":1,"edge_count":0,"cluster_count":0,"multi_user_clusters":0,"cross_domain_clusters":0},
             "window":{"from":0,"to":1},"organizationId":"o","events_scanned":1,"truncated":false}
            """#, #"#/nodes/0/type: "person" is not one of ["user","fingerprint","domainprint"]"#),
        ("key attribute leaked", "/fingerprints/{fp}", 200, #"""
            {"fingerprint":"f","collision":false,"stats":{"event_count":1,"user_count":0,"first_seen":1,"last_seen":1,
              "max_risk_score":null,"risk_level":null},"users":[],"domainprints":[],"domains":[],
             "events":[{"PK":"FP#f","SK":"EVENT#1","fingerprint":"f","organizationId":"o","timestamp":1}],"next_cursor":null,
             "window":{"from":0,"to":1},"organizationId":"o","events_scanned":1,"truncated":false}
            """#, "#/events/0/PK: member not allowed"),
        ("error code of another status", "/users/{userId}", 404, #"""
            {"error":{"code":"forbidden","message":"x"},"request_id":"r"}
            """#, #"#/error/code: expected "not_found", got "forbidden""#),
        ("health ok with both stores", "/health", 200, #"""
            {"status":"ok","version":"1","uptime_s":1,"dynamodb":{"status":"ok","latency_ms":1},
             "store":{"kind":"file","events":1},"jwks":{"status":"ok","keys":1}}
            """#, "#: matches 2 of the oneOf schemas, not exactly one"),
        ("score above 100", "/account-sharing", 200, #"""
            {"summary":{"users_analyzed":1,"flagged_users":1,"sharing_rate":1},"items":[{"user_id":"u","event_count":1,
              "first_seen":1,"last_seen":1,"fingerprint_count":9,"ip_count":1,"country_count":3,"impossible_travel_count":2,
              "max_concurrent":3,"sharing_score":120,"flagged":true}],"total":1,"next_cursor":null,
             "window":{"from":0,"to":1},"organizationId":"o","events_scanned":1,"truncated":false}
            """#, "#/items/0/sharing_score: 120.0 is above the maximum 100.0"),
    ]

    @Test(arguments: broken)
    func brokenBodyIsCaught(row: (what: String, path: String, status: Int, body: String, error: String)) throws {
        let body = try JSONParser.parse(row.body)
        let errors = document.validate(body, path: row.path, status: row.status)
        #expect(errors.contains(row.error), "\(row.what): \(errors)")
    }

    /// The form the route tests use: a whole `HTTPResponse` in one call.
    @Test func wholeResponse() throws {
        let body = try JSONParser.parse(#"{"error":{"code":"unauthorized","message":"Token expired"},"request_id":"r"}"#)
        var response = HTTPResponse.json(401, body)
        response.setHeader("Access-Control-Allow-Origin", "https://getimpress.io")
        response.setHeader("Vary", "Origin")
        response.setHeader("WWW-Authenticate", #"Bearer error="invalid_token""#)
        #expect(document.validate(response, path: "/users/1001") == [])

        response.headers.removeAll { $0.name == "WWW-Authenticate" }
        #expect(document.validate(response, path: "/users/1001") == ["header WWW-Authenticate is missing"])

        let duplicate = HTTPResponse(
            status: 401, headers: response.headers, body: Array(#"{"request_id":"a","request_id":"b"}"#.utf8))
        #expect(document.validate(duplicate, path: "/users")
            .contains { $0.hasPrefix("body is not JSON") })
    }
}
