/// Sessions and their concurrency for `/account-sharing` (API.md §4): a session is a run of
/// one fingerprint's events with gaps under 30 minutes, active over [first event, last event
/// + 30 min].
enum Sessions {
    static let gapMilliseconds: Int64 = 30 * 60 * 1000

    /// The sessions of one fingerprint's timestamps, which must be ascending, appended to
    /// `into` as (start, end) pairs. A gap of exactly 30 minutes starts a new session.
    static func append<Timestamps: Sequence>(sessionsOf timestamps: Timestamps, into sessions: inout [(start: Int64, end: Int64)])
    where Timestamps.Element == Int64 {
        var current: (first: Int64, last: Int64)?
        for t in timestamps {
            if let run = current {
                // A difference that overflows is an enormous gap: a new session.
                let (gap, overflow) = t.subtractingReportingOverflow(run.last)
                if !overflow, gap < gapMilliseconds {
                    current = (run.first, t)
                    continue
                }
                sessions.append((run.first, activeEnd(run.last)))
            }
            current = (t, t)
        }
        if let run = current { sessions.append((run.first, activeEnd(run.last))) }
    }

    /// last + 30 min, saturating at the end of time instead of trapping.
    static func activeEnd(_ last: Int64) -> Int64 {
        let (end, overflow) = last.addingReportingOverflow(gapMilliseconds)
        return overflow ? Int64.max : end
    }

    /// The largest number of sessions active at one instant. An end at t and a start at t do
    /// not overlap: ends are swept before starts at equal times. Sessions of one fingerprint
    /// never overlap (the next starts ≥ 30 min after the last event, where the previous one
    /// ends), so the count is of distinct fingerprints. `boundaries` is scratch space, reused
    /// across users so the sweep allocates nothing per user.
    static func maxConcurrent(_ sessions: [(start: Int64, end: Int64)], boundaries: inout [(time: Int64, delta: Int)]) -> Int {
        boundaries.removeAll(keepingCapacity: true)
        for s in sessions {
            boundaries.append((s.start, 1))
            boundaries.append((s.end, -1))
        }
        boundaries.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var active = 0
        var peak = 0
        for b in boundaries {
            active += b.delta
            peak = max(peak, active)
        }
        return peak
    }
}
