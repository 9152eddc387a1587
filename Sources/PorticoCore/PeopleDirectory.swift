/// Who the people of a tenant are, as its catalog knows them (User and Group entities and their
/// `memberOf` / `childOf` relations), for modules that slice by team without reading the catalog's
/// tables. Entity refs are lowercased (`user:default/ana`, `group:default/payments`).
public protocol PeopleDirectory: Sendable {
    /// The users who are members of `group` or of any of its sub-groups, nil when the catalog has
    /// no such group.
    func members(of group: String, tenant: TenantID) async throws -> [String]?
    /// `group` and every group below it (`childOf`, at any depth), nil when the catalog has no such group.
    func groupTree(of group: String, tenant: TenantID) async throws -> [String]?
    /// Every direct membership of a user in a group.
    func memberships(tenant: TenantID) async throws -> [GroupMembership]
    /// How many User entities the catalog holds.
    func userCount(tenant: TenantID) async throws -> Int
}

public struct GroupMembership: Sendable, Hashable {
    public let user: String
    public let group: String

    public init(user: String, group: String) {
        self.user = user
        self.group = group
    }
}

/// The directory of a build without a catalog: nobody is known.
public struct NoPeopleDirectory: PeopleDirectory {
    public init() {}

    public func members(of group: String, tenant: TenantID) async throws -> [String]? { nil }
    public func groupTree(of group: String, tenant: TenantID) async throws -> [String]? { nil }
    public func memberships(tenant: TenantID) async throws -> [GroupMembership] { [] }
    public func userCount(tenant: TenantID) async throws -> Int { 0 }
}
