import Foundation
import Synchronization

/// Load for end-to-end tests: `clients` threads, each running `exchange` (one request and its
/// answer) again and again until `stop()`. It counts the exchanges that went right and keeps
/// every one that did not, so a test asserts on counts, never on timing.
final class E2ELoad: Sendable {
    /// One exchange: nil when it went right, else what went wrong.
    typealias Exchange = @Sendable (_ client: Int, _ index: Int) throws -> String?

    private struct State {
        var answered = 0
        var problems: [String] = []
        var stopped = false
    }

    private let state = Mutex(State())
    private let finished = DispatchGroup()

    init(clients: Int, exchange: @escaping Exchange) {
        for client in 0..<clients {
            finished.enter()
            Thread { [self] in
                var index = 0
                while !state.withLock({ $0.stopped }) {
                    let problem: String?
                    do { problem = try exchange(client, index) } catch { problem = "\(error)" }
                    state.withLock { state in
                        if let problem {
                            state.problems.append("client \(client), request \(index): \(problem)")
                        } else {
                            state.answered += 1
                        }
                    }
                    index += 1
                }
                finished.leave()
            }.start()
        }
    }

    deinit { stop() }

    var answered: Int { state.withLock { $0.answered } }
    var problems: [String] { state.withLock { $0.problems } }

    /// Waits until at least `count` exchanges went right; false after `timeout` s.
    func waitForAnswers(atLeast count: Int, timeout: Double) -> Bool {
        Processes.waitUntil(timeout: timeout) { answered >= count }
    }

    /// Lets each client finish the exchange it is in, then returns; idempotent.
    func stop() {
        state.withLock { $0.stopped = true }
        _ = finished.wait(timeout: .now() + 60)
    }
}
