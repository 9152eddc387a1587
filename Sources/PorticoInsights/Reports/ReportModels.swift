/// The report bodies; their field names are the contract clients rely on.
struct ActiveUsersReport: Codable, Sendable, Equatable {
    struct Point: Codable, Sendable, Equatable {
        let start: String
        let activeUsers: Int
        let newUsers: Int
        let returningUsers: Int
    }

    struct Adoption: Codable, Sendable, Equatable {
        let activeUsers: Int
        let totalUsers: Int
        let rate: Double
    }

    let grouping: String
    let from: String
    let to: String
    let series: [Point]
    let totalActiveUsers: Int
    let adoption: Adoption
}

struct TopReport: Codable, Sendable, Equatable {
    struct Item: Codable, Sendable, Equatable {
        let key: String
        let events: Int
        let users: Int
        /// The sum of the events' values (minutes saved for templates, results for searches).
        let value: Double
        /// Their mean, for events that carried one (average results of a search, average rank clicked).
        let averageValue: Double?
    }

    let dimension: String
    let from: String
    let to: String
    let items: [Item]
}

struct TeamsReport: Codable, Sendable, Equatable {
    struct Item: Codable, Sendable, Equatable {
        let group: String
        let activeUsers: Int
        let events: Int
        let members: Int
    }

    let from: String
    let to: String
    let items: [Item]
}

struct RetentionReport: Codable, Sendable, Equatable {
    struct Cohort: Codable, Sendable, Equatable {
        /// The Monday of the week the cohort's users were first seen.
        let week: String
        let users: Int
        /// Users of the cohort active in its first week, the week after, and so on up to the range's end.
        let retained: [Int]
    }

    let from: String
    let to: String
    let cohorts: [Cohort]
}
