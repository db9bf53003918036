import ImpressJSON
import Testing

/// The validator itself, keyword by keyword: each row is a schema, a body, and the exact
/// errors expected (none when the body is valid).
@Suite struct SchemaCheckTests {
    /// A document that gives `$ref` something to point at.
    static let document = OpenAPIDocument(
        root: .object([
            ("components", .object([
                ("schemas", .object([
                    ("Id", .object([("type", .string("string"))])),
                    ("Loop", .object([("$ref", .string("#/components/schemas/Loop"))])),
                    ("Base", .object([
                        ("properties", .object([("a", .object([("type", .string("integer"))]))])),
                        ("required", .array([.string("a")])),
                    ])),
                    ("a/b~c", .object([("const", .bool(true))])),
                ])),
            ])),
        ]))

    static let cases: [(keyword: String, schema: String, body: String, errors: [String])] = [
        ("true schema", "true", "[1]", []),
        ("false schema", "false", "1", ["#: member not allowed"]),
        ("type string", #"{"type":"string"}"#, #""x""#, []),
        ("type string", #"{"type":"string"}"#, "1", ["#: expected string, got integer 1"]),
        ("type list", #"{"type":["integer","null"]}"#, "null", []),
        ("type list", #"{"type":["integer","null"]}"#, "1.5", ["#: expected integer or null, got number 1.5"]),
        ("integer literal", #"{"type":"integer"}"#, "12345678901234567890123", []),
        ("integer by value", #"{"type":"integer"}"#, "100.0", []),
        ("integer by value", #"{"type":"integer"}"#, "1.5e1", []),
        ("integer by value", #"{"type":"integer"}"#, "-0.0e0", []),
        ("not integer", #"{"type":"integer"}"#, "1e-2", ["#: expected integer, got number 1e-2"]),
        ("not integer", #"{"type":"integer"}"#, "0.25", ["#: expected integer, got number 0.25"]),
        ("number takes integers", #"{"type":"number"}"#, "7", []),
        ("boolean", #"{"type":"boolean"}"#, #""true""#, ["#: expected boolean, got string"]),
        ("object", #"{"type":"object"}"#, "[]", ["#: expected object, got array"]),
        ("array", #"{"type":"array"}"#, "{}", ["#: expected array, got object"]),
        ("enum", #"{"enum":["low",null]}"#, "null", []),
        ("enum", #"{"enum":["low",null]}"#, #""LOW""#, [#"#: "LOW" is not one of ["low",null]"#]),
        ("const", #"{"const":"ok"}"#, #""ok""#, []),
        ("const", #"{"const":"ok"}"#, #""degraded""#, [#"#: expected "ok", got "degraded""#]),
        ("minimum", #"{"minimum":0}"#, "0", []),
        ("minimum", #"{"minimum":0}"#, "-1", ["#: -1.0 is below the minimum 0.0"]),
        ("maximum", #"{"maximum":1}"#, "1.01", ["#: 1.01 is above the maximum 1.0"]),
        ("minimum ignores strings", #"{"minimum":0}"#, #""-1""#, []),
        ("pattern", #"{"pattern":"^[0-9]{4}-[0-9]{2}$"}"#, #""2026-12""#, []),
        ("pattern", #"{"pattern":"^[0-9]{4}-[0-9]{2}$"}"#, #""26-12""#, [#"#: "26-12" does not match ^[0-9]{4}-[0-9]{2}$"#]),
        ("maxItems", #"{"maxItems":1}"#, "[1,2]", ["#: 2 items, more than 1"]),
        ("minItems", #"{"minItems":1}"#, "[]", ["#: 0 items, fewer than 1"]),
        ("items", #"{"items":{"type":"string"}}"#, #"["a",2,"c",{}]"#,
         ["#/1: expected string, got integer 2", "#/3: expected string, got object"]),
        ("required", #"{"required":["a","b"]}"#, #"{"a":1}"#, [#"#: missing required member "b""#]),
        ("required ignores non-objects", #"{"required":["a"]}"#, "1", []),
        ("properties", #"{"properties":{"a":{"type":"string"}}}"#, #"{"a":1,"b":2}"#, ["#/a: expected string, got integer 1"]),
        ("additionalProperties false", #"{"properties":{"a":{}},"additionalProperties":false}"#, #"{"a":1,"x/y":2}"#,
         ["#/x~1y: member not allowed"]),
        ("additionalProperties schema", #"{"additionalProperties":{"type":"integer","minimum":1}}"#, #"{"vpn":3,"tor":0}"#,
         ["#/tor: 0.0 is below the minimum 1.0"]),
        ("property false", #"{"properties":{"PK":false}}"#, #"{"PK":"FP#a","x":1}"#, ["#/PK: member not allowed"]),
        ("$ref", ##"{"$ref":"#/components/schemas/Id"}"##, "3", ["#: expected string, got integer 3"]),
        ("$ref escaped", ##"{"$ref":"#/components/schemas/a~1b~0c"}"##, "true", []),
        ("$ref unresolvable", ##"{"$ref":"#/components/schemas/Nope"}"##, "1", ["#: unresolvable $ref #/components/schemas/Nope"]),
        ("$ref cycle", ##"{"$ref":"#/components/schemas/Loop"}"##, "1", ["#: schema nests deeper than 64"]),
        ("allOf", #"{"allOf":[{"type":"integer"},{"minimum":5}]}"#, "3", ["#: 3.0 is below the minimum 5.0"]),
        ("anyOf", #"{"anyOf":[{"type":"string"},{"type":"null"}]}"#, "null", []),
        ("anyOf", #"{"anyOf":[{"type":"string"},{"type":"null"}]}"#, "1",
         ["#: matches none of the 2 anyOf schemas", "  #: expected string, got integer 1"]),
        ("oneOf", #"{"oneOf":[{"required":["a"]},{"required":["b"]}]}"#, #"{"b":1}"#, []),
        ("oneOf none", #"{"oneOf":[{"required":["a"]},{"required":["b"]}]}"#, "{}",
         ["#: matches none of the 2 oneOf schemas", #"  #: missing required member "a""#]),
        ("oneOf both", #"{"oneOf":[{"required":["a"]},{"required":["b"]}]}"#, #"{"a":1,"b":2}"#,
         ["#: matches 2 of the oneOf schemas, not exactly one"]),
        ("unevaluatedProperties through allOf $ref", ##"{"allOf":[{"$ref":"#/components/schemas/Base"}],"properties":{"b":{}},"unevaluatedProperties":false}"##,
         #"{"a":1,"b":2}"#, []),
        ("unevaluatedProperties stray", ##"{"allOf":[{"$ref":"#/components/schemas/Base"}],"properties":{"b":{}},"unevaluatedProperties":false}"##,
         #"{"a":1,"b":2,"c":3}"#, ["#/c: member not allowed"]),
        ("unevaluatedProperties after a failed allOf", ##"{"allOf":[{"$ref":"#/components/schemas/Base"}],"unevaluatedProperties":false}"##,
         #"{"a":"x"}"#, ["#/a: expected integer, got string", "#/a: member not allowed"]),
        ("format is an annotation", #"{"type":"string","format":"date-time"}"#, #""not a date""#, []),
        ("nested pointer", #"{"properties":{"items":{"items":{"properties":{"n":{"type":"integer"}}}}}}"#,
         #"{"items":[{"n":1},{"n":"2"}]}"#, ["#/items/1/n: expected integer, got string"]),
    ]

    @Test(arguments: cases)
    func keyword(row: (keyword: String, schema: String, body: String, errors: [String])) throws {
        let schema = try JSONParser.parse(row.schema)
        let body = try JSONParser.parse(row.body)
        #expect(Self.document.validate(body, against: schema) == row.errors, "\(row.keyword)")
    }

    @Test(arguments: [
        ("0", true), ("-7", true), ("100.000", true), ("1.5E+1", true), ("12e-1", false), ("120e-1", true),
        ("0.1", false), ("1e400", true), ("0e-5", true),
    ])
    func integralByValue(literal: String, integral: Bool) {
        #expect(SchemaCheck.isIntegral(literal) == integral)
    }
}
