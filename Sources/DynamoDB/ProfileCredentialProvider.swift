import AWSSigV4

#if canImport(Glibc)
    import Glibc
#endif

/// Static keys from the shared files (AWS SDKs and Tools Reference Guide, "Shared config and
/// credentials files"): the profile `AWS_PROFILE` (else `default`) in
/// `AWS_SHARED_CREDENTIALS_FILE` (else `~/.aws/credentials`, `[name]` sections), then in
/// `AWS_CONFIG_FILE` (else `~/.aws/config`, `[profile name]` sections, `[default]`).
/// Role assumption, SSO and `credential_process` are not supported.
public struct ProfileCredentialProvider: CredentialProvider {
    public let profile: String
    public let credentialsFile: String?
    public let configFile: String?

    public init(environment: [String: String]) {
        profile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        credentialsFile = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home.map { $0 + "/.aws/credentials" }
        configFile = environment["AWS_CONFIG_FILE"] ?? home.map { $0 + "/.aws/config" }
    }

    /// The profile's keys, or nil when neither file has them.
    public var found: AWSCredentials? {
        let fromCredentials = credentialsFile.flatMap(Self.readFile).map { Self.section(profile, in: $0) } ?? [:]
        let configSection = profile == "default" ? "default" : "profile " + profile
        let fromConfig = configFile.flatMap(Self.readFile).map { Self.section(configSection, in: $0) } ?? [:]
        let values = fromConfig.merging(fromCredentials) { $1 }
        guard let id = values["aws_access_key_id"], !id.isEmpty, let secret = values["aws_secret_access_key"], !secret.isEmpty
        else { return nil }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: values["aws_session_token"])
    }

    public func credentials() throws(DynamoDBError) -> AWSCredentials {
        guard let found else { throw .credentials("profile \(profile) has no aws_access_key_id/aws_secret_access_key") }
        return found
    }

    /// The `key = value` lines of `[name]` in an INI text; `#`/`;` lines are comments.
    static func section(_ name: String, in text: String) -> [String: String] {
        var values: [String: String] = [:]
        var inside = false
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = String(rawLine).trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                inside = String(line.dropFirst().dropLast()).trimmingSpaces == name
                continue
            }
            guard inside, let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals]).trimmingSpaces.lowercased()] = String(line[line.index(after: equals)...]).trimmingSpaces
        }
        return values
    }

    /// The file's text, or nil when it cannot be read; at most 1 MiB.
    static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
