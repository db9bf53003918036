import ImpressJSON

/// What one `impress-bench routes` run found, as a table for people or JSON for the README.
struct BenchReport {
    var load: BenchDuration
    var storeEvents: Int
    var loadPeakRSSKiB: Int
    var results: [RouteResult]
    var finalPeakRSSKiB: Int
    var repeats: Int

    var table: String {
        var lines = [
            "load: \(storeEvents) events in \(seconds(load.wallSeconds)) s (cpu \(seconds(load.cpuSeconds)) s), "
                + "peak RSS after load \(loadPeakRSSKiB / 1024) MiB",
            "best of \(repeats), one thread:",
            row(["route", "status", "events", "wall s", "cpu s", "events/s", "bytes"]),
        ]
        for r in results {
            let status = r.status == 501 ? "501 (not wired)" : String(r.status)
            lines.append(row([
                r.route, status, String(r.eventsScanned), seconds(r.best.wallSeconds), seconds(r.best.cpuSeconds),
                String(Int(r.eventsPerSecond)), String(r.responseBytes),
            ]))
        }
        lines.append("peak RSS: \(finalPeakRSSKiB / 1024) MiB")
        return lines.joined(separator: "\n")
    }

    var json: JSONValue {
        .object([
            ("store_events", .int(storeEvents)),
            ("load_s", .number(seconds(load.wallSeconds))),
            ("load_cpu_s", .number(seconds(load.cpuSeconds))),
            ("load_peak_rss_kib", .int(loadPeakRSSKiB)),
            ("repeats", .int(repeats)),
            ("routes", .array(results.map { r in
                .object([
                    ("route", .string(r.route)), ("status", .int(r.status)), ("events_scanned", .int(r.eventsScanned)),
                    ("wall_s", .number(seconds(r.best.wallSeconds))), ("cpu_s", .number(seconds(r.best.cpuSeconds))),
                    ("events_per_s", .int(Int(r.eventsPerSecond))), ("response_bytes", .int(r.responseBytes)),
                ])
            })),
            ("peak_rss_kib", .int(finalPeakRSSKiB)),
        ])
    }

    private func row(_ cells: [String]) -> String {
        let widths = [18, 16, 9, 8, 8, 12, 10]
        return zip(cells, widths).map { cell, width in
            cell.count >= width ? cell + " " : cell + String(repeating: " ", count: width - cell.count)
        }.joined()
    }

    /// Three decimals, as JSON number text too.
    private func seconds(_ value: Double) -> String {
        let milli = Int((value * 1000).rounded())
        let fraction = String(milli % 1000)
        return "\(milli / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
