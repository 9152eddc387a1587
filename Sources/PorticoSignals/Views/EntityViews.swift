import Foundation
import PorticoCore
import PorticoStore

/// Builds entity views: one entity's signals, or for a System, Domain or Group the sum over what
/// it holds or owns (found through the catalog's ports, never its tables).
struct EntityViews: Sendable {
    let reader: SignalsReader
    let catalog: any CatalogKnowledge
    let people: any PeopleDirectory

    func view(of ref: String, tenant: TenantID, now: Date = Date()) async throws -> EntitySignals {
        guard let entity = try await catalog.entity(ref, tenant: tenant) else {
            throw PorticoError(status: 404, code: "entity_not_found", title: "Not found", detail: "The catalog has no entity \(ref).")
        }
        let (members, teams) = try await rollupMembers(of: entity, tenant: tenant)
        var refs: [String: String] = [SignalScope.entity(entity.uid): entity.ref]
        for member in members { refs[SignalScope.entity(member.uid)] = member.ref }
        let sections = try await reader.sections(for: refs, tenant: tenant, now: now)
        let rollup: Rollup? = Self.rollupKinds.contains(Self.kind(of: ref))
            ? Rollup(
                entities: members.map(\.ref).sorted(),
                teams: try await teamShares(teams, sections: sections, tenant: tenant, now: now))
            : nil
        return EntitySignals(
            entityRef: entity.ref, ci: sections.ci, dora: sections.dora, workloads: sections.workloads, cost: sections.cost, rollup: rollup)
    }

    static let rollupKinds: Set<String> = ["system", "domain", "group"]

    static func kind(of ref: String) -> String { String(ref.prefix { $0 != ":" }) }

    /// What a System holds (its parts), a Domain (its systems and their parts), a Group owns
    /// (with its sub-groups, each listed as a team with what it owns).
    private func rollupMembers(
        of entity: CatalogEntityHandle, tenant: TenantID
    ) async throws -> ([CatalogEntityHandle], [(group: String, owned: [CatalogEntityHandle])]) {
        switch Self.kind(of: entity.ref) {
        case "system":
            return (try await catalog.entities(related: "partOf", to: [entity.ref], tenant: tenant), [])
        case "domain":
            let systems = try await catalog.entities(related: "partOf", to: [entity.ref], tenant: tenant)
            let parts = try await catalog.entities(related: "partOf", to: systems.map(\.ref), tenant: tenant)
            return (Array(Set(systems + parts)), [])
        case "group":
            let tree = try await people.groupTree(of: entity.ref, tenant: tenant) ?? [entity.ref]
            var teams: [(group: String, owned: [CatalogEntityHandle])] = []
            for group in tree.sorted() {
                teams.append((group, try await catalog.entities(related: "ownedBy", to: [group], tenant: tenant)))
            }
            let subgroups = try await catalog.entities(related: "childOf", to: tree, tenant: tenant)
            return (Array(Set(teams.flatMap(\.owned) + subgroups)), teams)
        default:
            return ([], [])
        }
    }

    /// Each team's cost, deploys and failing workloads over what it owns directly.
    private func teamShares(
        _ teams: [(group: String, owned: [CatalogEntityHandle])], sections: SignalsReader.Sections, tenant: TenantID, now: Date
    ) async throws -> [Rollup.Team] {
        guard !teams.isEmpty else { return [] }
        let totals = try await reader.totals(for: teams.flatMap(\.owned).map { SignalScope.entity($0.uid) }, tenant: tenant, now: now)
        return teams.map { team in
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
