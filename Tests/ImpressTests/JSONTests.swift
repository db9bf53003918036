import Testing
import ImpressJSON

@Suite struct JSONTests {
    @Test(arguments: [
        ("100", "100"), ("100.0", "100"), ("1.5E2", "150"), ("-0", "0"), ("0.25", "0.25"),
        ("12345678901234567890123", "12345678901234567890123"), ("1e3", "1000"), ("-12.50", "-12.5"),
        ("0.000", "0"), ("00012", "12"), ("123456789012345678901234567890123456.00", "123456789012345678901234567890123456"),
        // Already their own literal (echoed without parsing) and their neighbours that are not.
        ("48.8566", "48.8566"), ("-0.5", "-0.5"), ("0.05", "0.05"), ("0.0001", "0.0001"), ("0.00001", "1e-05"),
        ("007.5", "7.5"), ("5.", "5"), ("-0.0", "0"), ("96", "96"), ("-96", "-96"), ("0", "0"),
        ("9007199254740993", "9007199254740993"), ("123456789012345.5", "123456789012345.5"),
        ("1" + String(repeating: "0", count: 299), "1" + String(repeating: "0", count: 299)),
    ])
    func decimalEncoderRule(input: String, expected: String) {
        #expect(JSONNumber.literal(decimal: input) == expected)
    }

    /// Plain fractions of at most 15 significant digits from 0.1 up are echoed as written: Swift's
    /// own shortest text of their Double is the same text (checked here against the stdlib).
    @Test func plainFractionsAreTheirOwnLiteral() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let integerDigits = Int(random.next() % 8)
            let fractionDigits = 1 + Int(random.next() % UInt64(15 - max(integerDigits, 1)))
            var text = random.next() % 2 == 0 ? "" : "-"
            text += integerDigits == 0 ? "0" : String(1 + random.next() % 9)
            for _ in 1..<max(integerDigits, 1) { text += String(random.next() % 10) }
            text += "."
            for i in 0..<fractionDigits {
                let nonzero = (i == 0 && integerDigits == 0) || i == fractionDigits - 1
                text += String(nonzero ? 1 + random.next() % 9 : random.next() % 10)
            }
            #expect(Double(text).map { "\($0)" } == text)
            #expect(JSONNumber.literal(decimal: text) == text)
        }
    }

    @Test(arguments: ["", "abc", "1.2.3", "--1", "1e", "."])
    func notADecimal(input: String) {
        #expect(JSONNumber.literal(decimal: input) == nil)
    }

    @Test func roundsTo2Decimals() {
        #expect(JSONOutputTests.written { $0.rounded2(2.0 / 3.0) } == "0.67")
        #expect(JSONOutputTests.written { $0.rounded2(10) } == "10")
        #expect(JSONOutputTests.written { $0.rounded2(1.005 * 100) } == "100.5")
        #expect(JSONOutputTests.written { $0.rounded2(-1.234) } == "-1.23")
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

/// The streaming writer route bodies are made with: every expected text written out by hand.
@Suite struct JSONOutputTests {
    static func written(_ write: (inout JSONOutput) -> Void) -> String {
        var out = JSONOutput()
        write(&out)
        return String(decoding: out.finished(), as: UTF8.self)
    }

    @Test func nestsAndPlacesCommas() {
        let text = Self.written { out in
            out.object { out in
                out.key("a")
                out.array { out in
                    out.int(1)
                    out.object { _ in }
                    out.array { _ in }
                    out.object { out in
                        out.key("b")
                        out.null()
                        out.key("c")
                        out.bool(true)
                    }
                    out.bool(false)
                }
                out.key("d")
                out.object { out in
                    out.key("e")
                    out.array { out in out.array { out in out.string("x") } }
                }
                out.key("f")
                out.strings(["p", "q"])
                out.key("g")
                out.strings([])
            }
        }
        #expect(text == #"{"a":[1,{},[],{"b":null,"c":true},false],"d":{"e":[["x"]]},"f":["p","q"],"g":[]}"#)
    }

    /// Past the room it starts with (64 bytes at least), the writer grows and keeps every byte.
    @Test func growsPastItsInitialRoom() {
        var out = JSONOutput(capacity: 0)
        out.array { out in
            for _ in 0..<30 { out.string("abcdefghij") }
            out.int(Int.min)
        }
        let expected = "[" + Array(repeating: #""abcdefghij""#, count: 30).joined(separator: ",") + ",-9223372036854775808]"
        let bytes = out.finished()
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        #expect(bytes.count == 1 + 30 * 13 + 21)
    }

    @Test func escapesStringsAndDataKeys() {
        let text = Self.written { out in
            out.object { out in
                out.key(escaping: "k\"\\\u{1F}")
                out.string("a\"b\\c\u{01}\n\r\t\u{08}é😀/")
                out.key("absent")
                out.string(nil as String?)
                out.key("present")
                out.string("v" as String?)
            }
        }
        #expect(text == #"{"k\"\\\u001f":"a\"b\\c\u0001\n\r\t\u0008é😀/","absent":null,"present":"v"}"#)
    }

    @Test(arguments: [
        (0, "0"), (7, "7"), (-1, "-1"), (10, "10"), (-90, "-90"), (1_000_000, "1000000"),
        (Int.max, "9223372036854775807"), (Int.min, "-9223372036854775808"),
    ])
    func writesIntegers(value: Int, expected: String) {
        #expect(Self.written { $0.int(value) } == expected)
        #expect(Self.written { $0.int(Int64(value)) } == expected)
    }

    @Test func writesComputedNumbers() {
        #expect(Self.written { $0.rounded2(0.125) } == "0.13")
        #expect(Self.written { $0.rounded2(-0.125) } == "-0.13")
        #expect(Self.written { $0.rounded2(-0.001) } == "0")
        #expect(Self.written { $0.rounded2(Double.nan) } == "0")
        #expect(Self.written { $0.rounded2(-Double.infinity) } == "0")
        #expect(Self.written { $0.rounded2(nil as Double?) } == "null")
        #expect(Self.written { $0.rounded2(2.5 as Double?) } == "2.5")
        // At 10^15 and above, Swift's own shortest text (as `formatDouble` always wrote it).
        #expect(Self.written { $0.double(1e15) } == "1000000000000000.0")
        #expect(Self.written { $0.double(1e16) } == "1e+16")
        #expect(Self.written { $0.double(999_999_999_999_999) } == "999999999999999")
        #expect(Self.written { $0.double(0.1) } == "0.1")
    }

    @Test func echoesStoredDecimalsByTheDecimalEncoderRule() {
        #expect(Self.written { $0.decimal("100.0") } == "100")
        #expect(Self.written { $0.decimal("-12.50") } == "-12.5")
        #expect(Self.written { $0.decimal("12345678901234567890123") } == "12345678901234567890123")
        #expect(Self.written { $0.decimal("abc") } == "null")
        #expect(Self.written { $0.decimal(nil) } == "null")
        #expect(Self.written { $0.number("30.5") } == "30.5")
    }

    @Test func writesTreesInPlace() {
        let tree = JSONValue.object([("n", .number("1")), ("s", .array([.string("x"), .null]))])
        let text = Self.written { out in
            out.array { out in
                out.value(tree)
                out.int(2)
                out.value(.bool(true))
            }
        }
        #expect(text == #"[{"n":1,"s":["x",null]},2,true]"#)
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
