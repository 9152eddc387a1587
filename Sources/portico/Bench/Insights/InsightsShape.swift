import ArgumentParser

/// The data shapes `portico bench insights` builds, each in its own tenant: a small organisation
/// whose activity goes to a few hot entities and search terms, and a large one whose activity is
/// spread over a long tail of entities and terms.
enum InsightsShape: String, CaseIterable, ExpressibleByArgument {
    case hot
    case wide

    /// Users in the catalog (and sending events).
    var users: Int { self == .hot ? 2_000 : 50_000 }
    /// Catalog entities events point at.
    var entities: Int { self == .hot ? 500 : 200_000 }
    /// Distinct search terms.
    var searchTerms: Int { self == .hot ? 2_000 : 100_000 }
    /// How strongly activity goes to the first entities, terms and users (1: evenly spread).
    var skew: Double { self == .hot ? 3 : 1.2 }
    /// Users per team in the catalog.
    var teamSize: Int { 20 }
    /// Teams per department.
    var teamsPerDepartment: Int { self == .hot ? 10 : 25 }

    var label: String { "[\(rawValue): \(users) users, \(entities) entities]" }
}
