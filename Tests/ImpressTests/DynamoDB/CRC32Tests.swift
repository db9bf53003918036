import Testing
@testable import DynamoDB

/// The `x-amz-crc32` check (slicing-by-8) against the CRC catalogue's check values and a
/// bitwise CRC-32 written here, at every length and alignment the eight-byte steps can meet.
@Suite struct CRC32Tests {
    /// Bitwise CRC-32 (reflected 0xEDB88320), written independently of the table-driven one.
    static func bitwise(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    /// CRC-32/ISO-HDLC's check value ("123456789"), the empty input, and the common pangram.
    @Test(arguments: [
        ("123456789", 0xCBF4_3926 as UInt32), ("", 0), ("The quick brown fox jumps over the lazy dog", 0x414F_A339),
    ])
    func knownValues(text: String, expected: UInt32) {
        #expect(CRC32.checksum(Array(text.utf8)) == expected)
    }

    /// Lengths 0 to 40 (none, some and several eight-byte steps, each tail length) at each
    /// start offset 0 to 7 of the same bytes, all 256 byte values among them.
    @Test func matchesTheBitwiseCRCAtEveryLengthAndAlignment() {
        // A fixed, varied sequence: x -> 5x + 17 mod 256 visits every byte value.
        var bytes: [UInt8] = []
        var x: UInt8 = 0
        for _ in 0..<512 {
            bytes.append(x)
            x = x &* 5 &+ 17
        }
        for offset in 0..<8 {
            for length in 0...40 {
                let slice = Array(bytes[offset..<(offset + length)])
                #expect(CRC32.checksum(slice) == Self.bitwise(slice), "offset \(offset), length \(length)")
            }
        }
        #expect(CRC32.checksum(bytes) == Self.bitwise(bytes))
    }
}
