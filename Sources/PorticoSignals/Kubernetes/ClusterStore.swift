import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Clusters in `control.signals_clusters`, tokens sealed with the operator's key (the tenant id
/// bound, so a token copied to another tenant's row does not open).
struct ClusterStore: Sendable {
    let database: Database
    let sealer: SecretSealer?

    func register(_ request: ClusterRequest, tenant: TenantID, limit: Int) async throws -> Cluster {
        var sealed: Data?
        if let token = request.token {
            guard let sealer else { throw SignalsProblem.keyNotConfigured }
            sealed = try sealer.seal(token, for: tenant)
        }
        let id = UUID()
        let now = Date()
        try await database.withTransaction { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(\("signals.clusters:\(tenant)"), 0))", logger: database.logger)
            var count = 0
            for try await value in try await connection.checkedQuery(
                "SELECT count(*)::int FROM control.signals_clusters WHERE tenant_id = \(tenant.uuid)", logger: database.logger).decode(Int.self) {
                count = value
            }
            guard count < limit else { throw SignalsProblem.limit(clusters: limit) }
            let rows = try await connection.checkedQuery("""
                INSERT INTO control.signals_clusters (id, tenant_id, name, mode, api_url, ca_certificate, sealed_token, created_at)
                VALUES (\(id), \(tenant.uuid), \(request.name), \(request.mode.rawValue), \(request.apiURL?.absoluteString),
                        \(request.certificateAuthority), \(sealed), \(now))
                ON CONFLICT (tenant_id, name) DO NOTHING
                RETURNING id
                """, logger: database.logger)
            for try await _ in rows { return }
            throw PorticoError.conflict("cluster_exists", "A cluster named '\(request.name)' is registered; delete it first.", field: "name")
        }
        return Cluster(
            id: id, name: request.name, mode: request.mode, apiUrl: request.apiURL?.absoluteString,
            hasCertificateAuthority: request.certificateAuthority != nil, createdAt: now, lastSyncAt: nil, lastSyncError: nil)
    }

    func list(tenant: TenantID) async throws -> [Cluster] {
        var clusters: [Cluster] = []
        let rows = try await database.query("""
            SELECT id, name, mode, api_url, ca_certificate IS NOT NULL, created_at, last_sync_at, last_sync_error
            FROM control.signals_clusters WHERE tenant_id = \(tenant.uuid) ORDER BY name
            """)
        for try await (id, name, mode, url, hasCA, created, synced, error) in rows.decode(
            (UUID, String, String, String?, Bool, Date, Date?, String?).self) {
            clusters.append(Cluster(
                id: id, name: name, mode: Cluster.Mode(rawValue: mode) ?? .pull, apiUrl: url, hasCertificateAuthority: hasCA,
                createdAt: created, lastSyncAt: synced, lastSyncError: error))
        }
        return clusters
    }

    /// A tenant has a few clusters at most (the plan's limit): they are read together.
    func cluster(named name: String, tenant: TenantID) async throws -> Cluster {
        guard let cluster = try await list(tenant: tenant).first(where: { $0.name == name }) else { throw SignalsProblem.clusterNotFound }
        return cluster
    }

    /// Removes the cluster; its workloads are cleared by the caller.
    func delete(named name: String, tenant: TenantID) async throws -> (id: UUID, entities: [UUID]) {
        let rows = try await database.query(
            "DELETE FROM control.signals_clusters WHERE tenant_id = \(tenant.uuid) AND name = \(name) RETURNING id, synced_entities")
        for try await (id, entities) in rows.decode((UUID, [UUID]).self) { return (id, entities) }
        throw SignalsProblem.clusterNotFound
    }

    func access(_ id: UUID, tenant: TenantID) async throws -> ClusterAccess? {
        let rows = try await database.query("""
            SELECT name, api_url, ca_certificate, sealed_token FROM control.signals_clusters
            WHERE id = \(id) AND tenant_id = \(tenant.uuid) AND mode = 'pull'
            """)
        for try await (name, url, certificate, sealed) in rows.decode((String, String, String?, Data).self) {
            guard let sealer, let apiURL = URL(string: url) else { throw SignalsProblem.keyNotConfigured }
            return ClusterAccess(id: id, name: name, apiURL: apiURL, certificateAuthority: certificate, token: try sealer.open(sealed, for: tenant))
        }
        return nil
    }

    /// Every pulled cluster, for the sweep (the job checks the tenant is active).
    func pulledClusters() async throws -> [(TenantID, UUID)] {
        var found: [(TenantID, UUID)] = []
        for try await (tenant, id) in try await database.query(
            "SELECT tenant_id, id FROM control.signals_clusters WHERE mode = 'pull' ORDER BY tenant_id, id").decode((UUID, UUID).self) {
            found.append((TenantID(tenant), id))
        }
        return found
    }

    func syncedEntities(_ id: UUID) async throws -> [UUID] {
        for try await entities in try await database.query(
            "SELECT synced_entities FROM control.signals_clusters WHERE id = \(id)").decode([UUID].self) {
            return entities
        }
        return []
    }

    func recordSync(_ id: UUID, entities: [UUID]?, error: String?) async throws {
        if let entities {
            try await database.query("""
                UPDATE control.signals_clusters SET last_sync_at = \(Date()), last_sync_error = NULL, synced_entities = \(entities)
                WHERE id = \(id)
                """)
        } else {
            try await database.query("UPDATE control.signals_clusters SET last_sync_at = \(Date()), last_sync_error = \(error) WHERE id = \(id)")
        }
    }
}
