import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PorticoApp
import PorticoCore
import PorticoProvisioning
import PorticoStore
import PostgresNIO

/// What the `portico bench` commands share: tenants made through the provisioning service, an
/// in-process server on loopback with a client for it, and tenant-scoped raw SQL for the floors.
protocol LoopbackBench {
    var runtime: Runtime { get }
    var tenants: TenantService { get }
    /// `http://127.0.0.1:<port>` of the in-process server.
    var base: String { get }
}

extension LoopbackBench {
    /// Prints one measurement, at once (stdout is a file or pipe when a script runs the bench).
    func report(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func makeTenant(_ slug: String) async throws -> (TenantContext, String) {
        let signup = try await tenants.signUp(.init(organization: slug, slug: slug, adminEmail: "bench@\(slug).example", plan: "enterprise"))
        try await tenants.provision(signup.tenant.id)
        return (try await tenants.context(of: signup.tenant.id), signup.apiKey)
    }

    /// Runs `body` against an in-process server (without the request usage meter when
    /// `metersRequests` is false: the billing bench's baseline).
    func withServer(metersRequests: Bool = true, _ body: (HTTPClient) async throws -> Void) async throws {
        let app = try PorticoServer.buildApplication(runtime: runtime, metersRequests: metersRequests)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                for _ in 0..<100 {
                    if (try? await get(client, "/health/live", key: nil)) != nil { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                try await body(client)
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
            group.cancelAll()
        }
    }

    @discardableResult
    func get(_ client: HTTPClient, _ path: String, key: String?, body: String? = nil) async throws -> ByteBuffer {
        try await send(client, path, key: key, body: body.map { ByteBuffer(string: $0) })
    }

    /// GET, or a POST (or `method`) of a JSON `body`; anything but 200 is an error.
    @discardableResult
    func send(
        _ client: HTTPClient, _ path: String, key: String?, body: ByteBuffer?, method: HTTPMethod = .POST, timeout: TimeAmount = .seconds(60)
    ) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: base + path)
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body {
            request.method = method
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let response = try await client.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 512 << 20)
        guard response.status == .ok else { throw ValidationError("\(path) answered \(response.status.code): \(String(buffer: bytes))") }
        return bytes
    }

    /// A `JobWorker` in this process with every module's jobs, as `portico worker` runs them (or
    /// only the kinds starting with `kindPrefix`).
    func withWorker(named name: String, kindPrefix: String? = nil, _ body: () async throws -> Void) async throws {
        let queue = JobQueue(database: runtime.database)
        let registry = PorticoWorker.registry(modules: try runtime.modules(queue: queue), queue: queue)
        let worker = JobWorker(
            database: runtime.database, queue: queue,
            registry: kindPrefix.map { registry.only(kindsStartingWith: $0) } ?? registry,
            configuration: .init(name: name, concurrency: runtime.settings.workerConcurrency, lease: runtime.settings.workerLease),
            logger: runtime.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            try await body()
            group.cancelAll()
        }
    }

    /// Runs the statements in one tenant-scoped transaction, reading every row.
    func sql(_ tenant: TenantContext, _ statements: String...) async throws {
        try await sql(tenant, statements)
    }

    func sql(_ tenant: TenantContext, _ statements: [String]) async throws {
        try await runtime.database.withTenantTransaction(tenant.id) { connection in
            try await readEveryRow(of: statements, on: connection)
        }
    }

    /// Runs the statements as `sql` does, then rolls them back: the floor of a write that must
    /// leave nothing behind.
    func sqlRolledBack(_ tenant: TenantContext, _ statements: String...) async throws {
        do {
            try await runtime.database.withTenantTransaction(tenant.id) { connection in
                try await readEveryRow(of: statements, on: connection)
                throw FloorRolledBack()
            }
        } catch is FloorRolledBack {}
    }

    private func readEveryRow(of statements: [String], on connection: PostgresConnection) async throws {
        for text in statements {
            for try await _ in try await connection.checkedQuery(PostgresQuery(unsafeSQL: text), logger: runtime.logger) {}
        }
    }
}

/// Thrown to end a floor's transaction with a rollback.
private struct FloorRolledBack: Error {}
