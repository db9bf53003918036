import Foundation
import ImpressJSON

/// Loads the Wycheproof vector files copied into `Fixtures/wycheproof` (see its NOTICE).
enum WycheproofFixture {
    static func load(_ name: String) throws -> JSONValue {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw FixtureMissing(name: "Fixtures")
        }
        let data = try Data(contentsOf: root.appendingPathComponent("wycheproof").appendingPathComponent(name))
        return try JSONParser.parse([UInt8](data))
    }

    struct FixtureMissing: Error {
        let name: String
    }

    /// Bytes of an even-length lower- or upper-case hex string; nil otherwise.
    static func hex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[pair]), let low = nibble(digits[pair + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
