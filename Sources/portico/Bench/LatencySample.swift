/// Latencies of repeated runs of one operation, summarised.
struct LatencySample {
    var durations: [Duration] = []

    mutating func measure(_ body: () async throws -> Void) async rethrows {
        let started = ContinuousClock.now
        try await body()
        durations.append(ContinuousClock.now - started)
    }

    func percentile(_ fraction: Double) -> Double {
        let sorted = durations.map(\.milliseconds).sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }

    var p50: Double { percentile(0.5) }
    var p95: Double { percentile(0.95) }
    var p99: Double { percentile(0.99) }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
