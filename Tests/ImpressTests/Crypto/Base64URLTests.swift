import ImpressCrypto
import Testing

@Suite struct Base64URLTests {
    // RFC 4648 §10 vectors, unpadded; plus bytes that use the two URL-safe characters.
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func urlSafeAlphabet() {
        // 0xFB 0xFF 0xBF is "+/+/" in standard base64.
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    }

    @Test(arguments: [
        "Zg==",  // padding
        "Zm8=",  // padding
        "+/+/",  // standard alphabet
        "Zm9v+",
        "Z",  // one trailing character carries no byte
        "Zm9vY",
        "Zh",  // non-canonical: trailing bits not zero ("Zg" is canonical)
        "Zm9",  // non-canonical ("Zm8" is canonical)
        " Zg", "Zg\n", "Zm 9v", "Zm.9", "Zé",
    ])
    func refusesNonCanonicalText(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }
}
