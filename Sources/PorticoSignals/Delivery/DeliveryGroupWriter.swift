import PorticoCore

/// A delivery whose signature held and whose payload is a run, waiting to be written.
struct ParsedDelivery: Sendable {
    let run: CIRun
    /// A generic run may name its entity instead of a repository.
    let entityRef: String?
    let provider: Hook.Provider
    /// `hook␟delivery id`, when the provider sent one.
    let delivery: String?
}

/// Writes one tenant's group of deliveries: the tenant must be active, the runs' repositories are
/// looked up in the catalog together, and the runs stored in one transaction. When that
/// transaction fails for a group of several, each is written alone, so one delivery's trouble is
/// its own.
///
/// The tenant's status is kept `statusLifetime` (a suspension stops deliveries within it), and
/// which entities a repository maps to `repositoryLifetime` (like the views' catalog answers: an
/// entity newly annotated gets runs within it); both per process.
struct DeliveryGroupWriter: Sendable {
    static let statusLifetime: Duration = .seconds(1)
    static let repositoryLifetime: Duration = .seconds(10)

    let runs: RunStore
    let catalog: any CatalogKnowledge
    let tenants: any TenantDirectory
    private let statuses = ExpiringCache<TenantID, TenantStatus>(lifetime: statusLifetime, capacity: 10_000)
    private let repositories = ExpiringCache<RepositoryKey, [CatalogEntityHandle]>(lifetime: repositoryLifetime, capacity: 100_000)

    init(runs: RunStore, catalog: any CatalogKnowledge, tenants: any TenantDirectory) {
        self.runs = runs
        self.catalog = catalog
        self.tenants = tenants
    }

    /// The entities of one tenant whose `annotation` names `repository` (lowercased).
    private struct RepositoryKey: Hashable, Sendable {
        let tenant: TenantID
        let annotation: String
        let repository: String
    }

    func write(_ group: [ParsedDelivery], tenant: TenantID) async -> [Result<DeliveryOutcome, any Error>] {
        do {
            try await requireActive(tenant)
            let entities = try await entities(of: group, tenant: tenant)
            return try await store(group, entities: entities, tenant: tenant).map { .success($0) }
        } catch where group.count > 1 && !Self.concernsEveryone(error) {
            var results: [Result<DeliveryOutcome, any Error>] = []
            for delivery in group {
                results.append(await write([delivery], tenant: tenant)[0])
            }
            return results
        } catch {
            return group.map { _ in .failure(error) }
        }
    }

    /// The tenant's status and the database being out are the same for every delivery of the group.
    private static func concernsEveryone(_ error: any Error) -> Bool {
        guard let problem = error as? PorticoError else { return false }
        return problem.status == 403 || problem.status == 404 || problem.status == 503
    }

    private func requireActive(_ tenant: TenantID) async throws {
        switch try await statuses.value(for: tenant, load: { try await tenants.snapshot(of: tenant)?.status }) {
        case .active: return
        case .suspended: throw PorticoError.tenantSuspended
        default: throw SignalsProblem.hookNotFound
        }
    }

    /// Per delivery, the entities its run goes to: those whose annotation for its provider names
    /// its repository (one catalog lookup per annotation for the whole group), or the entity a
    /// generic run names.
    private func entities(of group: [ParsedDelivery], tenant: TenantID) async throws -> [[CatalogEntityHandle]] {
        var resolved: [RepositoryKey: [CatalogEntityHandle]] = [:]
        var unknown: [String: Set<String>] = [:]
        for delivery in group where delivery.entityRef == nil {
            for annotation in DeliveryIngestion.annotations[delivery.provider] ?? [] {
                let key = RepositoryKey(tenant: tenant, annotation: annotation, repository: delivery.run.repository.lowercased())
                if let kept = repositories.value(for: key) {
                    resolved[key] = kept
                } else {
                    unknown[annotation, default: []].insert(key.repository)
                }
            }
        }
        for (annotation, values) in unknown {
            var found: [String: [CatalogEntityHandle]] = [:]
            for entity in try await catalog.entities(annotated: annotation, values: values.sorted(), tenant: tenant) {
                found[entity.value.lowercased(), default: []].append(entity.entity)
            }
            for repository in values {
                let key = RepositoryKey(tenant: tenant, annotation: annotation, repository: repository)
                resolved[key] = found[repository] ?? []
                repositories.keep(found[repository] ?? [], for: key)
            }
        }
        var named: [String: CatalogEntityHandle?] = [:]
        var result: [[CatalogEntityHandle]] = []
        for delivery in group {
            if let ref = delivery.entityRef {
                if named[ref] == nil { named[ref] = .some(try await catalog.entity(ref, tenant: tenant)) }
                result.append(named[ref].flatMap { $0 }.map { [$0] } ?? [])
                continue
            }
            let found = (DeliveryIngestion.annotations[delivery.provider] ?? []).flatMap {
                resolved[RepositoryKey(tenant: tenant, annotation: $0, repository: delivery.run.repository.lowercased())] ?? []
            }
            result.append(Array(Set(found)).sorted { $0.ref < $1.ref })
        }
        return result
    }

    private func store(
        _ group: [ParsedDelivery], entities: [[CatalogEntityHandle]], tenant: TenantID
    ) async throws -> [DeliveryOutcome] {
        let mapped = group.indices.filter { !entities[$0].isEmpty }
        let written = mapped.isEmpty ? [] : try await runs.apply(
            mapped.map { PendingRun(run: group[$0].run, entities: entities[$0], delivery: group[$0].delivery) }, tenant: tenant)
        var outcomes = group.map { _ in DeliveryOutcome(status: .unmapped, entities: 0) }
        for (index, outcome) in zip(mapped, written) {
            switch outcome {
            case .applied: outcomes[index] = DeliveryOutcome(status: .applied, entities: entities[index].count)
            case .outOfOrder: outcomes[index] = DeliveryOutcome(status: .outOfOrder, entities: entities[index].count)
            case .duplicate: outcomes[index] = DeliveryOutcome(status: .duplicate, entities: 0)
            }
        }
        return outcomes
    }
}
