import ImpressCrypto
import ImpressHTTP
import ImpressJSON

/// Tokens whose signature was verified in the last minute, by the token's bytes: a
/// dashboard polling with one session token pays for the RSA verification once, not on
/// every request (measured: RS256 verify bounded the authenticated small-org route at about a
/// quarter of php-fpm's hello world), nor the parse of its payload. Only that the signature
/// holds is remembered; the claims (`exp`, `nbf`, `iat`, `iss`, `azp`, `sts`) are checked
/// again on every use, and so is the key: an
/// entry counts only while the token's `kid` still names the very key that verified it, so a
/// rotated or removed key stops being honoured at once. An entry lives at most `lifetime` s.
///
/// Keyed by the bytes themselves, not by a SHA-256 of them: the digest was 25k instructions
/// of the 44k an authorization cost, where hashing the bytes with the table's seeded hasher
/// is a few thousand; a verified token is one a signed session holds anyway, and the table's
/// bound keeps what is held to `capacity` tokens of a minute.
final class VerifiedTokenCache: Sendable {
    static let capacity = 4096
    static let lifetime = 60.0

    struct Entry: Sendable {
        /// The verified payload, parsed.
        var claims: JSONValue
        var keyId: String?
        var key: RSAPublicKey
        var verifiedAt: Double
    }

    /// A pthread mutex: every authenticated request takes it, from every worker, and
    /// `Synchronization.Mutex` spun in `_lockSlow` (2 % of the daemon with 4 workers on 2 cores).
    private let lock = ConditionLock()
    private let table = Table()

    private final class Table: @unchecked Sendable {
        // Only read or written while `VerifiedTokenCache.lock` is held.
        var entries: [Token: Entry] = [:]
    }

    /// A token's exact bytes (a String key would compare canonically equivalent texts equal),
    /// hashed as one buffer rather than byte by byte, and compared in constant time: a lookup
    /// compares the caller's bytes with verified tokens that share its probe chain, and an
    /// early-exit comparison would time how much of one of them the caller guessed.
    struct Token: Hashable, Sendable {
        let bytes: [UInt8]

        init(_ token: String) {
            bytes = Array(token.utf8)
        }

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }

        static func == (a: Token, b: Token) -> Bool {
            ConstantTime.equal(a.bytes, b.bytes)
        }
    }

    /// What verified the token, when that was within the lifetime.
    func entry(for token: Token, now: Double) -> Entry? {
        lock.withLock {
            guard let entry = table.entries[token] else { return nil }
            guard now - entry.verifiedAt < Self.lifetime, now >= entry.verifiedAt else {
                table.entries[token] = nil
                return nil
            }
            return entry
        }
    }

    func remember(_ token: Token, _ entry: Entry) {
        lock.withLock {
            // Bounded without bookkeeping: a full cache starts over (an attacker minting
            // tokens cannot make it grow; a dashboard's one token is back after one verify).
            if table.entries.count >= Self.capacity { table.entries.removeAll(keepingCapacity: true) }
            table.entries[token] = entry
        }
    }
}
