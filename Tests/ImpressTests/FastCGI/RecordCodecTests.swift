import FastCGI
import Testing

/// Golden bytes for the wire format, computed by hand from FastCGI Specification 1.0 §3.
@Suite struct RecordCodecTests {
    @Test(arguments: [
        (RecordHeader(type: 1, requestId: 1, contentLength: 8, paddingLength: 0), [1, 1, 0, 1, 0, 8, 0, 0] as [UInt8]),
        (RecordHeader(type: 6, requestId: 300, contentLength: 65535, paddingLength: 1), [1, 6, 1, 44, 255, 255, 1, 0]),
        (RecordHeader(type: 11, requestId: 0, contentLength: 0, paddingLength: 255), [1, 11, 0, 0, 0, 0, 255, 0]),
    ])
    func headerRoundTrip(header: RecordHeader, bytes: [UInt8]) throws {
        var out: [UInt8] = []
        header.encode(into: &out)
        #expect(out == bytes)
        #expect(try RecordHeader.decode(bytes[...]) == header)
    }

    @Test func headerNeedsEightBytes() throws {
        #expect(try RecordHeader.decode([1, 1, 0, 1, 0, 8, 0][...]) == nil)
    }

    @Test func onlyVersionOne() {
        #expect(throws: FastCGIError.unsupportedVersion(2)) { try RecordHeader.decode([2, 1, 0, 1, 0, 8, 0, 0][...]) }
    }

    /// §3.4: lengths below 128 take one byte; others four, with the high bit set.
    @Test(arguments: [
        (0, [0] as [UInt8]), (1, [1]), (127, [127]), (128, [0x80, 0, 0, 0x80]), (65536, [0x80, 1, 0, 0]),
    ])
    func nameValueLength(length: Int, lengthBytes: [UInt8]) throws {
        let value = String(repeating: "v", count: length)
        let expected = [0] + lengthBytes + Array(value.utf8)
        #expect(NameValuePairs.encode([(name: "", value: value)]) == expected)
        let decoded = try NameValuePairs.decode(expected[...])
        #expect(decoded.count == 1 && decoded.first?.value.utf8.count == length)
    }

    @Test func decodesPairsInOrder() throws {
        let bytes: [UInt8] = [1, 2] + Array("Ahi".utf8) + [1, 0] + Array("B".utf8) + [1, 1] + Array("AX".utf8)
        let pairs = try NameValuePairs.decode(bytes[...])
        #expect(pairs.map(\.name) == ["A", "B", "A"])
        #expect(pairs.map(\.value) == ["hi", "", "X"])
    }

    @Test(arguments: [
        [3, 0, 65, 66] as [UInt8],  // name says 3 bytes, 2 follow
        [0x80, 0, 0],  // a 4-byte length cut short
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 65],  // CVE-2025-23016: 2^31-1 + 2^31-1 bytes claimed
        [1],  // value length missing
    ])
    func refusesPairsThatOverrun(bytes: [UInt8]) {
        #expect(throws: FastCGIError.malformedNameValuePair) { try NameValuePairs.decode(bytes[...]) }
    }

    @Test func recordsArePaddedToEightBytes() {
        var out: [UInt8] = []
        RecordEncoder.record(.stdout, requestId: 1, content: [65, 66, 67][...], into: &out)
        #expect(out == [1, 6, 0, 1, 0, 3, 5, 0, 65, 66, 67, 0, 0, 0, 0, 0])
    }

    @Test func endRequestBody() {
        var out: [UInt8] = []
        RecordEncoder.endRequest(requestId: 2, appStatus: 0x0102_0304, status: .unknownRole, into: &out)
        #expect(out == [1, 3, 0, 2, 0, 8, 0, 0, 1, 2, 3, 4, 3, 0, 0, 0])
    }

    /// 66,000 bytes: 65,535 (+1 padding), 465 (+7 padding), the empty record, END_REQUEST.
    @Test func responseOf66000BytesSplits() {
        let body = (0..<66000).map { UInt8($0 % 251) }
        let out = RecordEncoder.response(requestId: 1, stdout: body)
        #expect(out.count == (8 + 65535 + 1) + (8 + 465 + 7) + 8 + 16)
        #expect(Array(out[0..<8]) == [1, 6, 0, 1, 255, 255, 1, 0])
        let second = 8 + 65535 + 1
        #expect(Array(out[second..<second + 8]) == [1, 6, 0, 1, 1, 209, 7, 0])
        #expect(Array(out[(second + 8)..<(second + 8 + 465)]) == Array(body[65535...]))
        let empty = second + 8 + 465 + 7
        #expect(Array(out[empty..<empty + 8]) == [1, 6, 0, 1, 0, 0, 0, 0])
        #expect(Array(out[(empty + 8)...]) == [1, 3, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }
}
