import ArgumentParser
import Foundation

/// One run of wrk against a URL, with its throughput and latency percentiles (`--latency`).
struct WrkRun {
    let requestsPerSecond: Double
    let requests: Int
    let p50: Double
    let p99: Double
    let non2xx: Int

    /// Runs `wrk` for `seconds` with `connections` connections over 2 threads.
    static func run(_ wrk: String, url: String, key: String, seconds: Int, connections: Int) async throws -> WrkRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [wrk, "-t", "2", "-c", String(connections), "-d", "\(seconds)s", "--latency", "-H", "Authorization: Bearer \(key)", url]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("portico-wrk-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try FileHandle(forWritingTo: file)
        process.standardOutput = output
        await (try process.start()).value
        try output.close()
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0, let parsed = parse(text) else { throw ValidationError("wrk failed:\n\(text)") }
        return parsed
    }

    static func parse(_ text: String) -> WrkRun? {
        var rps: Double?, requests: Int?, p50: Double?, p99: Double?, non2xx = 0
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = words.first else { continue }
            switch first {
            case "Requests/sec:": rps = words.dropFirst().first.flatMap { Double($0) }
            case "50%": p50 = words.dropFirst().first.flatMap(milliseconds)
            case "99%": p99 = words.dropFirst().first.flatMap(milliseconds)
            case "Non-2xx": non2xx = words.last.flatMap { Int($0) } ?? 0
            default:
                if words.count > 1, words[1] == "requests" { requests = Int(first) }
            }
        }
        guard let rps, let requests, let p50, let p99 else { return nil }
        return WrkRun(requestsPerSecond: rps, requests: requests, p50: p50, p99: p99, non2xx: non2xx)
    }

    /// wrk's `1.23ms`, `456.00us`, `1.02s`.
    private static func milliseconds(_ text: Substring) -> Double? {
        for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * factor }
        }
        return nil
    }
}
