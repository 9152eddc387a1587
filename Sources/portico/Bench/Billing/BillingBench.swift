import ArgumentParser
import Foundation
import PorticoApp
import PorticoBilling
import PorticoCore
import PorticoProvisioning
import PorticoStore
import PostgresNIO

/// The parts `portico bench billing` measures.
enum BillingBenchPart: String, CaseIterable, ExpressibleByArgument {
    case run
    case metering
    case usage
    case all
}

struct BillingBench: LoopbackBench, Sendable {
    struct Sizes {
        let tenants, requestRecords, wrkSeconds, wrkRounds, wrkConnections, killTrials, usageRequests, writerBatch: Int
    }

    let runtime: Runtime
    let tenants: TenantService
    let base: String
    let port: Int
    let sizes: Sizes
    /// `portico` itself, started as a separate `serve` process for the replica-kill probe.
    let executable: String
    /// The settings' command-line overrides, passed on to that process.
    let serveArguments: [String]
    let wrk: String

    func run(_ parts: Set<BillingBenchPart>) async throws {
        let all = parts.contains(.all)
        if all || parts.contains(.run) { try await measureRun() }
        if all || parts.contains(.metering) { try await measureMetering() }
        if all || parts.contains(.usage) { try await measureUsage() }
    }

    /// Runs each statement on one control-schema connection; returns how long they took.
    @discardableResult
    func control(_ statements: [String]) async throws -> Duration {
        let started = ContinuousClock.now
        try await runtime.database.withConnection { connection in
            for text in statements {
                _ = try await connection.query(PostgresQuery(unsafeSQL: text), logger: runtime.logger).collect()
            }
        }
        return ContinuousClock.now - started
    }

    /// The first column of the first row of `text`, as an integer.
    func scalar(_ text: String) async throws -> Int64 {
        for try await value in try await runtime.database.query(PostgresQuery(unsafeSQL: text)).decode(Int64?.self) {
            return value ?? 0
        }
        return 0
    }

    func billing() throws -> BillingModule {
        guard let module = try runtime.modules(queue: JobQueue(database: runtime.database)).module(BillingModule.self) else {
            throw ValidationError("The billing module is not in the settings' module list.")
        }
        return module
    }

    static func seconds(_ duration: Duration) -> String { String(format: "%.2f s", duration.milliseconds / 1000) }
    static func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
    static func ratio(_ a: Double, _ b: Double) -> String { b == 0 ? "n/a" : String(format: "%.2f", a / b) }
}
