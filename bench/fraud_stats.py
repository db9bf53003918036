#!/usr/bin/env python3
"""A straightforward Python /fraud/stats over the embedded store's JSONL file: the baseline
the README compares the Swift route against (same file, same org, same window).

Usage: fraud_stats.py FILE ORG FROM_MS TO_MS  -> prints events/s and the event count.
It parses the file first (as the daemon does at start) and times only the aggregation."""
import json, math, sys, time
from collections import defaultdict


def unwrap(av):
    (t, v), = av.items()
    return float(v) if t == "N" else v


def load(path):
    events = []
    with open(path) as f:
        for line in f:
            if line.strip():
                item = json.loads(line)
                events.append({k: (unwrap(v) if "N" in v or "S" in v else
                                   v.get("SS") or [x.get("S") for x in v.get("L", [])])
                               for k, v in item.items()})
    return events


def haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1, math.sqrt(h)))


def fraud_stats(events, org, lo, hi):
    levels = defaultdict(int); signals = defaultdict(int); users = {}; fps = set()
    located = defaultdict(list); days = defaultdict(lambda: [0, 0]); scored = []; total = 0
    for e in events:
        if e.get("organizationId") != org or not (lo <= e["timestamp"] <= hi):
            continue
        total += 1
        fps.add(e["fingerprint"])
        s = e.get("risk_score")
        if s is not None:
            scored.append(s)
            levels["low" if s < 40 else "medium" if s < 70 else "high" if s < 90 else "critical"] += 1
        for sig in e.get("signals") or []:
            signals[sig] += 1
        u = e.get("user_id")
        if u:
            m, c = users.get(u, (None, 0))
            users[u] = (s if m is None or (s is not None and s > m) else m, c + 1)
            if "latitude" in e and "longitude" in e and not {"vpn", "proxy", "tor"} & set(e.get("signals") or []):
                located[u].append(e)
        day = time.strftime("%Y-%m-%d", time.gmtime(e["timestamp"] / 1000))
        days[day][0] += 1
        days[day][1] += 1 if s is not None and s >= 70 else 0
    incidents = []
    for u, evs in located.items():
        evs.sort(key=lambda e: (e["timestamp"], e.get("SK", "")))
        for a, b in zip(evs, evs[1:]):
            d = haversine(a, b); el = (b["timestamp"] - a["timestamp"]) / 1000
            if d >= 500 and d / max(el, 60) * 3600 > 1000:
                incidents.append((u, d, el))
    high = sorted(((m, c, u) for u, (m, c) in users.items() if m is not None and m >= 70),
                  key=lambda r: (-r[0], -r[1], r[2]))[:10]
    return {"total_events": total, "unique_users": len(users), "unique_fingerprints": len(fps),
            "average_risk_score": round(sum(scored) / len(scored), 2) if scored else None,
            "risk_levels": dict(levels), "signals": dict(signals), "high_risk_users": high,
            "impossible_travel": len(incidents), "timeline": sorted(days.items())}


if __name__ == "__main__":
    path, org, lo, hi = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    events = load(path)
    start = time.perf_counter()
    result = fraud_stats(events, org, lo, hi)
    elapsed = time.perf_counter() - start
    print(f"python fraud_stats: {result['total_events']} events in {elapsed:.3f} s = "
          f"{result['total_events'] / elapsed:,.0f} events/s")
