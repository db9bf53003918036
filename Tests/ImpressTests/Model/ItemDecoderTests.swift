import ImpressJSON
import ImpressModel
import Testing

@testable import ImpressApp

/// The one-pass item decoder (`Event(wire:)`): what it keeps, what it refuses and why, and that
/// it agrees with the general decoders (`JSONParser` → `Item(wire:)`) it replaced.
@Suite struct ItemDecoderTests {
    func decode(_ text: String) throws(ItemDecodingError) -> Event {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(ItemDecodingError) in try Event(wire: buffer) }
        }.get()
    }

    /// The general decoders' item for `text`, or nil when they refuse it.
    func general(_ text: String) -> Item? {
        (try? JSONParser.parse(text, options: .init(rejectDuplicateKeys: true))).flatMap { try? Item(wire: $0) }
    }

    static let required = #""fingerprint":{"S":"fp1"},"organizationId":{"S":"org_a"},"timestamp":{"N":"1700000000000"}"#

    @Test func readsTheFieldsAndKeepsExactNumberTexts() throws {
        let e = try decode(
            #"{"PK":{"S":"FP#fp1"},"SK":{"S":"EVENT#1700000000000#2"},"#
                + #""fingerprint":{"S":"fp1"},"organizationId":{"S":"org_a"},"timestamp":{"N":"1700000000000"},"#
                + #""user_id":{"S":"u\u00e9"},"domainprint":{"S":"dp"},"domain":{"S":"a.example"},"event_type":{"S":"login"},"#
                + #""ip":{"S":"10.0.0.1"},"country":{"S":"ES"},"city":{"S":"Madrid"},"latitude":{"N":"40.4168"},"#
                + #""longitude":{"N":"-3.7038"},"risk_score":{"N":"75.50"},"signals":{"SS":["vpn","bot"]},"#
                + #""utm_source":{"S":"g"},"utm_medium":{"S":"cpc"},"utm_campaign":{"S":"c"},"#
                + #""revenue":{"N":"12345678901234567890123456789012345678"},"session_id":{"S":"s1"},"#
                + #""browser":{"S":"Chrome"}}"#)
        #expect(e.fingerprint == "fp1")
        #expect(e.organizationId == "org_a")
        #expect(e.timestamp == 1_700_000_000_000)
        #expect(e.sortKey == "EVENT#1700000000000#2")
        #expect(e.userId == "u\u{e9}")
        #expect([e.domainprint, e.domain, e.eventType, e.ip] == ["dp", "a.example", "login", "10.0.0.1"])
        #expect([e.country, e.city, e.utmSource, e.utmMedium, e.utmCampaign, e.sessionId] == ["ES", "Madrid", "g", "cpc", "c", "s1"])
        #expect(e.latitude == 40.4168 && e.latitudeText == "40.4168")
        #expect(e.longitude == -3.7038 && e.longitudeText == "-3.7038")
        #expect(e.riskScore == 75.5 && e.riskScoreText == "75.50")
        #expect(e.revenueText == "12345678901234567890123456789012345678")
        #expect(e.signals == ["vpn", "bot"])
        // Only what no field reproduces stays as text.
        #expect(String(decoding: e.otherAttributes.bytes, as: UTF8.self) == #"{"signals":{"SS":["vpn","bot"]},"browser":{"S":"Chrome"}}"#)
        #expect(e.item["PK"] == .s("FP#fp1"))
        #expect(e.item["revenue"] == .n("12345678901234567890123456789012345678"))
        #expect(e.item.count == 22)
    }

    @Test(arguments: [
        // Not held: the field cannot give the value back as it was.
        (#""timestamp":{"N":"1700000000000.0"}"#, "timestamp", AttributeValue.n("1700000000000.0")),
        (#""PK":{"S":"FP#other"}"#, "PK", .s("FP#other")),
        (#""latitude":{"N":"91"}"#, "latitude", .n("91")),
        (#""latitude":{"N":"1e400"}"#, "latitude", .n("1e400")),
        (#""user_id":{"N":"7"}"#, "user_id", .n("7")),
        (#""signals":{"L":[{"S":"vpn"},{"N":"1"}]}"#, "signals", .l([.s("vpn"), .n("1")])),
    ])
    func attributesNoFieldHoldsPassThrough(member: String, name: String, value: AttributeValue) throws {
        let required = [
            #""fingerprint":{"S":"fp1"}"#, #""organizationId":{"S":"org_a"}"#, #""timestamp":{"N":"1700000000000"}"#,
        ]
        let others = required.filter { !$0.hasPrefix("\"\(name)\"") }
        let e = try decode("{" + (others + [member]).joined(separator: ",") + "}")
        #expect(e.item[name] == value)
        #expect(e.item.count == others.count + 1)
        #expect(e.timestamp == 1_700_000_000_000)
    }

    @Test func signalsAsAListKeepTheirStrings() throws {
        let e = try decode("{" + Self.required + #","signals":{"L":[{"S":"vpn"},{"N":"1"},{"S":"tor"}]}}"#)
        #expect(e.signals == ["vpn", "tor"])
        #expect(e.latitude == nil && e.userId == nil && e.sortKey == "EVENT#1700000000000")
    }

    @Test func outOfRangeCoordinatesAndInfiniteScoresAreDropped() throws {
        let e = try decode(
            "{" + Self.required + #","latitude":{"N":"90.5"},"longitude":{"N":"180"},"risk_score":{"N":"1e400"},"revenue":{"N":"2e400"}}"#)
        #expect(e.latitude == nil && e.latitudeText == nil)
        #expect(e.longitude == 180 && e.longitudeText == "180")
        #expect(e.riskScore == nil && e.riskScoreText == nil && e.revenueText == nil)
        #expect(e.item["risk_score"] == .n("1e400"))
    }

    static let deep = String(repeating: #"{"L":["#, count: 40) + String(repeating: "]}", count: 40)

    @Test(arguments: [
        // JSON errors come first, wherever they are.
        ("{" + required + #","x":{"Q":1}"#, "invalid JSON"),
        ("{" + required + "} x", "trailing characters"),
        ("{" + required + #","deep":"# + deep + "}", "nesting deeper than 64"),
        ("{" + required + #","fingerprint":{"S":"g"}}"#, "duplicate member name"),
        ("{" + required + #","finger\u0070rint":{"S":"g"}}"#, "duplicate member name"),
        ("{" + required + #","m":{"M":{"a":{"S":"1"},"a":{"S":"2"}}}}"#, "duplicate member name"),
        ("{" + required + #","x":{"S":"a\ud800"}}"#, "lone surrogate"),
        // Then the first attribute that is not a typed value, by the general decoder's words.
        ("{" + required + #","x":{"S":1}}"#, "attribute x: S needs a string"),
        ("{" + required + #","x":{"S":"a","N":"1"}}"#, "attribute x: expected an object with exactly one type key"),
        ("{" + required + #","x":{"Q":"a","N":"1"}}"#, "attribute x: expected an object with exactly one type key"),
        ("{" + required + #","x":{}}"#, "attribute x: expected an object with exactly one type key"),
        ("{" + required + #","x":"S"}"#, "attribute x: expected an object with exactly one type key"),
        ("{" + required + #","x":{"Q":"a"}}"#, "attribute x: unknown type Q"),
        ("{" + required + #","x":{"N":"12a"}}"#, "attribute x: N is not a number"),
        ("{" + required + #","x":{"N":"1e10000"}}"#, "attribute x: N is not a number"),
        ("{" + required + #","x":{"NS":["1","x"]}}"#, "attribute x: NS holds a non-number"),
        ("{" + required + #","x":{"BOOL":"yes"}}"#, "attribute x: BOOL needs true or false"),
        ("{" + required + #","x":{"SS":"a"}}"#, "attribute x: SS needs an array"),
        ("{" + required + #","x":{"L":[{"S":"a"},{"S":2}]}}"#, "attribute x[1]: S needs a string"),
        ("{" + required + #","x":{"M":{"y":{"BS":[1]}}}}"#, "attribute x.y: BS needs strings"),
        ("[1]", "attribute : expected an object"),
        // Then the fields every event has.
        (#"{"fingerprint":{"N":"1"},"organizationId":{"S":"o"},"timestamp":{"N":"1"}}"#, "attribute fingerprint: missing"),
        (#"{"fingerprint":{"S":"f"},"timestamp":{"N":"1"}}"#, "attribute organizationId: missing"),
        (#"{"fingerprint":{"S":"f"},"organizationId":{"S":"o"},"timestamp":{"N":"1.5"}}"#, "attribute timestamp: missing"),
        (#"{"fingerprint":{"S":"f"},"organizationId":{"S":"o"},"timestamp":{"N":"1e400"}}"#, "attribute timestamp: missing"),
        (#"{"fingerprint":{"S":"f"},"organizationId":{"S":"o"},"timestamp":{"S":"1"}}"#, "attribute timestamp: missing"),
    ])
    func hostileItemsAreRefusedWithTheGeneralDecodersReason(text: String, reason: String) {
        #expect {
            try decode(text)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = Array(("{" + Self.required + #","x":{"S":"ab"}}"#).utf8)
        let quote = bytes.lastIndex(of: UInt8(ascii: "b")) ?? 0
        bytes[quote] = 0xC3  // a lead byte with no continuation
        let error = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(ItemDecodingError) in try Event(wire: buffer) }
        }
        guard case .failure(.json(let json)) = error else {
            Issue.record("decoded invalid UTF-8")
            return
        }
        #expect(json.reason == "invalid UTF-8")
    }

    @Test(arguments: [
        #"{"a":{"NULL":{"any":[1,2,{"x":null}]}}}"#, #"{"a":{"BOOL":false}}"#, #"{"a":{"B":"AAE="}}"#,
        #"{"a":{"BS":[]}}"#, #"{"a":{"NS":["1","-2.5e3"]}}"#, #"{"a":{"M":{}}}"#, #"{"a":{"L":[]}}"#,
        #"{"a":{"\u0053":"x"}}"#, #"{"a":{"S":"Zürich ✓ \n"}}"#, #"{ "a" : { "S" : "x" } }"#, #"{"a":{"M":{"b":{"L":[{"M":{"c":{"N":"1"}}}]}}}}"#,
    ])
    func otherTypedValuesAgreeWithTheGeneralDecoder(attributes: String) throws {
        let text = "{" + Self.required + "," + attributes.dropFirst()
        let expected = try #require(general(text))
        #expect(try decode(text).item == expected)
    }

    /// Every demo item, written as the store's file holds it, decodes to the event the general
    /// decoder's item describes, and gives that item back whole.
    @Test func agreesWithTheGeneralDecoderOnTheDemoData() throws {
        let demo = DemoData(organizations: ["org_a", "org_b"], eventsPerOrganization: 300, seed: 7, now: 1_764_806_400_000)
        for line in DemoData.jsonLines(demo.items()).split(separator: "\n") {
            let item = try #require(general(String(line)))
            let e = try decode(String(line))
            #expect(e.item == item)
            #expect(e.fingerprint == item["fingerprint"]?.stringValue)
            #expect(e.organizationId == item["organizationId"]?.stringValue)
            #expect(item["timestamp"] == .n(String(e.timestamp)))
            #expect(e.sortKey == item["SK"]?.stringValue)
            #expect(e.userId == item["user_id"]?.stringValue)
            #expect(e.domainprint == item["domainprint"]?.stringValue)
            #expect(e.domain == item["domain"]?.stringValue)
            #expect(e.eventType == item["event_type"]?.stringValue)
            #expect(e.ip == item["ip"]?.stringValue)
            #expect(e.country == item["country"]?.stringValue)
            #expect(e.city == item["city"]?.stringValue)
            #expect(e.latitudeText == item["latitude"]?.numberText)
            #expect(e.longitudeText == item["longitude"]?.numberText)
            #expect(e.latitude == item["latitude"]?.numberText.flatMap(Double.init))
            #expect(e.riskScoreText == item["risk_score"]?.numberText)
            #expect(e.utmSource == item["utm_source"]?.stringValue)
            #expect(e.utmMedium == item["utm_medium"]?.stringValue)
            #expect(e.utmCampaign == item["utm_campaign"]?.stringValue)
            #expect(e.revenueText == item["revenue"]?.numberText)
            #expect(e.sessionId == item["session_id"]?.stringValue)
            switch item["signals"] {
            case .ss(let s)?: #expect(e.signals == s)
            case .l(let l)?: #expect(e.signals == l.compactMap(\.stringValue))
            default: #expect(e.signals.isEmpty)
            }
            var visible = item
            visible["PK"] = nil
            visible["SK"] = nil
            #expect(e.responseJSON == visible.plain)
        }
    }
}
