import AWSSigV4
import DynamoDB
import Foundation
import ImpressHTTPClient
import Synchronization
import Testing

/// Credential sources with real files and real HTTP (the loopback peer plays the container
/// agent and IMDS). Every chain here disables IMDS or points it at loopback.
@Suite struct CredentialProviderTests {
    static let noIMDS = ["AWS_EC2_METADATA_DISABLED": "true"]

    @Test func environment() throws {
        let env = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "tok"]
        #expect(try EnvironmentCredentialProvider(environment: env).credentials()
            == AWSCredentials(accessKeyId: "AKIDENV", secretAccessKey: "secret", sessionToken: "tok"))
        #expect(throws: DynamoDBError.self) { try EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "x"]).credentials() }
    }

    @Test func profileFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            # comment
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key=defaultsecret

            [work]
            aws_access_key_id = AKIDWORK
            aws_secret_access_key = worksecret
            aws_session_token = worktoken
            """.write(to: dir.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        try """
            [profile cfg]
            region = us-east-1
            aws_access_key_id = AKIDCFG
            aws_secret_access_key = cfgsecret
            """.write(to: dir.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        let home = ["HOME": dir.path]
        #expect(try ProfileCredentialProvider(environment: home).credentials().accessKeyId == "AKIDDEFAULT")
        let work = try ProfileCredentialProvider(environment: home.merging(["AWS_PROFILE": "work"]) { $1 }).credentials()
        #expect(work == AWSCredentials(accessKeyId: "AKIDWORK", secretAccessKey: "worksecret", sessionToken: "worktoken"))
        #expect(try ProfileCredentialProvider(environment: home.merging(["AWS_PROFILE": "cfg"]) { $1 }).credentials().accessKeyId == "AKIDCFG")
        #expect(throws: DynamoDBError.self) {
            try ProfileCredentialProvider(environment: home.merging(["AWS_PROFILE": "none"]) { $1 }).credentials()
        }
        let moved = ["AWS_SHARED_CREDENTIALS_FILE": dir.appendingPathComponent(".aws/credentials").path, "AWS_CONFIG_FILE": "/nonexistent"]
        #expect(try ProfileCredentialProvider(environment: moved).credentials().accessKeyId == "AKIDDEFAULT")

        // The chain: environment first, then the profile.
        let chain = CredentialChain.standard(environment: home.merging(Self.noIMDS) { $1 }, http: HTTPClient())
        #expect(try chain.credentials().accessKeyId == "AKIDDEFAULT")
        let envFirst = home.merging(Self.noIMDS) { $1 }.merging(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"]) { $1 }
        #expect(try CredentialChain.standard(environment: envFirst, http: HTTPClient()).credentials().accessKeyId == "AKIDENV")
    }

    static let credentialJSON = """
        {"Code":"Success","AccessKeyId":"ASIAFETCHED","SecretAccessKey":"fetchedsecret","Token":"fetchedtoken","Expiration":"2099-12-31T23:59:59Z"}
        """

    @Test func containerEndpoint() throws {
        let server = try LoopbackHTTPServer { _, request in
            request.headers["authorization"] == "Bearer agent" && request.path == "/v2/credentials/abc"
                ? .respond(status: 200, body: Array(Self.credentialJSON.utf8)) : .respond(status: 401)
        }
        defer { server.stop() }
        let env = Self.noIMDS.merging([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/v2/credentials/abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer agent",
        ]) { $1 }
        let credentials = try CredentialChain.standard(environment: env, http: HTTPClient()).credentials()
        #expect(credentials == AWSCredentials(
            accessKeyId: "ASIAFETCHED", secretAccessKey: "fetchedsecret", sessionToken: "fetchedtoken", expiration: 4_102_444_799))
        #expect(ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://10.0.0.1/creds"], http: HTTPClient()) == nil)
        #expect(ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/x"], http: HTTPClient())?.url
            == "http://169.254.170.2/v2/x")
    }

    @Test func instanceMetadataV2() throws {
        let server = try LoopbackHTTPServer { _, request in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token") where request.headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600":
                return .respond(status: 200, body: Array("imds-token".utf8))
            case (_, _) where request.headers["x-aws-ec2-metadata-token"] != "imds-token":
                return .respond(status: 401)
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return .respond(status: 200, body: Array("impress-role\n".utf8))
            case ("GET", "/latest/meta-data/iam/security-credentials/impress-role"):
                return .respond(status: 200, body: Array(Self.credentialJSON.utf8))
            default:
                return .respond(status: 404)
            }
        }
        defer { server.stop() }
        let provider = try #require(
            InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL + "/"], http: HTTPClient()))
        #expect(try provider.credentials().accessKeyId == "ASIAFETCHED")
        #expect(server.requests.map(\.method) == ["PUT", "GET", "GET"])
        #expect(InstanceMetadataCredentialProvider(environment: Self.noIMDS, http: HTTPClient()) == nil)
    }

    /// Counts fetches and hands out credentials expiring at a set time.
    final class CountingSource: CredentialProvider {
        let fetches = Atomic<Int>(0)
        let expiration: Int64
        init(expiration: Int64) { self.expiration = expiration }
        func credentials() throws(DynamoDBError) -> AWSCredentials {
            let n = fetches.add(1, ordering: .relaxed).newValue
            return AWSCredentials(accessKeyId: "AKID\(n)", secretAccessKey: "s", expiration: expiration)
        }
    }

    @Test func refreshesBeforeExpiryOnceAtATime() throws {
        let now = Mutex<Int64>(1_000)
        let source = CountingSource(expiration: 2_000)
        let provider = RefreshingCredentialProvider(source, refreshMarginSeconds: 300, wallClock: { now.withLock { $0 } })
        DispatchQueue.concurrentPerform(iterations: 8) { _ in _ = try? provider.credentials() }
        #expect(source.fetches.load(ordering: .relaxed) == 1)
        now.withLock { $0 = 1_600 }
        #expect(try provider.credentials().accessKeyId == "AKID1")
        now.withLock { $0 = 1_701 }  // inside the 300 s margin
        #expect(try provider.credentials().accessKeyId == "AKID2")
    }

    @Test(arguments: [
        ("2015-08-30T12:36:00Z", Int64(1_440_938_160)), ("2000-02-29T12:34:56.789Z", 951_827_696), ("1970-01-01T00:00:00Z", 0),
    ])
    func expirationTimestamps(text: String, expected: Int64) throws {
        let body = #"{"AccessKeyId":"a","SecretAccessKey":"b","Expiration":"\#(text)"}"#
        let server = try LoopbackHTTPServer { _, _ in .respond(status: 200, body: Array(body.utf8)) }
        defer { server.stop() }
        let provider = try #require(
            ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/c"], http: HTTPClient()))
        #expect(try provider.credentials().expiration == expected)
    }
}
