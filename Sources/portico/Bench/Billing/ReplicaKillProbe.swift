import AsyncHTTPClient
import Foundation
import PorticoApp
import PorticoCore
import PorticoProvisioning

/// "A replica killed between requests and flush loses at most the unflushed second", measured: a
/// `portico serve` process of its own takes requests from a few clients for a while, is killed
/// with SIGKILL right after the last answer, and what reached `control.usage_records` is compared
/// with the requests it answered and with those it answered in its last second.
struct ReplicaKillProbe: LoopbackBench, Sendable {
    let bench: BillingBench
    let tenant: TenantContext
    let key: String

    var runtime: Runtime { bench.runtime }
    var tenants: TenantService { bench.tenants }
    var base: String { "http://127.0.0.1:\(bench.port + 1)" }

    static let clients = 4

    func run() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await killTrials(client)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func killTrials(_ client: HTTPClient) async throws {
        let counted = "SELECT coalesce(sum(quantity), 0)::bigint FROM control.usage_records WHERE tenant_id = '\(tenant.id.uuid)' AND meter = 'api.requests'"
        var worst = 0
        for trial in 1...bench.sizes.killTrials {
            let before = try await bench.scalar(counted)
            let serve = Process()
            serve.executableURL = URL(fileURLWithPath: bench.executable)
            serve.arguments = ["serve", "--host", "127.0.0.1", "--port", String(bench.port + 1)] + bench.serveArguments
            serve.standardOutput = FileHandle.nullDevice
            serve.standardError = FileHandle.nullDevice
            let exited = try serve.start()
            do {
                try await waitUntilLive(client)
            } catch {
                kill(serve.processIdentifier, SIGKILL)
                throw error
            }
            // Load for a stretch that ends at a different point of the one-second flush cycle each trial.
            let deadline = ContinuousClock.now + .milliseconds(2_000 + 230 * trial)
            let answered = try await withThrowingTaskGroup(of: [ContinuousClock.Instant].self) { group in
                for _ in 0..<Self.clients {
                    group.addTask {
                        var answers: [ContinuousClock.Instant] = []
                        while ContinuousClock.now < deadline {
                            try await get(client, "/v1/tenant", key: key)
                            answers.append(.now)
                        }
                        return answers
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let killedAt = ContinuousClock.now
            kill(serve.processIdentifier, SIGKILL)
            await exited.value
            try await Task.sleep(for: .milliseconds(300))
            let recorded = Int(try await bench.scalar(counted) - before)
            let lastSecond = answered.filter { $0 > killedAt - .seconds(1) }.count
            let lost = answered.count - recorded
            worst = max(worst, lost)
            bench.report("replica kill \(trial): \(answered.count) requests answered, \(recorded) recorded, \(lost) lost; "
                + "answered in its last second: \(lastSecond) (lost ≤ that: \(lost <= lastSecond ? "yes" : "NO"))")
        }
        bench.report("replica kill: at most \(worst) requests lost over \(bench.sizes.killTrials) kills (flush interval 1 s)")
    }

    private func waitUntilLive(_ client: HTTPClient) async throws {
        for _ in 0..<300 {
            if (try? await get(client, "/health/live", key: nil)) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CancellationError()
    }
}
