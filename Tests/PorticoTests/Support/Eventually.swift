import Testing

/// Polls `condition` until it holds. The timeout only keeps a broken test from hanging, or states a
/// bound the product promises (revocation within seconds); nothing asserts on how long it took.
func eventually(
    _ description: String, timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(50),
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: interval)
    }
    Issue.record("timed out waiting until \(description)", sourceLocation: sourceLocation)
    throw TimedOut(description: description)
}

struct TimedOut: Error, CustomStringConvertible {
    let description: String
}
