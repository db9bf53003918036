import Foundation

/// `impress-admin serve`: settings, then the store, the authorizer and the server, wired.
enum ServeCommand {
    static func run(arguments: [String], environment: [String: String]) -> Int32 {
        do {
            _ = try Settings.load(environment: environment, arguments: arguments, cores: ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            ImpressApp.printError(error.description)
            return 2
        }
        ImpressApp.printError("serve: not wired yet")
        return 1
    }
}

