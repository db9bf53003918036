#if canImport(Glibc)
import Glibc
#endif
import ImpressJSON
import ImpressStore

/// The command line: `impress-bench routes --store file:PATH --org ORG [--repeat N] [--json]`.
/// Exit codes: 0 ok, 1 the store did not load, 2 bad usage.
enum BenchCommand {
    static let usage = """
        Usage: impress-bench routes --store file:PATH --org ORG [--repeat N] [--route PATH[?QUERY]]... [--dump DIR] [--json]
               impress-bench dynamodb
               impress-bench fastcgi --connect unix:/PATH|HOST:PORT [--connections N] [--seconds S] [--path /health]
          Loads the embedded store, then times every aggregate route (and one detail route) over
          the organization's whole data, in process, one thread; prints the best of N runs
          (default 5) of each, wall and CPU time, events/s, and the peak RSS. `--route` times only
          the routes named (e.g. `--route /users` for a profiler, `--route '/users?sort=risk'`);
          `--dump DIR` writes each route's last response body there (to compare builds).
          `fastcgi` measures raw FastCGI round trips per second against a running daemon, over
          kept connections (FCGI_KEEP_CONN), with no web server in between.
        """

    static func run(arguments: [String]) -> Int32 {
        if arguments.first == "fastcgi" { return runFastCGI(Array(arguments.dropFirst())) }
        if arguments.first == "dynamodb" {
            do {
                try DynamoDBPageBenchmark.run(pages: 200, delayMs: 20)
                return 0
            } catch {
                printError("impress-bench dynamodb: \(error)")
                return 1
            }
        }
        guard arguments.first == "routes", let options = BenchOptions(Array(arguments.dropFirst())) else {
            printError(usage)
            return 2
        }
        let loadStart = BenchClock.now()
        let store: FileStore
        do {
            store = try FileStore(path: options.storePath)
        } catch {
            printError("impress-bench: \(options.storePath): \(error)")
            return 1
        }
        let load = BenchClock.now().since(loadStart)
        let benchmark = RouteBenchmark(
            store: store, organization: options.organization, repeats: options.repeats, dumpDirectory: options.dumpDirectory)
        let results = options.routes.isEmpty ? benchmark.runAll() : options.routes.map { benchmark.measure(path: $0) }
        let report = BenchReport(
            load: load, storeEvents: store.eventCount, loadPeakRSSKiB: PeakMemory.kibibytes(),
            results: results, finalPeakRSSKiB: PeakMemory.kibibytes(), repeats: options.repeats)
        print(options.json ? JSONWriter.string(report.json) : report.table)
        return 0
    }

    static func runFastCGI(_ arguments: [String]) -> Int32 {
        var values: [String: String] = [:]
        var index = 0
        while index + 1 < arguments.count {
            values[arguments[index]] = arguments[index + 1]
            index += 2
        }
        guard index == arguments.count, let address = values["--connect"],
            Set(values.keys).isSubset(of: ["--connect", "--connections", "--seconds", "--path"]),
            let connections = Int(values["--connections"] ?? "4"), (1...1024).contains(connections),
            let seconds = Double(values["--seconds"] ?? "5"), seconds > 0, seconds <= 600
        else {
            printError(usage)
            return 2
        }
        do {
            try FastCGIRoundTrips.run(address: address, connections: connections, seconds: seconds, path: values["--path"] ?? "/health")
            return 0
        } catch {
            printError("impress-bench fastcgi: \(error)")
            return 1
        }
    }

    static func printError(_ message: String) {
        let bytes = Array((message + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}

/// The parsed options; `nil` when they do not make a valid command.
struct BenchOptions {
    var storePath: String
    var organization: String
    var repeats = 5
    var json = false
    var routes: [String] = []
    var dumpDirectory: String?

    init?(_ arguments: [String]) {
        var store: String?
        var org: String?
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            if name == "--json" {
                json = true
                index += 1
                continue
            }
            guard index + 1 < arguments.count else { return nil }
            let value = arguments[index + 1]
            switch name {
            case "--store": store = value
            case "--org": org = value
            case "--route": routes.append(value)
            case "--dump": dumpDirectory = value
            case "--repeat":
                guard let n = Int(value), n >= 1 else { return nil }
                repeats = n
            default: return nil
            }
            index += 2
        }
        guard let store, store.hasPrefix("file:"), store.count > 5, let org, !org.isEmpty else { return nil }
        storePath = String(store.dropFirst(5))
        organization = org
    }
}
