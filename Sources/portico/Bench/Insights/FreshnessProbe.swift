/// Marker events sent during ingestion, and when each first showed in a report.
actor FreshnessProbe {
    private var sent: [Int: ContinuousClock.Instant] = [:]
    private(set) var latencies = LatencySample()
    private(set) var finished = false
    /// When the last batch of the load was answered.
    private(set) var loadEnded: ContinuousClock.Instant?

    func sent(_ marker: Int, at instant: ContinuousClock.Instant) { sent[marker] = instant }

    func seen(_ marker: Int, at instant: ContinuousClock.Instant) {
        guard let start = sent.removeValue(forKey: marker) else { return }
        latencies.durations.append(instant - start)
    }

    var pending: [Int] { sent.keys.sorted() }

    func finish() {
        finished = true
        loadEnded = .now
    }
}
