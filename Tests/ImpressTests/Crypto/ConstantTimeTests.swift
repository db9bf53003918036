import ImpressCrypto
import Testing

@Suite struct ConstantTimeTests {
    @Test func equalBytesAreEqual() {
        #expect(ConstantTime.equal([], []))
        #expect(ConstantTime.equal([0x61, 0x62, 0x63], [0x61, 0x62, 0x63]))
    }

    /// A difference anywhere counts, first byte or last, and so does a length.
    @Test func anyDifferenceIsUnequal() {
        #expect(!ConstantTime.equal([0x61, 0x62, 0x63], [0x62, 0x62, 0x63]))
        #expect(!ConstantTime.equal([0x61, 0x62, 0x63], [0x61, 0x62, 0x64]))
        #expect(!ConstantTime.equal([0x61, 0x62, 0x63], [0x61, 0x62]))
        #expect(!ConstantTime.equal([], [0x00]))
    }
}
