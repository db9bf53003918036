import Foundation

enum DemoDataCommand {
    static func run(arguments: [String]) -> Int32 {
        do {
            let o = try Options(arguments, valued: ["--out", "--orgs", "--events", "--seed", "--now"])
            guard let out = o.values["--out"] else { throw Settings.Error("demo-data needs --out FILE") }
            let orgs = (o.values["--orgs"] ?? "org_demo,org_other").split(separator: ",").map(String.init)
            let now = Int64(o.values["--now"] ?? "") ?? Int64(Date().timeIntervalSince1970 * 1000)
            let demo = DemoData(
                organizations: orgs, eventsPerOrganization: try o.int("--events", default: 600, range: 1...10_000_000),
                seed: UInt64(try o.int("--seed", default: 1, range: 0...Int.max)), now: now)
            let items = demo.items()
            try Data(DemoData.jsonLines(items).utf8).write(to: URL(fileURLWithPath: out))
            print("wrote \(items.count) events for \(orgs.joined(separator: ", ")) to \(out)")
            return 0
        } catch let e as Settings.Error {
            ImpressApp.printError(e.description)
            return 2
        } catch {
            ImpressApp.printError("demo-data: \(error)")
            return 1
        }
    }
}
