import Foundation
import ImpressAPI
import ImpressHTTP
import ImpressHTTPClient
import ImpressJSON
import ImpressServer

/// `impress-admin serve`: settings, then the store, the authorizer and the server, wired.
/// Everything that can be wrong with the settings is found before the socket is opened.
enum ServeCommand {
    static func run(arguments: [String], environment: [String: String]) -> Int32 {
        let log = JSONLog()
        let server: FastCGIServer
        do {
            let settings = try Settings.load(
                environment: environment, arguments: arguments, cores: ProcessInfo.processInfo.activeProcessorCount)
            let listen: ListenAddress
            do {
                listen = try ListenAddress.parse(settings.listen)
            } catch {
                throw Settings.Error("IMPRESS_LISTEN: \(error.message)")
            }
            let http = HTTPClient()
            let store = try Wiring.store(settings, http: http, log: { log.log(.warning, $0) })
            let (authorizer, jwks) = try Wiring.authorizer(settings, http: http)
            let responder = APIResponder(
                configuration: APIConfiguration(
                    basePath: settings.basePath, cors: CORSPolicy(allowedOrigins: settings.corsOrigins),
                    maxScanEvents: settings.maxScanEvents, version: ImpressApp.version, now: epochMilliseconds),
                store: store, authorizer: authorizer, startedAt: epochMilliseconds())
            do {
                server = try FastCGIServer(
                    configuration: ServerConfiguration(
                        listen: listen, workers: settings.workers, drainSeconds: settings.drainSeconds,
                        webServerAddresses: ServerConfiguration.webServerAddresses(from: settings.environment["FCGI_WEB_SERVER_ADDRS"]),
                        environment: settings.environment),
                    responder: responder, log: log)
            } catch {
                log.log(.error, "cannot listen: \(error.message)")
                return 1
            }
            // Load the keys now, so the first request does not wait for them; a failure is
            // not fatal: /health says "empty" and authenticated routes answer 503 until they arrive.
            if let jwks, !jwks.refresh() {
                log.log(.warning, "JWKS not loaded yet: \(jwks.lastRefreshError ?? "unknown error")")
            }
            log.log(.info, "impress-admin \(ImpressApp.version) serving", [
                ("listen", .string(settings.listen ?? "inherited")), ("workers", .int(settings.workers)),
                ("store", .string(storeName(settings.store))), ("jwks", .string(authorizer.keySetStatus.name)),
            ])
        } catch let error as Settings.Error {
            ImpressApp.printError(error.description)
            return 2
        } catch {
            ImpressApp.printError("\(error)")
            return 1
        }
        let busyWorkers: Int
        do {
            busyWorkers = try server.run()
        } catch {
            log.log(.error, "server stopped: \(error)")
            return 1
        }
        log.log(.info, "impress-admin stopped")
        // A worker still inside a request may be in libcurl or OpenSSL: exit()'s clean-up
        // (OpenSSL's atexit handler) would free what it uses under it.
        if busyWorkers > 0 { _exit(0) }
        return 0
    }

    @Sendable static func epochMilliseconds() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }

    static func storeName(_ store: Settings.StoreKind) -> String {
        switch store {
        case .dynamodb: return "dynamodb"
        case .file(let path): return "file:" + path
        }
    }
}
