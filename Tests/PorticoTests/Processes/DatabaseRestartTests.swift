import AsyncHTTPClient
import Foundation
import Glibc
import PorticoStore
import Synchronization
import Testing
@testable import PorticoApp

/// PostgreSQL restarted twice under load: `serve` and `worker` recover by themselves, no request
/// fails once the database is back, no job is lost, and both still stop on SIGTERM within their
/// grace period by themselves (not by the watchdog). It restarts the shared test cluster, so
/// `make test` runs it on its own, after the rest (`PORTICO_TEST_RESTART_DATABASE=1`).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["PORTICO_TEST_RESTART_DATABASE"] == "1"))
struct DatabaseRestartTests {
    /// What one request of the load saw, and when it was sent.
    struct Outcome: Sendable {
        let sentAt: ContinuousClock.Instant
        let status: Int?
    }

    @Test func serveAndWorkerRecoverFromDatabaseRestartsUnderLoadAndStillStopInTime() async throws {
        try await TestDatabase.withFreshMigrated { url, runtime in
            let tenant = try await TestTenants.create(runtime, plan: "enterprise")
            let environment = ["PORTICO_SHUTDOWN_GRACE_SECONDS": "5", "PORTICO_PROVISIONING_SIGNUPS_PER_MINUTE": "10000"]
            let (serve, base) = try await PorticoProcess.serve(databaseURL: url, environment: environment)
            let worker = try PorticoProcess(["worker"], databaseURL: url, environment: environment)
            defer {
                serve.kill()
                worker.kill()
            }
            let outcomes = Recorder<Outcome>()
            let stopLoad = Flag(false)
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<4 {
                        group.addTask {
                            while !stopLoad.isSet {
                                let sentAt = ContinuousClock.now
                                let status = try? await HTTP.request(.GET, base + "/api/catalog/entities/by-query?limit=5", token: tenant.apiKey).0
                                outcomes.append(Outcome(sentAt: sentAt, status: status))
                                try? await Task.sleep(for: .milliseconds(25))
                            }
                        }
                    }
                }
            }
            var signups: [String] = []
            func signUp(_ count: Int) async throws {
                for _ in 0..<count {
                    let slug = TestTenants.uniqueSlug("rs")
                    let (status, body) = try await HTTP.request(.POST, base + "/v1/signups", json: [
                        "organization": "Restart \(slug)", "slug": slug, "adminEmail": "a@\(slug).example", "plan": "free",
                    ])
                    #expect(status == 202, "\(body)")
                    if let id = body["id"] as? String { signups.append(id) }
                }
            }

            try await Task.sleep(for: .seconds(1))
            try await signUp(10)
            try await Self.restartDatabase()
            try await Task.sleep(for: .seconds(2))
            try await Self.restartDatabase()
            let backAt = ContinuousClock.now
            try await signUp(10)
            try await Task.sleep(for: .seconds(4))
            stopLoad.set(true)
            await load.value

            let settled = outcomes.all.filter { $0.sentAt > backAt + .seconds(1) }
            #expect(settled.count > 20, "the load kept running after the restarts")
            let failed = settled.filter { $0.status != 200 }
            #expect(failed.isEmpty, "\(failed.count) of \(settled.count) requests failed after the database was back: \(failed.map(\.status))")

            for id in signups {
                try await eventually("signup \(id) is provisioned", timeout: .seconds(60)) {
                    try await HTTP.request(.GET, base + "/v1/signups/\(id)").1["status"] as? String == "active"
                }
            }

            for process in [serve, worker] {
                Glibc.kill(process.pid, SIGTERM)
                let stopping = ContinuousClock.now
                while !Self.hasExited(process.pid) && ContinuousClock.now - stopping < .seconds(30) {
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(Self.hasExited(process.pid), "\(process.process.arguments ?? []) still runs 30 s after SIGTERM:\n\(process.log.suffix(3_000))")
                #expect(!process.log.contains("shutdown did not finish"), "stopped by the watchdog, not by itself:\n\(process.log.suffix(3_000))")
            }
        }
    }

    /// `ops/postgres.sh stop` then `start`: a fast shutdown (every connection dropped) and a new server.
    /// Spawned and awaited with waitpid: Foundation's Process sometimes never notices this child's exit.
    static func restartDatabase() async throws {
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("ops/postgres.sh").path
        for command in ["stop", "start"] {
            var pid: pid_t = 0
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let arguments: [UnsafeMutablePointer<CChar>?] = [strdup(script), strdup(command), nil]
            defer { arguments.forEach { free($0) } }
            guard posix_spawn(&pid, script, &actions, nil, arguments, environ) == 0 else {
                throw ProcessFailure(message: "cannot run ops/postgres.sh")
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            guard status == 0 else { throw ProcessFailure(message: "ops/postgres.sh \(command) failed (status \(status))") }
        }
    }

    /// Gone, or a zombie nobody reaped yet.
    static func hasExited(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: afterName)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}
