import Foundation
import PorticoCore
import PorticoStore

/// Builds entity views: one entity's signals, or for a System, Domain or Group the sum over what
/// it holds or owns (found through the catalog's ports, never its tables).
///
/// Which entity a ref names and what a System, Domain or Group holds are kept for
/// `catalogLifetime` per process: they change with the catalog, rarely, while views are read
/// often; the signals themselves are always read fresh.
struct EntityViews: Sendable {
    static let catalogLifetime: Duration = .seconds(10)
    static let catalogCapacity = 20_000

    let reader: SignalsReader
    let catalog: any CatalogKnowledge
    let people: any PeopleDirectory
    private let handles = ExpiringCache<TenantRef, CatalogEntityHandle>(lifetime: catalogLifetime, capacity: catalogCapacity)
    private let members = ExpiringCache<TenantRef, RollupMembers>(lifetime: catalogLifetime, capacity: catalogCapacity)

    init(reader: SignalsReader, catalog: any CatalogKnowledge, people: any PeopleDirectory) {
        self.reader = reader
        self.catalog = catalog
        self.people = people
    }

    private struct TenantRef: Hashable, Sendable {
        let tenant: TenantID
        let ref: String
    }

    /// What a view sums over besides the entity itself; for a Group, each team with what it owns.
    private struct RollupMembers: Sendable {
        let entities: [CatalogEntityHandle]
        let teams: [(group: String, owned: [CatalogEntityHandle])]
    }

    func view(of ref: String, tenant: TenantID, now: Date = Date()) async throws -> EntitySignals {
        let key = TenantRef(tenant: tenant, ref: ref)
        guard let entity = try await handles.value(for: key, load: { try await catalog.entity(ref, tenant: tenant) }) else {
            throw PorticoError(status: 404, code: "entity_not_found", title: "Not found", detail: "The catalog has no entity \(ref).")
        }
        let rollup = try await members.value(for: key) { try await rollupMembers(of: entity, tenant: tenant) } ?? RollupMembers(entities: [], teams: [])
        var refs: [String: String] = [SignalScope.entity(entity.uid): entity.ref]
        for member in rollup.entities { refs[SignalScope.entity(member.uid)] = member.ref }
        let isRollup = Self.rollupKinds.contains(Self.kind(of: ref))
        let (sections, totals) = try await reader.read(refs, rollup: isRollup, withTotals: !rollup.teams.isEmpty, tenant: tenant, now: now)
        return EntitySignals(
            entityRef: entity.ref, ci: sections.ci, dora: sections.dora, workloads: sections.workloads, cost: sections.cost,
            rollup: isRollup
                ? Rollup(entities: rollup.entities.map(\.ref).sorted(), teams: Self.teamShares(rollup.teams, sections: sections, totals: totals))
                : nil)
    }

    static let rollupKinds: Set<String> = ["system", "domain", "group"]

    static func kind(of ref: String) -> String { String(ref.prefix { $0 != ":" }) }

    /// What a System holds (its parts), a Domain (its systems and their parts), a Group owns
    /// (with its sub-groups, each listed as a team with what it owns).
    private func rollupMembers(of entity: CatalogEntityHandle, tenant: TenantID) async throws -> RollupMembers {
        switch Self.kind(of: entity.ref) {
        case "system":
            return RollupMembers(entities: try await catalog.entities(related: "partOf", to: [entity.ref], tenant: tenant).map(\.entity), teams: [])
        case "domain":
            let systems = try await catalog.entities(related: "partOf", to: [entity.ref], tenant: tenant).map(\.entity)
            let parts = try await catalog.entities(related: "partOf", to: systems.map(\.ref), tenant: tenant).map(\.entity)
            return RollupMembers(entities: Array(Set(systems + parts)), teams: [])
        case "group":
            let tree = try await people.groupTree(of: entity.ref, tenant: tenant) ?? [entity.ref]
            let owned = Dictionary(grouping: try await catalog.entities(related: "ownedBy", to: tree, tenant: tenant), by: \.target)
            let teams = tree.sorted().map { group in (group: group, owned: owned[group]?.map(\.entity) ?? []) }
            let subgroups = try await catalog.entities(related: "childOf", to: tree, tenant: tenant).map(\.entity)
            return RollupMembers(entities: Array(Set(teams.flatMap(\.owned) + subgroups)), teams: teams)
        default:
            return RollupMembers(entities: [], teams: [])
        }
    }

    /// Each team's cost, deploys and failing workloads over what it owns directly.
    private static func teamShares(
        _ teams: [(group: String, owned: [CatalogEntityHandle])], sections: SignalsReader.Sections, totals: [String: SignalsReader.Totals]
    ) -> [Rollup.Team] {
        teams.map { team in
            let scopes = team.owned.map { SignalScope.entity($0.uid) }
            let refs = Set(team.owned.map(\.ref))
            return Rollup.Team(
                group: team.group, entities: team.owned.count,
                cost30Days: scopes.reduce(0) { $0 + (totals[$1]?.cost ?? 0) },
                deployments30d: scopes.reduce(0) { $0 + (totals[$1]?.deployments ?? 0) },
                failingWorkloads: sections.workloads.filter { refs.contains($0.entityRef) && $0.isCrashLooping }.count)
        }
    }
}
