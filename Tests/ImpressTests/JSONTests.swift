import Testing
import ImpressJSON

@Suite struct JSONTests {
    @Test(arguments: [
        ("100", "100"), ("100.0", "100"), ("1.5E2", "150"), ("-0", "0"), ("0.25", "0.25"),
        ("12345678901234567890123", "12345678901234567890123"), ("1e3", "1000"), ("-12.50", "-12.5"),
        ("0.000", "0"), ("00012", "12"), ("123456789012345678901234567890123456.00", "123456789012345678901234567890123456"),
    ])
    func decimalEncoderRule(input: String, expected: String) {
        #expect(JSONNumber.literal(decimal: input) == expected)
    }

    @Test(arguments: ["", "abc", "1.2.3", "--1", "1e", "."])
    func notADecimal(input: String) {
        #expect(JSONNumber.literal(decimal: input) == nil)
    }

    @Test func roundsTo2Decimals() {
        #expect(JSONNumber.rounded2(2.0 / 3.0) == "0.67")
        #expect(JSONNumber.rounded2(10) == "10")
        #expect(JSONNumber.rounded2(1.005 * 100) == "100.5")
        #expect(JSONNumber.rounded2(-1.234) == "-1.23")
    }

    @Test func parsesAndKeepsNumberText() throws {
        let v = try JSONParser.parse(#"{"a":[1,2.50,-3e10,true,false,null],"b":"x\u00e9\ud83d\ude00\n"}"#)
        #expect(v["a"] == .array([.number("1"), .number("2.50"), .number("-3e10"), .bool(true), .bool(false), .null]))
        #expect(v["b"] == .string("xé😀\n"))
        #expect(JSONWriter.string(v) == #"{"a":[1,2.50,-3e10,true,false,null],"b":"xé😀\n"}"#)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "\"\\x\"", "\"\u{01}\"", "[1] 2", "\"\\ud800\"", "tru", "{\"a\" 1}",
        "NaN", "'a'", "[" + String(repeating: "[", count: 100) + "]",
    ])
    func refusesMalformed(input: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(input) }
    }

    @Test func refusesDuplicateMembersWhenAsked() throws {
        let text = #"{"a":1,"a":2}"#
        _ = try JSONParser.parse(text)
        #expect(throws: JSONParser.Error.self) {
            try JSONParser.parse(text, options: .init(rejectDuplicateKeys: true))
        }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func escapesControlCharacters() {
        #expect(JSONWriter.string(.string("a\"b\\c\u{01}")) == #""a\"b\\c\u0001""#)
    }
}

@Suite struct JSONNumberRegressionTests {
    /// `abs(Int.min)` traps: an `N` of `1e-9223372036854775808` in a store line crashed the daemon.
    @Test func regression_exponentOfIntMinDoesNotTrap() {
        // Exponents beyond ±10000 are refused as numbers (a clear error upstream), never a trap.
        #expect(JSONNumber.literal(decimal: "1e-9223372036854775808") == nil)
        #expect(JSONNumber.literal(decimal: "1e9223372036854775807") == nil)
    }
}

import ImpressHTTP
import ImpressModel

@Suite struct WireOrderAndQueryTests {
    @Test func setsAreWrittenSorted() {
        #expect(AttributeValue.ss(["vpn", "bot", "Tor"]).plain == .strings(["Tor", "bot", "vpn"]))
        #expect(AttributeValue.ns(["10", "9.5", "-1", "1e1"]).plain == .array([.number("-1"), .number("9.5"), .number("10"), .number("10")]))
        #expect(AttributeValue.l([.s("b"), .s("a")]).plain == .strings(["b", "a"]))  // a list keeps its order
    }

    /// API.md §3: a cursor that does not decode is a 400, even when it is not even valid percent-encoding.
    @Test func regression_undecodableValueIsKeptForValidation() {
        let request = HTTPRequest(method: "GET", path: "/users", queryString: "cursor=%%%&limit=5&%zz=1", requestId: "r")
        #expect(request.query == ["cursor": "%%%", "limit": "5"])
    }
}
