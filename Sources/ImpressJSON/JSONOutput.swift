/// A JSON document written straight into bytes, compactly (no spaces), in the order it is
/// written: what a route's `200` body is made with. Building a `JSONValue` tree first cost
/// about as much as writing it (a String per number, an array per object); this writes each
/// number's digits, each member name and each string once, into one buffer.
///
/// Commas are placed by the writer: a value or a member name written after a sibling gets one.
/// Member names are `StaticString`s written as they are (they are the contract's names, plain
/// ASCII), except `key(escaping:)` for names that come from data (signals). Nesting is by
/// closures, `object { … }` and `array { … }`, so every bracket opened is closed.
public struct JSONOutput: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next value or member name follows a sibling and so needs a comma.
    private var needsComma = false

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: Structure

    /// `{`, the members `body` writes (`key` then a value, each), `}`.
    public mutating func object(_ body: (inout JSONOutput) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// `[`, the values `body` writes, `]`.
    public mutating func array(_ body: (inout JSONOutput) -> Void) {
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// A member name; the value written next is its value.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        // One byte at a time: an array literal here would be a heap block per member.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A member name that comes from data, escaped like a string.
    public mutating func key(escaping name: String) {
        separate()
        JSONWriter.writeString(name, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: Values

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    public mutating func string(_ value: String) {
        separate()
        JSONWriter.writeString(value, into: &bytes)
        needsComma = true
    }

    /// A string, or `null` when absent.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// An array of strings.
    public mutating func strings<Strings: Sequence>(_ values: Strings) where Strings.Element == String {
        array { out in
            for value in values { out.string(value) }
        }
    }

    public mutating func int(_ value: Int) {
        writeInteger(negative: value < 0, magnitude: UInt64(value.magnitude))
    }

    public mutating func int(_ value: Int64) {
        writeInteger(negative: value < 0, magnitude: value.magnitude)
    }

    /// A computed value rounded half away from zero to 2 decimals (the contract's rule for
    /// averages, rates, distances); an integral result is written without a fraction.
    public mutating func rounded2(_ value: Double) {
        double(JSONNumber.rounded2Value(value))
    }

    /// The same, or `null` when absent (nothing to average).
    public mutating func rounded2(_ value: Double?) {
        if let value { rounded2(value) } else { null() }
    }

    /// A whole number of thousandths as its exact decimal, no trailing zeros: 30500 → `30.5`,
    /// 60000 → `60`, 1 → `0.001` (milliseconds as seconds). Digits only, no String.
    public mutating func thousandths(_ value: Int64) {
        let magnitude = value.magnitude
        writeInteger(negative: value < 0, magnitude: magnitude / 1000)
        var fraction = magnitude % 1000
        guard fraction != 0 else { return }
        bytes.append(UInt8(ascii: "."))
        // Tenths, hundredths, thousandths, up to the last non-zero one (at divisor 1 the
        // remainder is 0, so the divisor never reaches 0).
        var divisor: UInt64 = 100
        while fraction != 0 {
            // A quotient below 10 plus 48 fits a UInt8.
            bytes.append(UInt8(truncatingIfNeeded: fraction / divisor) &+ UInt8(ascii: "0"))
            fraction %= divisor
            divisor /= 10
        }
    }

    /// A Double's shortest round-trip text; integral values (below 10^15) as integers.
    public mutating func double(_ value: Double) {
        if let integer = JSONNumber.integral(value) {
            int(integer)
        } else {
            number(value.description)
        }
    }

    /// A stored decimal (a DynamoDB `N`) echoed by the DecimalEncoder rule
    /// (`JSONNumber.literal(decimal:)`); `null` when absent or not a number.
    public mutating func decimal(_ text: String?) {
        if let text, let literal = JSONNumber.literal(decimal: text) { number(literal) } else { null() }
    }

    /// A number literal that is already valid JSON number grammar.
    public mutating func number(_ literal: String) {
        separate()
        var text = literal  // `withUTF8` copies the bytes in one go; appending the UTF8View goes byte by byte
        text.withUTF8 { bytes.append(contentsOf: $0) }
        needsComma = true
    }

    /// A part that is still a tree (an event's attributes).
    public mutating func value(_ value: JSONValue) {
        separate()
        JSONWriter.write(value, into: &bytes)
        needsComma = true
    }

    // MARK: Internals

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }

    /// The digits written from the last one back into a 20-byte scratch buffer (UInt64.max
    /// has 20 digits), then copied: no String is made. `magnitude` keeps Int.min exact.
    private mutating func writeInteger(negative: Bool, magnitude: UInt64) {
        separate()
        if negative { bytes.append(UInt8(ascii: "-")) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = magnitude
            var start = digits.count
            repeat {
                start -= 1
                // A remainder below 10 plus 48 fits a UInt8.
                digits[start] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
                rest /= 10
            } while rest > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
        needsComma = true
    }
}
