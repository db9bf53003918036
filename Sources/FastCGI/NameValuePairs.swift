/// Name-value pairs, FastCGI Specification 1.0 §3.4: each length is 1 byte (< 128) or 4 bytes
/// with the high bit set. Decoding checks every length against the bytes left in 64-bit
/// arithmetic: libfcgi's CVE-2025-23016 was an overflow in exactly this computation.
public enum NameValuePairs {
    public static func encode(_ pairs: [(name: String, value: String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in pairs {
            appendLength(name.utf8.count, to: &out)
            appendLength(value.utf8.count, to: &out)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: value.utf8)
        }
        return out
    }

    static func appendLength(_ length: Int, to out: inout [UInt8]) {
        if length < 128 {
            out.append(UInt8(length))
        } else {
            let l = UInt32(clamping: length) | 0x8000_0000
            out.append(contentsOf: [UInt8(l >> 24), UInt8((l >> 16) & 0xFF), UInt8((l >> 8) & 0xFF), UInt8(l & 0xFF)])
        }
    }

    /// Decodes all pairs, in order; repeated names are kept (callers let the last win).
    /// Bytes that are not UTF-8 are replaced, as CGI variables are text.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(FastCGIError) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        try forEachPair(in: bytes) { name, value in
            pairs.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        return pairs
    }

    /// Walks the pairs in order as slices of `bytes`, making no Strings: a caller that needs
    /// a few of nginx's twenty-odd params decodes only those. On malformed input, `body` has
    /// seen the pairs before the fault.
    public static func forEachPair(
        in bytes: ArraySlice<UInt8>, _ body: (_ name: ArraySlice<UInt8>, _ value: ArraySlice<UInt8>) -> Void
    ) throws(FastCGIError) {
        let base = bytes.startIndex
        try bytes.withUnsafeBufferPointer { buffer throws(FastCGIError) in
            try forEachPair(in: buffer) { name, value in
                body(bytes[base + name.lowerBound..<base + name.upperBound], bytes[base + value.lowerBound..<base + value.upperBound])
            }
        }
    }

    /// The same walk over raw bytes, giving each name and value as a range of `bytes`'
    /// offsets: no slice (and so no reference count) per pair, for the per-request path.
    public static func forEachPair(
        in bytes: UnsafeBufferPointer<UInt8>, _ body: (_ name: Range<Int>, _ value: Range<Int>) -> Void
    ) throws(FastCGIError) {
        var index = 0
        while index < bytes.count {
            let nameLength = try readLength(bytes, at: &index)
            let valueLength = try readLength(bytes, at: &index)
            // Ints are 64-bit and each length is below 2^31, so this sum cannot overflow.
            guard bytes.count - index >= nameLength + valueLength else { throw .malformedNameValuePair }
            let name = index..<index + nameLength
            index += nameLength
            let value = index..<index + valueLength
            index += valueLength
            body(name, value)
        }
    }

    private static func readLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) throws(FastCGIError) -> Int {
        guard index < bytes.count else { throw .malformedNameValuePair }
        let first = bytes[index]
        if first < 0x80 {
            index += 1
            return Int(first)
        }
        guard bytes.count - index >= 4 else { throw .malformedNameValuePair }
        let length =
            Int(first & 0x7F) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
        index += 4
        return length
    }
}
