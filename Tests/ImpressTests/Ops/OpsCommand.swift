import Foundation
import Glibc

/// What a finished command printed and returned.
struct OpsCommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the real tools the operations files are written for (nginx, openssl, curl,
/// systemd-analyze, the scripts). Output goes to files, not pipes, so a chatty command cannot
/// block on a full pipe; a command that outlives its deadline is killed.
enum OpsCommand {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository root (this file is Tests/ImpressTests/Ops/OpsCommand.swift).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func repositoryPath(_ relative: String) -> String {
        repositoryRoot.appendingPathComponent(relative).path
    }

    /// Runs `tool` (looked up in PATH, sbin directories included) to completion.
    static func run(
        _ tool: String, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 30
    ) throws -> OpsCommandResult {
        let scratch = try OpsTemporaryDirectory()
        let process = try start(
            tool, arguments, environment: environment, stdout: scratch.path("stdout"), stderr: scratch.path("stderr"))
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            // SIGKILL: the runner's threads block SIGTERM and children inherit that mask.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) ran over \(timeout) s")
        }
        process.waitUntilExit()
        return OpsCommandResult(
            status: process.terminationStatus, stdout: scratch.read("stdout"), stderr: scratch.read("stderr"))
    }

    /// Starts `tool` in the background with its output sent to the given files.
    static func start(
        _ tool: String, _ arguments: [String], environment: [String: String] = [:], stdout: String, stderr: String
    ) throws -> Process {
        guard FileManager.default.createFile(atPath: stdout, contents: nil),
            FileManager.default.createFile(atPath: stderr, contents: nil)
        else { throw Failure(description: "cannot create \(stdout) or \(stderr)") }
        var merged = ProcessInfo.processInfo.environment
        merged["PATH"] = (merged["PATH"].map { $0 + ":" } ?? "") + "/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin"
        merged.merge(environment) { _, new in new }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = FileHandle(forWritingAtPath: stderr)
        try process.run()
        return process
    }
}

/// A directory under the system temp directory, removed when the value goes away.
final class OpsTemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("impress-ops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ relative: String) -> String {
        url.appendingPathComponent(relative).path
    }

    func read(_ relative: String) -> String {
        (try? String(contentsOfFile: path(relative), encoding: .utf8)) ?? ""
    }

    func write(_ text: String, to relative: String) throws {
        try text.write(toFile: path(relative), atomically: true, encoding: .utf8)
    }
}
