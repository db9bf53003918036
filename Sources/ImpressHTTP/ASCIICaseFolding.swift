extension StringProtocol {
    /// Equal but for the case of ASCII letters, as HTTP field names and auth schemes compare
    /// (RFC 9110 §5.1, §11.1), byte by byte: no `lowercased()` copies on every request.
    /// Inlinable so callers in other modules get it specialized, not through generic metadata.
    @inlinable
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        // Setting bit 5 lowers an ASCII letter; any other byte must match exactly.
        return utf8.elementsEqual(other.utf8) { x, y in
            x == y || (x | 0x20 == y | 0x20 && (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(x | 0x20))
        }
    }
}
