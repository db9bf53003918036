import ImpressCrypto
import ImpressJSON
import Testing

/// Keys are slow to generate: once per test process, shared by every suite.
enum TestKeys {
    // Generating a key fails only if libcrypto is broken; the tests cannot run without it.
    static let primary = try! RSAPrivateKey.generate(bits: 2048)
    static let secondary = try! RSAPrivateKey.generate(bits: 2048)
    static let weak = try! RSAPrivateKey.generate(bits: 1024)
}

@Suite struct RSAKeyTests {
    @Test func signsAndVerifiesRS256() throws {
        let message = Array("header.payload".utf8)
        let signature = try TestKeys.primary.signRS256(message)
        #expect(signature.count == 256)
        #expect(TestKeys.primary.bits == 2048)
        #expect(TestKeys.primary.publicKey.verifyRS256(message: message, signature: signature))
        #expect(!TestKeys.primary.publicKey.verifyRS256(message: Array("header.payloaD".utf8), signature: signature))
        #expect(!TestKeys.secondary.publicKey.verifyRS256(message: message, signature: signature))
        #expect(!TestKeys.primary.publicKey.verifyRS256(message: message, signature: []))
        #expect(!TestKeys.primary.publicKey.verifyRS256(message: message, signature: Array(signature.dropLast())))
    }

    @Test func emptyMessage() throws {
        let signature = try TestKeys.primary.signRS256([])
        #expect(TestKeys.primary.publicKey.verifyRS256(message: [], signature: signature))
    }

    @Test func jwkRoundTrip() throws {
        let (n, e) = try TestKeys.primary.publicKey.jwkComponents()
        #expect(e == "AQAB")  // 65537
        #expect(n.utf8.count == 342)  // 256 bytes, unpadded
        let modulus = try #require(Base64URL.decode(n))
        let rebuilt = try RSAPublicKey(modulus: modulus, exponent: [1, 0, 1])
        #expect(rebuilt.bits == 2048)
        let signature = try TestKeys.primary.signRS256([1, 2, 3])
        #expect(rebuilt.verifyRS256(message: [1, 2, 3], signature: signature))
    }

    @Test func pemRoundTrips() throws {
        let publicPEM = try TestKeys.primary.publicKey.pemEncoded()
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        let publicKey = try RSAPublicKey(pem: publicPEM)
        let signature = try TestKeys.primary.signRS256([9])
        #expect(publicKey.verifyRS256(message: [9], signature: signature))

        let privatePEM = try TestKeys.primary.pemEncoded()
        #expect(privatePEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let reloaded = try RSAPrivateKey(pem: privatePEM)
        #expect(try reloaded.signRS256([9]) == signature)  // PKCS#1 v1.5 signing is deterministic
    }

    @Test func readsPKCS1PublicKeyPEM() throws {
        // Wycheproof's first key as PKCS#1 RSAPublicKey DER (its `publicKeyAsn`), wrapped here.
        let vectors = try WycheproofFixture.load("rsa_signature_2048_sha256_test.json")
        let group = try #require(vectors["testGroups"]?.arrayValue?.first)
        let der = try #require(group["publicKeyAsn"]?.stringValue.flatMap(WycheproofFixture.hex))
        let pem = "-----BEGIN RSA PUBLIC KEY-----\n" + standardBase64(der) + "\n-----END RSA PUBLIC KEY-----\n"
        let key = try RSAPublicKey(pem: pem)
        #expect(key.bits == 2048)
        let test = try #require(group["tests"]?.arrayValue?.first)
        let message = try #require(test["msg"]?.stringValue.flatMap(WycheproofFixture.hex))
        let signature = try #require(test["sig"]?.stringValue.flatMap(WycheproofFixture.hex))
        #expect(key.verifyRS256(message: message, signature: signature))
    }

    @Test(arguments: [
        "", "not a pem",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        // A P-256 public key: not RSA.
        """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEMKBCTNIcKUSDii11ySs3526iDZ8A
        iTo7Tu6KPAqv7D7gS2XpJFbZiItSs3m9+9Ue6GnvHw/GW2ZZaVtszggXIw==
        -----END PUBLIC KEY-----
        """,
    ])
    func refusesBadPublicPEM(pem: String) {
        #expect(throws: CryptoError.self) { try RSAPublicKey(pem: pem) }
    }

    @Test func refusesEmptyOrHugeModulus() {
        #expect(throws: CryptoError.self) { try RSAPublicKey(modulus: [], exponent: [1, 0, 1]) }
        #expect(throws: CryptoError.self) {
            try RSAPublicKey(modulus: [UInt8](repeating: 0xFF, count: 2049), exponent: [1, 0, 1])
        }
    }

    @Test func errorsCarryOpenSSLReasons() {
        do {
            _ = try RSAPrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            Issue.record("garbage accepted as a private key")
        } catch {
            #expect(error.operation == "read private key PEM")
            #expect(!error.detail.isEmpty)
        }
    }

    private func standardBase64(_ bytes: [UInt8]) -> String {
        var text = Base64URL.encode(bytes).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.utf8.count % 4 != 0 { text += "=" }
        return text
    }
}
