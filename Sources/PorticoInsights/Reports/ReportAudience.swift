import PorticoCore

/// Whose activity a report counts: everyone, or the members of a catalog group and its
/// sub-groups, as user keys (pseudonymized like the stored events).
enum ReportAudience: Sendable {
    case everyone
    case members(group: String, userKeys: [String])

    var userKeys: [String]? {
        if case .members(_, let keys) = self { return keys }
        return nil
    }

    /// `group:default/payments`, or `payments` / `default/payments` with the kind and namespace implied.
    static func groupRef(_ text: String) throws -> String {
        var ref = text.lowercased()
        if !ref.contains(":") { ref = "group:" + ref }
        if !ref.contains("/") { ref = ref.replacingOccurrences(of: ":", with: ":default/") }
        guard ref.hasPrefix("group:"), EventValidator.isEntityRef(ref), ref.count <= 255, !ref.utf8.contains(0) else {
            throw PorticoError.invalidRequest("'group' must be a group entity ref such as 'group:default/payments'.", field: "group")
        }
        return ref
    }

    static func resolve(
        group: String?, tenant: TenantID, people: CachedPeople, settings: InsightsTenantSettings
    ) async throws -> ReportAudience {
        guard let group else { return .everyone }
        let ref = try groupRef(group)
        guard let members = try await people.members(of: ref, tenant: tenant) else {
            throw PorticoError.invalidRequest("The catalog has no group '\(ref)'.", field: "group")
        }
        return .members(group: ref, userKeys: members.map(settings.userKey(for:)))
    }
}
