import PorticoCore
import Synchronization

/// The catalog's people as reports need them, remembered per tenant for a short while: a report
/// page asks for the same memberships several times a minute, and reading them walks the
/// catalog's relations. A change to the catalog shows in reports within `lifetime`.
final class CachedPeople: Sendable {
    static let lifetime: Duration = .seconds(30)
    /// Tenants remembered at most; past it, expired entries go first, then the oldest.
    static let capacity = 256

    private struct Entry {
        var memberships: [GroupMembership]?
        var userCount: Int?
        var groups: [String: [String]?] = [:]
        let until: ContinuousClock.Instant
    }

    let directory: any PeopleDirectory
    private let entries = Mutex<[TenantID: Entry]>([:])

    init(directory: any PeopleDirectory) {
        self.directory = directory
    }

    func memberships(tenant: TenantID) async throws -> [GroupMembership] {
        if let cached = fresh(tenant)?.memberships { return cached }
        let memberships = try await directory.memberships(tenant: tenant)
        update(tenant) { $0.memberships = memberships }
        return memberships
    }

    func userCount(tenant: TenantID) async throws -> Int {
        if let cached = fresh(tenant)?.userCount { return cached }
        let count = try await directory.userCount(tenant: tenant)
        update(tenant) { $0.userCount = count }
        return count
    }

    func members(of group: String, tenant: TenantID) async throws -> [String]? {
        if let cached = fresh(tenant)?.groups[group] { return cached }
        let members = try await directory.members(of: group, tenant: tenant)
        update(tenant) { $0.groups[group] = .some(members) }
        return members
    }

    private func fresh(_ tenant: TenantID) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[tenant], entry.until > .now else { return nil }
            return entry
        }
    }

    private func update(_ tenant: TenantID, _ change: (inout Entry) -> Void) {
        let now = ContinuousClock.now
        entries.withLock { entries in
            var entry = entries[tenant].flatMap { $0.until > now ? $0 : nil } ?? Entry(until: now + Self.lifetime)
            change(&entry)
            entries[tenant] = entry
            guard entries.count > Self.capacity else { return }
            entries = entries.filter { $0.value.until > now }
            while entries.count > Self.capacity, let oldest = entries.min(by: { $0.value.until < $1.value.until })?.key {
                entries[oldest] = nil
            }
        }
    }
}
