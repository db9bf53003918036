import CCurl
import Synchronization

/// `curl_global_init` must run once, before any handle exists, and is not thread-safe
/// itself (libcurl docs, curl_global_init): guarded by a lock, called from each handle's init.
enum CurlGlobal {
    private static let initialized = Mutex(false)

    static func initialize() {
        initialized.withLock { done in
            guard !done else { return }
            _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
            done = true
        }
    }
}
