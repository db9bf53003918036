import Foundation
import ImpressJSON

/// The `impress-admin` command line: subcommands, help, exit codes (0 ok, 1 runtime
/// failure, 2 bad usage or settings — reported in one line before any socket is opened).
public enum ImpressApp {
    public static let version = "0.1.0"

    static let usage = """
        impress-admin \(version): the admin API behind the Impress fraud dashboard (FastCGI daemon)

        Usage:
          impress-admin serve [--listen ADDR] [--store file:PATH] [...]   run the FastCGI daemon
          impress-admin demo-data --out FILE [--orgs org_a,org_b] [--events N] [--seed S] [--now MS]
                                                                  write demo events (JSONL, DynamoDB-typed)
          impress-admin dev-token ...                             local work only: keys and tokens (see dev-token --help)
          impress-admin --version | --help

        Settings (environment; the flag of the same line overrides):
        """

    public static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let code = run(arguments: arguments, environment: ProcessInfo.processInfo.environment)
        exit(code)
    }

    /// Runs one command and returns its exit code.
    public static func run(arguments: [String], environment: [String: String]) -> Int32 {
        guard let command = arguments.first else {
            printError("missing command (see impress-admin --help)")
            return 2
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "--help", "-h", "help":
            print(helpText)
            return 0
        case "--version", "version":
            print("impress-admin \(version)")
            return 0
        case "serve":
            return ServeCommand.run(arguments: rest, environment: environment)
        case "demo-data":
            return DemoDataCommand.run(arguments: rest)
        case "dev-token":
            return DevTokenCommand.run(arguments: rest)
        default:
            printError("unknown command '\(command)' (see impress-admin --help)")
            return 2
        }
    }

    static var helpText: String {
        var text = usage + "\n"
        for f in Settings.flags {
            let left = "  \(f.variable) (\(f.flag))"
            // A name too long for the column gets its meaning on the next line, in the column.
            let column = String(repeating: " ", count: 48)
            text += (left.count < column.count ? left.padding(toLength: column.count, withPad: " ", startingAt: 0) : left + "\n" + column)
                + f.meaning + "\n"
        }
        text += "  AWS_ACCESS_KEY_ID, AWS_PROFILE, ...              credentials, found as the AWS SDKs find them\n"
        return text
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("impress-admin: \(message)\n".utf8))
    }
}

/// `--name value` / `--name=value` options of the small subcommands.
struct Options {
    var values: [String: String] = [:]
    var flags: Set<String> = []

    init(_ arguments: [String], valued: Set<String>, switches: Set<String> = []) throws(Settings.Error) {
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            if let eq = arg.firstIndex(of: "="), valued.contains(String(arg[..<eq])) {
                values[String(arg[..<eq])] = String(arg[arg.index(after: eq)...])
                i += 1
            } else if valued.contains(arg) {
                guard i + 1 < arguments.count else { throw Settings.Error("option \(arg) needs a value") }
                values[arg] = arguments[i + 1]
                i += 2
            } else if switches.contains(arg) {
                flags.insert(arg)
                i += 1
            } else {
                throw Settings.Error("unknown option \(arg)")
            }
        }
    }

    func int(_ name: String, default d: Int, range: ClosedRange<Int>) throws(Settings.Error) -> Int {
        guard let text = values[name] else { return d }
        guard let n = Int(text), range.contains(n) else {
            throw Settings.Error("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }
}
