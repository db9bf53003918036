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
    /// The document is `storage[..<count]`; the rest is zeroed room. Each write makes room
    /// once and copies its bytes through a pointer: `Array.append` checked uniqueness and
    /// capacity per call, ~150 instructions a member name and most of a body's cost.
    private var storage: [UInt8]
    private var count = 0
    /// Whether the next value or member name follows a sibling and so needs a comma.
    private var needsComma = false

    public init(capacity: Int = 256) {
        storage = Array(repeating: 0, count: Swift.max(capacity, 64))
    }

    /// The document, handing over the buffer (its spare room dropped, no copy of the body).
    public consuming func finished() -> [UInt8] {
        storage.removeSubrange(count...)
        return storage
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
        name.withUTF8Buffer { quoted($0, asName: true) }
        needsComma = false
    }

    /// A member name that comes from data, escaped like a string.
    public mutating func key(escaping name: String) {
        string(name)
        byte(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: Values

    public mutating func null() {
        literal("null")
    }

    public mutating func bool(_ value: Bool) {
        literal(value ? "true" : "false")
    }

    /// A string: copied whole between its quotes when nothing in it needs an escape (ids,
    /// places, addresses), else through `JSONWriter`'s escaper.
    public mutating func string(_ value: String) {
        var text = value  // `withUTF8` needs a mutable string (it may make it contiguous)
        let plain = text.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            quoted(utf8, asName: false)
            return true
        }
        if !plain {
            var escaped: [UInt8] = []
            JSONWriter.writeString(value, into: &escaped)
            raw(escaped)
        }
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
        let fraction = magnitude % 1000
        guard fraction != 0 else { return }
        // The point and up to three digits.
        write(upTo: 4) { out in
            out[0] = UInt8(ascii: ".")
            var at = 1
            // Tenths, hundredths, thousandths, up to the last non-zero one (at divisor 1 the
            // remainder is 0, so the divisor never reaches 0).
            var rest = fraction
            var divisor: UInt64 = 100
            while rest != 0 {
                // A quotient below 10 plus 48 fits a UInt8.
                out[at] = UInt8(truncatingIfNeeded: rest / divisor) &+ UInt8(ascii: "0")
                at += 1
                rest %= divisor
                divisor /= 10
            }
            return at
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
        var text = literal  // `withUTF8` copies the bytes in one go; the UTF8View goes byte by byte
        text.withUTF8 { raw($0) }
        needsComma = true
    }

    /// A part that is still a tree (an event's attributes).
    public mutating func value(_ value: JSONValue) {
        raw(JSONWriter.bytes(value))
        needsComma = true
    }

    // MARK: Internals

    /// Makes room for up to `size` bytes, then lets `body` write them at the end through a
    /// pointer; `body` returns how many it wrote.
    @inline(__always)
    private mutating func write(upTo size: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if storage.count - count < size {
            // Doubling: a body grown byte by byte costs amortised constant time per byte.
            storage.append(contentsOf: repeatElement(0, count: Swift.max(size, storage.count)))
        }
        let start = count
        count += storage.withUnsafeMutableBufferPointer { room in
            // The storage is never empty (at least 64 bytes), so it has an address.
            guard let base = room.baseAddress else { return 0 }
            return body(base + start)
        }
    }

    /// Writes the comma a sibling needs at `out`; returns how many bytes that was (0 or 1).
    /// (Static, as the writing closures run while `storage` is being modified.)
    @inline(__always)
    private static func separator(_ out: UnsafeMutablePointer<UInt8>, _ needsComma: Bool) -> Int {
        guard needsComma else { return 0 }
        out[0] = UInt8(ascii: ",")
        return 1
    }

    @inline(__always)
    private static func copy(_ source: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) {
        guard let base = source.baseAddress else { return }
        out.update(from: base, count: source.count)
    }

    /// `"`, bytes that need no escape, `"`, and `:` after a member name; after the comma a
    /// sibling needs.
    @inline(__always)
    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>, asName: Bool) {
        let comma = needsComma
        // Comma, two quotes, colon.
        write(upTo: utf8.count + 4) { out in
            var at = Self.separator(out, comma)
            out[at] = UInt8(ascii: "\"")
            at += 1
            Self.copy(utf8, to: out + at)
            at += utf8.count
            out[at] = UInt8(ascii: "\"")
            at += 1
            if asName {
                out[at] = UInt8(ascii: ":")
                at += 1
            }
            return at
        }
    }

    /// A value's bytes as they are, after the comma a sibling needs.
    private mutating func raw(_ source: UnsafeBufferPointer<UInt8>) {
        let comma = needsComma
        write(upTo: source.count + 1) { out in
            let at = Self.separator(out, comma)
            Self.copy(source, to: out + at)
            return at + source.count
        }
    }

    private mutating func raw(_ source: [UInt8]) {
        source.withUnsafeBufferPointer { raw($0) }
    }

    private mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { raw($0) }
        needsComma = true
    }

    /// One byte, no comma.
    private mutating func byte(_ value: UInt8) {
        write(upTo: 1) { out in
            out[0] = value
            return 1
        }
    }

    private mutating func open(_ bracket: UInt8) {
        let comma = needsComma
        write(upTo: 2) { out in
            let at = Self.separator(out, comma)
            out[at] = bracket
            return at + 1
        }
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        byte(bracket)
        needsComma = true
    }

    /// The digits written from the last one back (UInt64.max has 20 digits), after the comma
    /// and the sign: no String is made. `magnitude` keeps Int.min exact.
    private mutating func writeInteger(negative: Bool, magnitude: UInt64) {
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        // Comma, sign, digits.
        let comma = needsComma
        write(upTo: digits + 2) { out in
            var at = Self.separator(out, comma)
            if negative {
                out[at] = UInt8(ascii: "-")
                at += 1
            }
            var rest = magnitude
            var index = at + digits
            repeat {
                index -= 1
                // A remainder below 10 plus 48 fits a UInt8.
                out[index] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
                rest /= 10
            } while rest > 0
            return at + digits
        }
        needsComma = true
    }
}
