import ImpressHTTPClient
import Testing
@testable import ImpressApp
@testable import ImpressStore

@Suite struct SettingsTests {
    let base = ["CLERK_JWKS_URL": "http://127.0.0.1:1/jwks.json"]

    @Test func defaults() throws {
        let s = try Settings.load(environment: base, arguments: [], cores: 2)
        #expect(s.workers == 4)
        #expect(s.store == .dynamodb)
        #expect(s.maxScanEvents == 1_000_000)
        #expect(s.drainSeconds == 10)
        #expect(s.listen == nil)
        #expect(s.basePath == "")
        #expect(s.dynamoDBAttemptTimeoutMs == 5_000)
        #expect(s.dynamoDBCallTimeoutMs == 12_000)
        #expect(s.healthCacheMs == 5_000)
        #expect(s.readTimeoutMs == 15_000)
    }

    /// The ends of each range are accepted, from the environment or a flag.
    @Test func timeoutsAndHealthCacheAtTheirBounds() throws {
        var env = base
        env["IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS"] = "100"
        env["IMPRESS_HEALTH_CACHE_MS"] = "5000"
        var s = try Settings.load(environment: env, arguments: ["--dynamodb-call-timeout-ms", "15000"], cores: 2)
        #expect(s.dynamoDBAttemptTimeoutMs == 100)
        #expect(s.dynamoDBCallTimeoutMs == 15_000)
        #expect(s.healthCacheMs == 5_000)
        s = try Settings.load(
            environment: base,
            arguments: ["--dynamodb-attempt-timeout-ms=15000", "--dynamodb-call-timeout-ms=15000", "--health-cache-ms=100"], cores: 2)
        #expect(s.dynamoDBAttemptTimeoutMs == 15_000)
        #expect(s.dynamoDBCallTimeoutMs == 15_000)
        #expect(s.healthCacheMs == 100)
    }

    /// The read's deadline at its ends: 100 ms (with a call no longer) and 25 s, by variable or flag.
    @Test func readTimeoutAtItsBounds() throws {
        var env = base
        env["IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS"] = "100"
        env["IMPRESS_DYNAMODB_CALL_TIMEOUT_MS"] = "100"
        env["IMPRESS_READ_TIMEOUT_MS"] = "100"
        #expect(try Settings.load(environment: env, arguments: [], cores: 2).readTimeoutMs == 100)
        #expect(try Settings.load(environment: base, arguments: ["--read-timeout-ms", "25000"], cores: 2).readTimeoutMs == 25_000)
        #expect(try Settings.load(environment: base, arguments: ["--read-timeout-ms=12000"], cores: 2).readTimeoutMs == 12_000)
    }

    /// The DynamoDB store the daemon builds carries them: the client's attempt and call
    /// timeouts, the store's health cache.
    @Test func theDynamoDBStoreIsBuiltWithThem() throws {
        let env = base.merging([
            "IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS": "300", "IMPRESS_DYNAMODB_CALL_TIMEOUT_MS": "1000", "IMPRESS_HEALTH_CACHE_MS": "200",
        ]) { $1 }
        let settings = try Settings.load(environment: env, arguments: [], cores: 2)
        let store = try #require(try Wiring.store(settings, http: HTTPClient(), log: { _ in }) as? DynamoDBStore)
        #expect(store.client.configuration.requestTimeoutMs == 300)
        #expect(store.client.configuration.operationTimeoutMs == 1_000)
        #expect(store.options.healthCacheMs == 200)
        #expect(store.options.readTimeoutMs == 15_000)
        let shorter = try Settings.load(environment: env.merging(["IMPRESS_READ_TIMEOUT_MS": "2500"]) { $1 }, arguments: [], cores: 2)
        let shorterStore = try #require(try Wiring.store(shorter, http: HTTPClient(), log: { _ in }) as? DynamoDBStore)
        #expect(shorterStore.options.readTimeoutMs == 2_500)
    }

    @Test func flagsOverrideEnvironment() throws {
        var env = base
        env["IMPRESS_LISTEN"] = "unix:/tmp/a.sock"
        env["IMPRESS_WORKERS"] = "3"
        let s = try Settings.load(
            environment: env, arguments: ["--listen", "127.0.0.1:9000", "--store=file:/tmp/e.jsonl", "--base-path", "/api/"], cores: 2)
        #expect(s.listen == "127.0.0.1:9000")
        #expect(s.workers == 3)
        #expect(s.store == .file(path: "/tmp/e.jsonl"))
        #expect(s.basePath == "/api")
        #expect(s.environment["IMPRESS_LISTEN"] == "127.0.0.1:9000")
    }

    @Test(arguments: [
        (["IMPRESS_WORKERS": "0"], "IMPRESS_WORKERS must be a whole number from 1 to 1024, got '0'"),
        (["IMPRESS_WORKERS": "many"], "IMPRESS_WORKERS must be a whole number from 1 to 1024, got 'many'"),
        (["IMPRESS_STORE": "postgres"], "IMPRESS_STORE must be 'dynamodb' or 'file:/path/events.jsonl', got 'postgres'"),
        (["IMPRESS_MAX_SCAN_EVENTS": "-1"], "IMPRESS_MAX_SCAN_EVENTS must be a whole number from 1 to 1000000000, got '-1'"),
        (["IMPRESS_DRAIN_S": "soon"], "IMPRESS_DRAIN_S must be a number of seconds from 0 to 3600, got 'soon'"),
        (["IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS": "99"],
         "IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS must be a whole number from 100 to 15000, got '99'"),
        (["IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS": "2.5"],
         "IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS must be a whole number from 100 to 15000, got '2.5'"),
        (["IMPRESS_DYNAMODB_CALL_TIMEOUT_MS": "15001"],
         "IMPRESS_DYNAMODB_CALL_TIMEOUT_MS must be a whole number from 100 to 15000, got '15001'"),
        (["IMPRESS_DYNAMODB_CALL_TIMEOUT_MS": "12s"],
         "IMPRESS_DYNAMODB_CALL_TIMEOUT_MS must be a whole number from 100 to 15000, got '12s'"),
        (["IMPRESS_HEALTH_CACHE_MS": "0"], "IMPRESS_HEALTH_CACHE_MS must be a whole number from 100 to 5000, got '0'"),
        (["IMPRESS_HEALTH_CACHE_MS": "5001"], "IMPRESS_HEALTH_CACHE_MS must be a whole number from 100 to 5000, got '5001'"),
        // Only the call shortened: the default 5 s attempt would outlast it.
        (["IMPRESS_DYNAMODB_CALL_TIMEOUT_MS": "3000"],
         "IMPRESS_DYNAMODB_ATTEMPT_TIMEOUT_MS (5000) must not be longer than IMPRESS_DYNAMODB_CALL_TIMEOUT_MS (3000): one attempt cannot outlast the call"),
        (["IMPRESS_READ_TIMEOUT_MS": "99"], "IMPRESS_READ_TIMEOUT_MS must be a whole number from 100 to 25000, got '99'"),
        (["IMPRESS_READ_TIMEOUT_MS": "25001"], "IMPRESS_READ_TIMEOUT_MS must be a whole number from 100 to 25000, got '25001'"),
        (["IMPRESS_READ_TIMEOUT_MS": "15s"], "IMPRESS_READ_TIMEOUT_MS must be a whole number from 100 to 25000, got '15s'"),
        // Only the read shortened: the default 12 s call would outlast it.
        (["IMPRESS_READ_TIMEOUT_MS": "10000"],
         "IMPRESS_DYNAMODB_CALL_TIMEOUT_MS (12000) must not be longer than IMPRESS_READ_TIMEOUT_MS (10000): one call cannot outlast the read"),
        (["IMPRESS_BASE_PATH": "api"], "IMPRESS_BASE_PATH must start with '/', got 'api'"),
        (["CLERK_JWKS_URL": "ftp://x"], "CLERK_JWKS_URL must be an https:// URL (http:// or file:// for local work), got 'ftp://x'"),
        (["CLERK_JWKS_URL": "https://clerk.example.com/.well-known/jwks.json"],
         "CLERK_ISSUER is required with an https:// CLERK_JWKS_URL (your Clerk frontend API URL)"),
        (["CORS_ALLOWED_ORIGINS": "getimpress.io"], "CORS_ALLOWED_ORIGINS entries must be http(s) origins, got 'getimpress.io'"),
    ])
    func badSettingsAreOneClearLine(overrides: [String: String], message: String) {
        let env = base.merging(overrides) { $1 }
        #expect(throws: Settings.Error(message)) { try Settings.load(environment: env, arguments: [], cores: 2) }
    }

    @Test func authKeysAreRequired() {
        #expect(throws: Settings.Error.self) { try Settings.load(environment: [:], arguments: [], cores: 2) }
    }

    @Test func unknownFlagIsRefused() {
        #expect(throws: Settings.Error("unknown option --port (see impress-admin --help)")) {
            try Settings.load(environment: base, arguments: ["--port", "1"], cores: 2)
        }
    }

    @Test func badSettingsExitWith2() {
        #expect(ImpressApp.run(arguments: ["serve"], environment: ["IMPRESS_WORKERS": "x", "CLERK_JWT_KEY": "k"]) == 2)
        #expect(ImpressApp.run(arguments: ["no-such-command"], environment: [:]) == 2)
        #expect(ImpressApp.run(arguments: ["--version"], environment: [:]) == 0)
    }
}
