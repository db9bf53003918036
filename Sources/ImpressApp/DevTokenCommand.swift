import Foundation
import ImpressAuth
import ImpressCrypto

/// `impress-admin dev-token`: for local work only. Creates a key pair and a JWKS file in a
/// directory (once), then mints a signed session token, so the daemon can be tried without
/// Clerk. Never used by `serve`: the daemon only ever reads the public JWKS it is pointed at.
enum DevTokenCommand {
    static let help = """
        impress-admin dev-token --dir DIR [--org ORG | --superadmin] [--sub SUB] [--ttl SECONDS] [--issuer ISS] [--kid KID]

        Local work only. Creates DIR/jwks.json and DIR/dev-private-key.pem (0600) when missing,
        then prints an RS256 session token. Point the daemon at it with
        CLERK_JWKS_URL=file://DIR/jwks.json (and CLERK_ISSUER=ISS if you set one).
        """

    static func run(arguments: [String]) -> Int32 {
        if arguments.contains("--help") {
            print(help)
            return 0
        }
        do {
            let o = try Options(
                arguments, valued: ["--dir", "--org", "--sub", "--ttl", "--issuer", "--kid"], switches: ["--superadmin"])
            guard let dir = o.values["--dir"] else { throw Settings.Error("dev-token needs --dir DIR") }
            let kid = o.values["--kid"] ?? "dev-key-1"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let key: RSAPrivateKey
            if FileManager.default.fileExists(atPath: dir + "/" + DevKeys.privateKeyFileName) {
                key = try DevKeys.loadPrivateKey(from: dir)
            } else {
                key = try DevKeys.createKeyPair(in: dir, kid: kid)
            }
            let superadmin = o.flags.contains("--superadmin")
            let org = o.values["--org"]
            guard superadmin || org != nil else { throw Settings.Error("dev-token needs --org ORG or --superadmin") }
            let token = try DevKeys.mintToken(
                DevKeys.TokenRequest(
                    subject: o.values["--sub"] ?? (superadmin ? "user_dev_superadmin" : "user_dev_admin"),
                    organizationId: org, superadmin: superadmin,
                    issuer: o.values["--issuer"] ?? "https://clerk.impress.local", kid: kid,
                    lifetime: Double(try o.int("--ttl", default: 86_400, range: 60...31_536_000))),
                key: key)
            print(token)
            return 0
        } catch let e as Settings.Error {
            ImpressApp.printError(e.description)
            return 2
        } catch {
            ImpressApp.printError("dev-token: \(error)")
            return 1
        }
    }
}
