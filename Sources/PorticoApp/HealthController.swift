import Hummingbird
import Logging
import PorticoCore
import PorticoGateway
import PorticoStore
import Prometheus

/// `/health/live` (the process answers), `/health/ready` (database reachable and migrated) and
/// `/metrics` (Prometheus text format).
struct HealthController: Sendable {
    static let routeGroup = RouteGroup(id: "health", pathPrefixes: ["/health/", "/metrics", "/openapi.json"])

    let database: Database
    let migrator: Migrator
    let registry: PrometheusCollectorRegistry

    struct Readiness: Encodable {
        let status: String
        let database: String
        let migrations: String
    }

    func addRoutes(to routes: GatewayRouter) {
        routes.get("/health/live", .open) { _, _ in
            try Response.json(["status": "ok"])
        }
        routes.get("/health/ready", .open) { _, context in
            let readiness: Readiness
            do {
                let current = try await migrator.controlSchemaIsCurrent()
                readiness = Readiness(status: current ? "ok" : "unavailable", database: "ok",
                                      migrations: current ? "current" : "pending")
            } catch {
                context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
                readiness = Readiness(status: "unavailable", database: "unreachable", migrations: "unknown")
            }
            return try Response.json(readiness, status: readiness.status == "ok" ? .ok : .serviceUnavailable)
        }
        routes.get("/metrics", .open) { _, _ in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16_384)
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
