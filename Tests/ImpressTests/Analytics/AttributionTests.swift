import ImpressJSON
import ImpressModel
import Testing

@testable import ImpressAnalytics

@Suite struct AttributionTests {
    private static func report(_ events: [Event], model: AttributionModel) -> AttributionReport {
        var accumulator = AttributionAccumulator()
        accumulator.add(contentsOf: events)
        return accumulator.finish(model: model)
    }

    private static func text(_ report: AttributionReport) -> String {
        SampleEvent.text { out in
            SampleEvent.writeItems(report.rows, to: &out) { $0.write(to: &$1) }
            report.writeSummaryMembers(to: &out)
        }
    }

    /// Five journeys:
    /// - u1: google/cpc/spring @1000, google/cpc/winter @1200, news/email @2000, purchase 100 @3000;
    /// - dp:D (two fingerprints): google/cpc/spring @1500, signup 0.1 @2500;
    /// - fp:F7 (anonymous): conversion 19.99 @500 (before any touch), news/email @600, conversion 0.2 @700;
    /// - u2 signed in on F7: purchase @800 — not stitched to F7's anonymous touches;
    /// - u3: google/cpc/spring @100, then a purchase 5 @900 that itself carries bing/cpc.
    private static func journeys() throws -> [Event] {
        try SampleEvent.events([
            SampleEvent(ts: 1000, fp: "F1", user: "u1", utmSource: "google", utmMedium: "cpc", utmCampaign: "spring"),
            SampleEvent(ts: 1200, fp: "F1", user: "u1", utmSource: "google", utmMedium: "cpc", utmCampaign: "winter"),
            SampleEvent(ts: 2000, fp: "F1", user: "u1", utmSource: "news", utmMedium: "email"),
            SampleEvent(ts: 3000, fp: "F1", user: "u1", type: "purchase", revenue: "100"),
            SampleEvent(ts: 1500, fp: "F5", dp: "D", utmSource: "google", utmMedium: "cpc", utmCampaign: "spring"),
            SampleEvent(ts: 2500, fp: "F6", dp: "D", type: "signup", revenue: "0.1"),
            SampleEvent(ts: 500, fp: "F7", type: "conversion", revenue: "19.99"),
            SampleEvent(ts: 600, fp: "F7", type: "pageview", utmSource: "news", utmMedium: "email"),
            SampleEvent(ts: 700, fp: "F7", type: "conversion", revenue: "0.2"),
            SampleEvent(ts: 800, fp: "F7", user: "u2", type: "purchase"),
            SampleEvent(ts: 100, fp: "F8", user: "u3", utmSource: "google", utmMedium: "cpc", utmCampaign: "spring"),
            SampleEvent(ts: 900, fp: "F8", user: "u3", type: "purchase", utmSource: "bing", utmMedium: "cpc", revenue: "5"),
            SampleEvent(ts: 950, fp: "F8", user: "u3", type: "pageview"),  // neither touch nor conversion
        ])
    }

    @Test func lastTouch() throws {
        // news gets u1's purchase (its latest touch) and F7's second conversion; the direct row
        // gets F7's first conversion and u2's; u3's purchase is its own (bing) touch.
        let expected = #"{"items":["#
            + #"{"source":"news","medium":"email","campaign":"(not set)","touches":2,"visitors":2,"conversions":2,"revenue":100.2,"conversion_rate":1},"#
            + #"{"source":"(direct)","medium":"(none)","campaign":"(not set)","touches":0,"visitors":0,"conversions":2,"revenue":19.99,"conversion_rate":0},"#
            + #"{"source":"google","medium":"cpc","campaign":"spring","touches":3,"visitors":3,"conversions":1,"revenue":0.1,"conversion_rate":0.33},"#
            + #"{"source":"bing","medium":"cpc","campaign":"(not set)","touches":1,"visitors":1,"conversions":1,"revenue":5,"conversion_rate":1},"#
            + #"{"source":"google","medium":"cpc","campaign":"winter","touches":1,"visitors":1,"conversions":0,"revenue":0,"conversion_rate":0}],"#
            + #""totals":{"touches":7,"visitors":4,"conversions":6,"revenue":125.29,"conversion_rate":1.5},"#
            + #""by_source":["#
            + #"{"source":"news","touches":2,"visitors":2,"conversions":2,"revenue":100.2,"conversion_rate":1},"#
            + #"{"source":"(direct)","touches":0,"visitors":0,"conversions":2,"revenue":19.99,"conversion_rate":0},"#
            + #"{"source":"google","touches":4,"visitors":3,"conversions":1,"revenue":0.1,"conversion_rate":0.33},"#
            + #"{"source":"bing","touches":1,"visitors":1,"conversions":1,"revenue":5,"conversion_rate":1}]}"#
        for order in SampleEvent.orders(of: try Self.journeys()) {
            #expect(Self.text(Self.report(order, model: .lastTouch)) == expected)
        }
    }

    @Test func firstTouch() throws {
        // u1, dp:D and u3 all go to google/cpc/spring (100 + 0.1 + 5); F7's conversion @500 is
        // still before its first touch: direct. bing and google/winter tie on 0 and 1: by source.
        let expected = #"{"items":["#
            + #"{"source":"google","medium":"cpc","campaign":"spring","touches":3,"visitors":3,"conversions":3,"revenue":105.1,"conversion_rate":1},"#
            + #"{"source":"(direct)","medium":"(none)","campaign":"(not set)","touches":0,"visitors":0,"conversions":2,"revenue":19.99,"conversion_rate":0},"#
            + #"{"source":"news","medium":"email","campaign":"(not set)","touches":2,"visitors":2,"conversions":1,"revenue":0.2,"conversion_rate":0.5},"#
            + #"{"source":"bing","medium":"cpc","campaign":"(not set)","touches":1,"visitors":1,"conversions":0,"revenue":0,"conversion_rate":0},"#
            + #"{"source":"google","medium":"cpc","campaign":"winter","touches":1,"visitors":1,"conversions":0,"revenue":0,"conversion_rate":0}],"#
            + #""totals":{"touches":7,"visitors":4,"conversions":6,"revenue":125.29,"conversion_rate":1.5},"#
            + #""by_source":["#
            + #"{"source":"google","touches":4,"visitors":3,"conversions":3,"revenue":105.1,"conversion_rate":1},"#
            + #"{"source":"(direct)","touches":0,"visitors":0,"conversions":2,"revenue":19.99,"conversion_rate":0},"#
            + #"{"source":"news","touches":2,"visitors":2,"conversions":1,"revenue":0.2,"conversion_rate":0.5},"#
            + #"{"source":"bing","touches":1,"visitors":1,"conversions":0,"revenue":0,"conversion_rate":0}]}"#
        for order in SampleEvent.orders(of: try Self.journeys()) {
            #expect(Self.text(Self.report(order, model: .firstTouch)) == expected)
        }
    }

    @Test func sameMillisecondIsOrderedBySortKey() throws {
        let events = try SampleEvent.events([
            SampleEvent(ts: 4000, user: "u9", utmSource: "facebook"),
            // twitter has the same millisecond as the purchase but a later SK: after it.
            SampleEvent(ts: 5000, skSuffix: "b", user: "u9", utmSource: "twitter"),
            SampleEvent(ts: 5000, skSuffix: "a", user: "u9", type: "purchase"),
            // A conversion carrying utm_source is a touch at its own position: itself under last touch.
            SampleEvent(ts: 6000, skSuffix: "a", user: "u8", type: "signup", utmSource: "self"),
            SampleEvent(ts: 6000, skSuffix: "b", user: "u8", utmSource: "later"),
        ])
        for order in SampleEvent.orders(of: events) {
            let rows = Self.report(order, model: .lastTouch).rows.filter { $0.counts.conversions > 0 }
            #expect(rows.map(\.key.source) == ["facebook", "self"])
        }
    }

    @Test func directRowOnlyWithConversionsAndRatesRounded() throws {
        // Three visitors touch x; two convert: 2/3 → 0.67. No conversion is direct.
        let events = try SampleEvent.events([
            SampleEvent(ts: 1, fp: "a", utmSource: "x"), SampleEvent(ts: 2, fp: "b", utmSource: "x"),
            SampleEvent(ts: 3, fp: "c", utmSource: "x"),
            SampleEvent(ts: 4, fp: "a", type: "purchase", revenue: "10"),
            SampleEvent(ts: 5, fp: "b", type: "purchase", revenue: "20.50"),
        ])
        let report = Self.report(events, model: .lastTouch)
        #expect(
            Self.text(report)
                == #"{"items":[{"source":"x","medium":"(none)","campaign":"(not set)","touches":3,"visitors":3,"conversions":2,"revenue":30.5,"conversion_rate":0.67}],"#
                + #""totals":{"touches":3,"visitors":3,"conversions":2,"revenue":30.5,"conversion_rate":0.67},"#
                + #""by_source":[{"source":"x","touches":3,"visitors":3,"conversions":2,"revenue":30.5,"conversion_rate":0.67}]}"#)
        #expect(Self.text(Self.report([], model: .firstTouch))
            == #"{"items":[],"totals":{"touches":0,"visitors":0,"conversions":0,"revenue":0,"conversion_rate":0},"by_source":[]}"#)
    }

    /// Sums are exact: integral ones are integer literals, others the shortest float text; a
    /// term finer than 10⁻¹⁸ falls back to a float rounded to 2 decimals.
    @Test(arguments: [
        (["100", "50.0"], "150"), (["0.1", "0.2"], "0.3"), (["12345678901234567890", "1"], "12345678901234567891"),
        (["1.5E2", "-0.25"], "149.75"), (["19.99", "0.01"], "20"), ([], "0"), (["-0.5"], "-0.5"),
        (["1e-19"], "0"), (["0.125", "1e-20"], "0.13"), (["0.000000000000000001"], "1e-18"),
        (["5", "1e-9223372036854775808"], "5"),  // regression: an Int.min exponent trapped in abs()
    ] as [([String], String)])
    func revenueSums(terms: [String], expected: String) throws {
        var sum = DecimalSum()
        for term in terms { sum.add(term) }
        #expect(try SampleEvent.parsed(sum.write) == .number(expected))
    }
}
