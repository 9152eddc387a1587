import AsyncHTTPClient
import Foundation
import NIOCore
import PorticoStore

/// Ingestion through HTTP in batches from several clients, with the rollup worker running,
/// against COPY of the same rows; and how long marker events take to show in a report meanwhile.
extension InsightsBench {
    static let markerInterval: Duration = .milliseconds(500)
    static let freshnessTimeout: Duration = .seconds(300)

    func measureIngestion(shape: InsightsShape, into tenant: InsightsTenant, client: HTTPClient) async throws {
        var generator = InsightsEventGenerator(shape: shape, seed: 2)
        let now = Date().timeIntervalSince1970
        let events = (0..<sizes.ingestEvents).map { generator.event(id: "live-\(runID)-\($0)", from: now - 600, to: now) }
        let bodies = stride(from: 0, to: events.count, by: sizes.batch).map { Self.body(events[$0..<min(events.count, $0 + sizes.batch)]) }
        var rows = ""
        rows.reserveCapacity(events.count * 300)
        for event in events { event.copyRow(userKey: tenant.userKeys[event.user], fingerprint: generator.fingerprint(), into: &rows) }
        let bytes = bodies.reduce(0) { $0 + $1.readableBytes }

        let probe = FreshnessProbe()
        let started = ContinuousClock.now
        let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                let accepted = try await sendBatches(bodies, client: client, key: tenant.key)
                await probe.finish()
                return accepted
            }
            group.addTask { try await sendMarkers(to: probe, tenant: tenant, client: client); return 0 }
            group.addTask { try await watchMarkers(of: probe, tenant: tenant, client: client); return 0 }
            return try await group.reduce(0, +)
        }
        let ingested = (await probe.loadEnded ?? .now) - started
        try await waitForRollups(of: [tenant.context])
        let caughtUp = ContinuousClock.now - started
        // Nothing of the rollup's may run beside the floor, a merge the last runs asked for included.
        let merge = try await waitForMerge(of: tenant.context)
        let copy = try copier.run(PsqlCopy.statement(table: tenant.table, columns: BenchEvent.copyColumns, rows: rows))
        let httpRate = Double(accepted) / ingested.seconds, copyRate = Double(events.count) / copy.seconds
        report(String(format: "%@ ingest %d events over HTTP (batches of %d, %d clients, %.0f bytes/event): %.1f s = %.0f events/s | COPY of the same rows %.2f s = %.0f events/s | HTTP/COPY %.2f | goal ≥ 50,000/s and ≥ 0.5 | rollups caught up %.1f s after the first batch",
                      shape.label, accepted, sizes.batch, sizes.clients, Double(bytes) / Double(events.count), ingested.seconds, httpRate,
                      copy.seconds, copyRate, httpRate / copyRate, caughtUp.seconds))
        let latencies = await probe.latencies
        report(String(format: "%@ merge after ingestion: done %.1f s after the rollups caught up", shape.label, merge.seconds))
        report(String(format: "%@ freshness under that load (%d markers, event accepted → in /top?dimension=zero-result-searches): p50 %.1f s p99 %.1f s max %.1f s | goal p99 ≤ 60 s",
                      shape.label, latencies.durations.count, latencies.p50 / 1000, latencies.p99 / 1000, latencies.percentile(1) / 1000))
        guard accepted == events.count else { throw BenchFailure("the API accepted \(accepted) of \(events.count) events") }
    }

    /// The batches, shared out over the clients; returns the events accepted.
    private func sendBatches(_ bodies: [ByteBuffer], client: HTTPClient, key: String) async throws -> Int {
        let clients = sizes.clients
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for first in 0..<clients {
                group.addTask {
                    var accepted = 0
                    for index in stride(from: first, to: bodies.count, by: clients) {
                        accepted += try await post(bodies[index], client: client, key: key)
                    }
                    return accepted
                }
            }
            return try await group.reduce(0, +)
        }
    }

    /// One event every `markerInterval` while ingestion runs: a search without results for a term
    /// of its own (`fm<n>:marker`), so `top?dimension=zero-result-searches&kind=fm<n>` over its day
    /// finds it alone. (A dimension with few rows and one day: polling must not load the database
    /// it measures; polling `entities` over a week did.)
    private func sendMarkers(to probe: FreshnessProbe, tenant: InsightsTenant, client: HTTPClient) async throws {
        var marker = 0
        while await !probe.finished {
            let at = Date().timeIntervalSince1970
            let event = BenchEvent(id: "marker-\(runID)-\(marker)", at: at, user: 0, action: "search",
                                   subject: "fm\(marker):marker", value: 0, pluginId: "search", routeRef: "search:root")
            try await post([event], client: client, key: tenant.key)
            await probe.sent(marker, day: Timestamps.day(of: at), at: .now)
            marker += 1
            try await Task.sleep(for: Self.markerInterval)
        }
    }

    private func watchMarkers(of probe: FreshnessProbe, tenant: InsightsTenant, client: HTTPClient) async throws {
        var deadline: ContinuousClock.Instant?
        while true {
            let pending = await probe.pending
            if await probe.finished {
                if pending.isEmpty { return }
                deadline = deadline ?? .now + Self.freshnessTimeout
            }
            if let deadline, ContinuousClock.now > deadline { throw BenchFailure("\(pending.count) markers not in a report after \(Self.freshnessTimeout)") }
            for (marker, day) in pending {
                let answer = try await get(
                    client, "/api/insights/top?dimension=zero-result-searches&kind=fm\(marker)&from=\(day)&to=\(day)&limit=1", key: tenant.key)
                if String(buffer: answer).contains("\"key\"") { await probe.seen(marker, at: .now) }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
