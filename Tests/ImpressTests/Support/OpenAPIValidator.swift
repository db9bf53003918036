import Foundation
import ImpressHTTP
import ImpressJSON

/// `docs/openapi.json`, read at test time, and a check of response bodies against it, so a
/// route that drifts from the documented shape fails a test instead of the dashboard.
///
/// One line checks a real response: `#expect(try OpenAPIDocument().validate(response, path: "/users") == [])`.
struct OpenAPIDocument: Sendable {
    struct DocumentError: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository's document: from `Tests/ImpressTests/Support/` up to the package root.
    static let repositoryPath: String = {
        let components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        return (components.dropLast(4) + ["docs", "openapi.json"]).joined(separator: "/")
    }()

    let root: JSONValue

    init(contentsOf path: String = OpenAPIDocument.repositoryPath) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DocumentError(description: "cannot read \(path)")
        }
        do {
            root = try JSONParser.parse(Array(data), options: .init(rejectDuplicateKeys: true))
        } catch {
            throw DocumentError(description: "\(path): \(error)")
        }
    }

    init(root: JSONValue) {
        self.root = root
    }

    /// The documented path templates (`/users/{userId}`, …).
    var pathTemplates: [String] { root["paths"]?.objectValue?.map(\.key) ?? [] }

    /// The template a request path falls under: itself when documented, else the template
    /// whose segments match (`{name}` matches one non-empty segment). A query string and a
    /// trailing slash are ignored.
    func pathTemplate(matching requestPath: String) -> String? {
        let path = requestPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if pathTemplates.contains(path) { return path }
        let segments = path.split(separator: "/")
        return pathTemplates.first { template in
            let parts = template.split(separator: "/")
            return parts.count == segments.count
                && zip(parts, segments).allSatisfy { part, segment in part.hasPrefix("{") || part == segment }
        }
    }

    /// The documented response of `GET path` with `status`, its `$ref` resolved.
    func response(path: String, status: Int) -> Result<JSONValue, DocumentError> {
        guard let template = pathTemplate(matching: path) else {
            return .failure(DocumentError(description: "\(path) is not a documented path"))
        }
        guard let response = root["paths"]?[template]?["get"]?["responses"]?[String(status)] else {
            return .failure(DocumentError(description: "GET \(template) documents no \(status) response"))
        }
        guard let resolved = dereference(response) else {
            return .failure(DocumentError(description: "GET \(template) \(status): unresolvable $ref"))
        }
        return .success(resolved)
    }

    /// The errors of `body` against the documented `GET path` response with `status`, each
    /// with a JSON pointer into the body (`#/items/0/user_id: …`); empty when it conforms.
    func validate(_ body: JSONValue, path: String, status: Int) -> [String] {
        switch response(path: path, status: status) {
        case .failure(let error): return [error.description]
        case .success(let response):
            guard let schema = response["content"]?["application/json"]?["schema"] else {
                return ["GET \(path) \(status) documents no application/json body"]
            }
            return validate(body, against: schema)
        }
    }

    /// A whole response: its JSON body (duplicate member names refused), its content type,
    /// and the headers the document marks required.
    func validate(_ response: HTTPResponse, path: String) -> [String] {
        var errors: [String] = []
        if response.header("Content-Type") != "application/json; charset=utf-8" {
            errors.append("Content-Type is \(response.header("Content-Type") ?? "absent"), not application/json; charset=utf-8")
        }
        if case .success(let documented) = self.response(path: path, status: response.status) {
            for (name, header) in documented["headers"]?.objectValue ?? [] {
                guard dereference(header)?["required"]?.boolValue == true else { continue }
                if response.header(name) == nil { errors.append("header \(name) is missing") }
            }
        }
        do {
            let body = try JSONParser.parse(response.body, options: .init(rejectDuplicateKeys: true))
            return errors + validate(body, path: path, status: response.status)
        } catch {
            return errors + ["body is not JSON: \(error)"]
        }
    }

    /// The errors of `value` against one schema of this document (its `$ref`s resolve here).
    func validate(_ value: JSONValue, against schema: JSONValue) -> [String] {
        SchemaCheck(document: self).check(value, schema, at: "#", depth: 0).errors
    }

    /// The value a local reference (`#/components/schemas/Event`) points at.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return reference == "#" ? root : nil }
        var node: JSONValue? = root
        for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            node = node?[name]
        }
        return node
    }

    /// An object with a `$ref` replaced by what it names (one level, as OpenAPI objects use it).
    func dereference(_ value: JSONValue) -> JSONValue? {
        guard let reference = value["$ref"]?.stringValue else { return value }
        return resolve(reference)
    }
}

/// JSON Schema 2020-12, the part `docs/openapi.json` uses. Annotation keywords (`description`,
/// `default`, `format`, `example`, …) are ignored; `supportedKeywords` lists the assertions,
/// and the document tests check that nothing else is used, so no rule is silently skipped.
struct SchemaCheck {
    static let supportedKeywords: Set<String> = [
        "$ref", "type", "enum", "const", "minimum", "maximum", "pattern", "minItems", "maxItems",
        "properties", "required", "additionalProperties", "unevaluatedProperties", "items",
        "allOf", "anyOf", "oneOf",
    ]
    static let annotationKeywords: Set<String> = ["description", "default", "format", "example", "examples", "title"]
    /// `$ref` cycles cannot run away.
    static let maxDepth = 64

    struct Outcome {
        var errors: [String] = []
        /// Members of the object at this location that some passing subschema evaluated, for
        /// `unevaluatedProperties`.
        var evaluated: Set<String> = []
    }

    let document: OpenAPIDocument

    func check(_ value: JSONValue, _ schema: JSONValue, at pointer: String, depth: Int) -> Outcome {
        guard depth <= Self.maxDepth else { return Outcome(errors: ["\(pointer): schema nests deeper than \(Self.maxDepth)"]) }
        switch schema {
        case .bool(true): return Outcome()
        case .bool(false): return Outcome(errors: ["\(pointer): member not allowed"])
        case .object: break
        default: return Outcome(errors: ["\(pointer): the schema is not an object or a boolean"])
        }
        var outcome = Outcome()
        func fail(_ message: String) { outcome.errors.append("\(pointer): \(message)") }

        if let reference = schema["$ref"]?.stringValue {
            if let target = document.resolve(reference) {
                merge(check(value, target, at: pointer, depth: depth + 1), into: &outcome)
            } else {
                fail("unresolvable $ref \(reference)")
            }
        }
        if let types = schema["type"], !matchesType(value, types) {
            fail("expected \(describe(types)), got \(kind(of: value))")
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            fail("\(JSONWriter.string(value)) is not one of \(JSONWriter.string(.array(allowed)))")
        }
        if let constant = schema["const"], constant != value {
            fail("expected \(JSONWriter.string(constant)), got \(JSONWriter.string(value))")
        }
        checkNumber(value, schema, fail: fail)
        checkString(value, schema, fail: fail)
        checkArray(value, schema, at: pointer, depth: depth, into: &outcome)
        checkObject(value, schema, at: pointer, depth: depth, into: &outcome)
        checkCombinators(value, schema, at: pointer, depth: depth, into: &outcome)
        checkUnevaluated(value, schema, at: pointer, depth: depth, into: &outcome)
        return outcome
    }

    private func merge(_ inner: Outcome, into outcome: inout Outcome) {
        outcome.errors += inner.errors
        if inner.errors.isEmpty { outcome.evaluated.formUnion(inner.evaluated) }
    }

    private func checkNumber(_ value: JSONValue, _ schema: JSONValue, fail: (String) -> Void) {
        guard let number = value.doubleValue else { return }
        if let minimum = schema["minimum"]?.doubleValue, number < minimum { fail("\(number) is below the minimum \(minimum)") }
        if let maximum = schema["maximum"]?.doubleValue, number > maximum { fail("\(number) is above the maximum \(maximum)") }
    }

    private func checkString(_ value: JSONValue, _ schema: JSONValue, fail: (String) -> Void) {
        guard let text = value.stringValue, let pattern = schema["pattern"]?.stringValue else { return }
        guard let regex = try? Regex(pattern) else { return fail("the pattern \(pattern) does not compile") }
        if text.firstMatch(of: regex) == nil { fail("\"\(text)\" does not match \(pattern)") }
    }

    private func checkArray(_ value: JSONValue, _ schema: JSONValue, at pointer: String, depth: Int, into outcome: inout Outcome) {
        guard let elements = value.arrayValue else { return }
        if let minItems = schema["minItems"]?.int64Value, elements.count < minItems {
            outcome.errors.append("\(pointer): \(elements.count) items, fewer than \(minItems)")
        }
        if let maxItems = schema["maxItems"]?.int64Value, elements.count > maxItems {
            outcome.errors.append("\(pointer): \(elements.count) items, more than \(maxItems)")
        }
        guard let itemSchema = schema["items"] else { return }
        for (index, element) in elements.enumerated() {
            outcome.errors += check(element, itemSchema, at: "\(pointer)/\(index)", depth: depth + 1).errors
        }
    }

    private func checkObject(_ value: JSONValue, _ schema: JSONValue, at pointer: String, depth: Int, into outcome: inout Outcome) {
        guard let members = value.objectValue else { return }
        for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !members.contains(where: { $0.key == name }) {
            outcome.errors.append("\(pointer): missing required member \"\(name)\"")
        }
        let properties = schema["properties"]
        for (name, member) in members {
            let memberPointer = "\(pointer)/\(Self.escape(name))"
            if let propertySchema = properties?[name] {
                outcome.errors += check(member, propertySchema, at: memberPointer, depth: depth + 1).errors
                outcome.evaluated.insert(name)
            } else if let additional = schema["additionalProperties"] {
                outcome.errors += check(member, additional, at: memberPointer, depth: depth + 1).errors
                outcome.evaluated.insert(name)
            }
        }
    }

    private func checkCombinators(_ value: JSONValue, _ schema: JSONValue, at pointer: String, depth: Int, into outcome: inout Outcome) {
        for subschema in schema["allOf"]?.arrayValue ?? [] {
            merge(check(value, subschema, at: pointer, depth: depth + 1), into: &outcome)
        }
        if let branches = schema["anyOf"]?.arrayValue {
            let results = branches.map { check(value, $0, at: pointer, depth: depth + 1) }
            let passing = results.filter(\.errors.isEmpty)
            if passing.isEmpty {
                outcome.errors.append("\(pointer): matches none of the \(branches.count) anyOf schemas")
                outcome.errors += Self.closest(results)
            }
            passing.forEach { outcome.evaluated.formUnion($0.evaluated) }
        }
        if let branches = schema["oneOf"]?.arrayValue {
            let results = branches.map { check(value, $0, at: pointer, depth: depth + 1) }
            let passing = results.filter(\.errors.isEmpty)
            switch passing.count {
            case 1: outcome.evaluated.formUnion(passing[0].evaluated)
            case 0:
                outcome.errors.append("\(pointer): matches none of the \(branches.count) oneOf schemas")
                outcome.errors += Self.closest(results)
            default: outcome.errors.append("\(pointer): matches \(passing.count) of the oneOf schemas, not exactly one")
            }
        }
    }

    /// `unevaluatedProperties` sees the members no other keyword of this schema (or of a
    /// passing subschema) evaluated: how a response composed with `allOf` refuses strays.
    private func checkUnevaluated(_ value: JSONValue, _ schema: JSONValue, at pointer: String, depth: Int, into outcome: inout Outcome) {
        guard let unevaluated = schema["unevaluatedProperties"], let members = value.objectValue else { return }
        for (name, member) in members where !outcome.evaluated.contains(name) {
            outcome.errors += check(member, unevaluated, at: "\(pointer)/\(Self.escape(name))", depth: depth + 1).errors
            outcome.evaluated.insert(name)
        }
    }

    /// The errors of the branch that came closest, so a failed `oneOf` still points at the member.
    private static func closest(_ results: [Outcome]) -> [String] {
        results.min(by: { $0.errors.count < $1.errors.count })?.errors.map { "  " + $0 } ?? []
    }

    private func matchesType(_ value: JSONValue, _ types: JSONValue) -> Bool {
        let names = types.arrayValue?.compactMap(\.stringValue) ?? types.stringValue.map { [$0] } ?? []
        return names.contains { name in
            switch (name, value) {
            case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string),
                ("array", .array), ("object", .object):
                return true
            case ("integer", .number(let text)): return Self.isIntegral(text)
            default: return false
            }
        }
    }

    /// Integral by value, decided on the literal's digits (`100.0` and `1.5e1` are, `1e-2`
    /// is not), never through a rounding Double. `literal` is valid JSON number grammar.
    static func isIntegral(_ literal: String) -> Bool {
        let parts = literal.lowercased().split(separator: "e", maxSplits: 1)
        guard let mantissa = parts.first, let exponent = parts.count > 1 ? Int(parts[1]) : 0 else { return false }
        let halves = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let fraction = halves.count > 1 ? halves[1] : ""
        let digits = (halves.first ?? "").filter(\.isNumber) + fraction
        let trailingZeros = digits.reversed().prefix(while: { $0 == "0" }).count
        if trailingZeros == digits.count { return true }  // zero
        return exponent - fraction.count + trailingZeros >= 0
    }

    private func kind(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let text): return Self.isIntegral(text) ? "integer \(text)" : "number \(text)"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    private func describe(_ types: JSONValue) -> String {
        types.arrayValue?.compactMap(\.stringValue).joined(separator: " or ") ?? types.stringValue ?? "?"
    }

    /// A member name as a JSON pointer token (RFC 6901 §3).
    static func escape(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
