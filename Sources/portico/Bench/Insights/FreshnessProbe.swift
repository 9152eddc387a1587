/// Marker events sent during ingestion, and when each first showed in a report.
actor FreshnessProbe {
    private var sent: [Int: (day: String, at: ContinuousClock.Instant)] = [:]
    private(set) var latencies = LatencySample()
    private(set) var finished = false
    /// When the last batch of the load was answered.
    private(set) var loadEnded: ContinuousClock.Instant?

    func sent(_ marker: Int, day: String, at instant: ContinuousClock.Instant) { sent[marker] = (day, instant) }

    func seen(_ marker: Int, at instant: ContinuousClock.Instant) {
        guard let start = sent.removeValue(forKey: marker) else { return }
        latencies.durations.append(instant - start.at)
    }

    /// The markers not seen yet, with the UTC day each was sent on.
    var pending: [(marker: Int, day: String)] { sent.map { ($0.key, $0.value.day) }.sorted { $0.marker < $1.marker } }

    func finish() {
        finished = true
        loadEnded = .now
    }
}
