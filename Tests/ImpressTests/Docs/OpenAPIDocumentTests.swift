import ImpressJSON
import Testing

/// `docs/openapi.json` is whole: every route of API.md §4, every reference resolvable, every
/// operation with its success and error responses, and only schema keywords the validator checks.
@Suite struct OpenAPIDocumentTests {
    let document: OpenAPIDocument

    init() throws {
        document = try OpenAPIDocument()
    }

    /// API.md §4's routes, the alias, and the statuses each can answer (the contract's error
    /// table, plus 413 for an oversized body; 404 only where a record is looked up).
    static let routes: [(path: String, statuses: [Int])] = {
        let reads = [200, 400, 401, 403, 405, 413, 500, 502, 503, 504]
        let details = [200, 400, 401, 403, 404, 405, 413, 500, 502, 503, 504]
        return [
            ("/health", [200, 405, 413, 500, 503]),
            ("/users", reads), ("/users/{userId}", details),
            ("/fingerprints", reads), ("/fingerprints/{fp}", details),
            ("/domainprints", reads), ("/domainprints/{dp}", details),
            ("/fraud/stats", reads), ("/identity-graph", reads),
            ("/attribution", reads), ("/attribution-stats", reads), ("/account-sharing", reads),
        ]
    }()

    @Test func isOpenAPI31() {
        #expect(document.root["openapi"]?.stringValue?.hasPrefix("3.1.") == true)
        #expect(document.root["jsonSchemaDialect"]?.stringValue == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test func documentsExactlyTheContractRoutes() {
        #expect(Set(document.pathTemplates) == Set(Self.routes.map(\.path)))
    }

    @Test(arguments: routes)
    func operationDocumentsItsStatuses(route: (path: String, statuses: [Int])) throws {
        let operation = try #require(document.root["paths"]?[route.path]?.objectValue)
        #expect(operation.map(\.key) == ["get"], "only GET is an operation; OPTIONS is CORS, the rest 405")
        let responses = try #require(document.root["paths"]?[route.path]?["get"]?["responses"]?.objectValue)
        #expect(responses.map(\.key).compactMap { Int($0) }.sorted() == route.statuses)
        for status in route.statuses {
            let response = try document.response(path: route.path, status: status).get()
            #expect(response["content"]?["application/json"]?["schema"] != nil, "\(route.path) \(status) has a JSON body")
        }
    }

    @Test(arguments: routes)
    func securityAndParameters(route: (path: String, statuses: [Int])) throws {
        let operation = try #require(document.root["paths"]?[route.path]?["get"])
        let names = (operation["parameters"]?.arrayValue ?? []).compactMap { document.dereference($0)?["name"]?.stringValue }
        if route.path == "/health" {
            #expect(operation["security"] == .array([]), "/health needs no token")
            #expect(names.isEmpty)
            return
        }
        #expect(operation["security"] == nil, "the global bearer scheme applies")
        #expect(names.contains("x-organization-id") && names.contains("from") && names.contains("to"))
        // Every `{name}` of the template is a required path parameter.
        for segment in route.path.split(separator: "/") where segment.hasPrefix("{") {
            let name = String(segment.dropFirst().dropLast())
            let parameter = (operation["parameters"]?.arrayValue ?? []).compactMap { document.dereference($0) }
                .first { $0["name"]?.stringValue == name }
            #expect(parameter?["in"] == .string("path") && parameter?["required"] == .bool(true), "\(route.path) declares \(name)")
        }
        #expect(Set(names).count == names.count, "no parameter twice")
    }

    @Test func bearerSchemeIsTheGlobalDefault() {
        let scheme = document.root["components"]?["securitySchemes"]?["clerkSession"]
        #expect(scheme?["type"] == .string("http") && scheme?["scheme"] == .string("bearer"))
        #expect(document.root["security"] == .array([.object([("clerkSession", .array([]))])]))
    }

    @Test func everyReferenceResolves() {
        var unresolved: [String] = []
        visit(document.root, at: "#") { value, pointer in
            if let reference = value["$ref"]?.stringValue, document.resolve(reference) == nil {
                unresolved.append("\(pointer): \(reference)")
            }
        }
        #expect(unresolved == [])
    }

    /// The validator ignores keywords it does not know, so the document may use only those it checks.
    @Test func schemasUseOnlyCheckedKeywords() throws {
        let known = SchemaCheck.supportedKeywords.union(SchemaCheck.annotationKeywords)
        var unknown: Set<String> = []
        var schemas: [JSONValue] = try #require(document.root["components"]?["schemas"]?.objectValue).map(\.value)
        visit(document.root["paths"] ?? .null, at: "#/paths") { value, _ in
            if let schema = value["schema"] { schemas.append(schema) }
        }
        for schema in schemas {
            visitSchema(schema) { unknown.formUnion(($0.objectValue ?? []).map(\.key).filter { !known.contains($0) }) }
        }
        #expect(unknown == [])
    }

    /// The examples an OpenAPI viewer shows (copied from docs/API.md) conform to their schema.
    @Test func embeddedExamplesConform() {
        var checked = 0
        visit(document.root["paths"] ?? .null, at: "#/paths") { media, pointer in
            guard let schema = media["schema"], let examples = media["examples"]?.objectValue else { return }
            for (name, example) in examples {
                checked += 1
                #expect(document.validate(example["value"] ?? .null, against: schema) == [], "\(pointer)/examples/\(name)")
            }
        }
        #expect(checked >= 12)
    }

    @Test func errorsShareOneSchemaWithTheCodeOfTheirStatus() throws {
        let codes = [
            400: "invalid_parameter", 401: "unauthorized", 403: "forbidden", 404: "not_found",
            405: "method_not_allowed", 413: "payload_too_large", 500: "internal", 502: "upstream_error",
            503: "unavailable", 504: "upstream_timeout",
        ]
        for (status, code) in codes {
            let body = errorBody(code)
            #expect(document.validate(body, path: "/users/{userId}", status: status) == [], "\(status)")
            let wrong = errorBody(status == 400 ? "internal" : "invalid_parameter")
            #expect(document.validate(wrong, path: "/users/{userId}", status: status) != [], "\(status) refuses another code")
        }
    }

    @Test func findsTheTemplateOfARequestPath() {
        #expect(document.pathTemplate(matching: "/users/1001") == "/users/{userId}")
        #expect(document.pathTemplate(matching: "/fingerprints/fp%2Fa?limit=2") == "/fingerprints/{fp}")
        #expect(document.pathTemplate(matching: "/users/") == "/users")
        #expect(document.pathTemplate(matching: "/fraud/stats") == "/fraud/stats")
        #expect(document.pathTemplate(matching: "/nope") == nil)
        #expect(document.validate(.null, path: "/nope", status: 200) == ["/nope is not a documented path"])
        #expect(document.validate(.null, path: "/users", status: 501) == ["GET /users documents no 501 response"])
    }

    private func errorBody(_ code: String) -> JSONValue {
        .object([
            ("error", .object([("code", .string(code)), ("message", .string("m"))])),
            ("request_id", .string("r-1")),
        ])
    }

    private func visit(_ value: JSONValue, at pointer: String, _ body: (JSONValue, String) -> Void) {
        body(value, pointer)
        switch value {
        case .object(let members):
            for (name, member) in members { visit(member, at: "\(pointer)/\(SchemaCheck.escape(name))", body) }
        case .array(let elements):
            for (index, element) in elements.enumerated() { visit(element, at: "\(pointer)/\(index)", body) }
        default: break
        }
    }

    /// Calls `body` on each schema object reachable through the schema keywords.
    private func visitSchema(_ schema: JSONValue, _ body: (JSONValue) -> Void) {
        guard case .object = schema else { return }
        body(schema)
        for keyword in ["items", "additionalProperties", "unevaluatedProperties"] {
            if let sub = schema[keyword] { visitSchema(sub, body) }
        }
        for (_, sub) in schema["properties"]?.objectValue ?? [] { visitSchema(sub, body) }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            for sub in schema[keyword]?.arrayValue ?? [] { visitSchema(sub, body) }
        }
    }
}
