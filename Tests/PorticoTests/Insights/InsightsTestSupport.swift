import Foundation
import HummingbirdTesting
import NIOCore
import PorticoCore
import PorticoStore
import PostgresNIO
import Testing
@testable import PorticoApp
@testable import PorticoInsights

/// Events as Backstage's analytics API emits them, for tests.
enum InsightsEvents {
    /// `2026-11-02T10:00:00.000Z`, as JavaScript's `toISOString()` writes it.
    static let timestampFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func event(
        id: String = UUID().uuidString, at timestamp: Date = Date(), user: String = "user:default/ana",
        action: String = "navigate", subject: String = "/catalog", value: Double? = nil,
        pluginId: String = "catalog", entityRef: String? = nil, attributes: [String: Any]? = nil
    ) -> [String: Any] {
        var context: [String: Any] = ["pluginId": pluginId, "routeRef": "\(pluginId):root"]
        if let entityRef { context["entityRef"] = entityRef }
        var event: [String: Any] = [
            "id": id, "timestamp": timestamp.formatted(Self.timestampFormat),
            "user": user, "action": action, "subject": subject, "context": context,
        ]
        if let value { event["value"] = value }
        if let attributes { event["attributes"] = attributes }
        return event
    }
}

extension TestClientProtocol {
    func postEvents(_ events: [[String: Any]], token: String) async throws -> TestResponse {
        try await call(.post, "/api/insights/events", token: token, json: ["events": events])
    }

    /// Posts `events` in batches of at most 1,000 and expects every one of them accepted.
    func postAll(_ events: [GeneratedEvent], token: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var start = 0
        while start < events.count {
            let batch = Array(events[start..<min(start + 1_000, events.count)])
            let posted = try await postEvents(batch.map(\.json), token: token)
            #expect(posted.status == .ok, "\(posted.json)", sourceLocation: sourceLocation)
            #expect(posted.json["accepted"] as? Int == batch.count, "\(posted.json)", sourceLocation: sourceLocation)
            start += 1_000
        }
    }

    /// GET `path` and require a 200 JSON answer.
    func report(_ path: String, token: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let response = try await call(.get, path, token: token)
        #expect(response.status == .ok, "\(path): \(String(buffer: response.body))", sourceLocation: sourceLocation)
        return response.json
    }

    /// Pushes User and Group entities into the tenant's catalog as provider `people`.
    func pushPeople(_ entities: [[String: Any]], token: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let pushed = try await call(.put, "/api/catalog/providers/people/entities", token: token, json: ["entities": entities])
        #expect(pushed.status == .ok, "\(pushed.json)", sourceLocation: sourceLocation)
    }

    /// Issues a key with exactly `scopes` through the tenant API and returns its secret.
    func issueKey(scopes: [String], token: String) async throws -> String {
        let created = try await call(.post, "/v1/keys", token: token, json: ["name": "k-\(UUID().uuidString.prefix(8))", "scopes": scopes])
        #expect(created.status == .created, "\(created.json)")
        return try #require(created.json["secret"] as? String)
    }
}

/// Catalog entities for tests of teams.
enum PeopleEntities {
    static func user(_ name: String, memberOf groups: [String] = []) -> [String: Any] {
        ["apiVersion": "backstage.io/v1alpha1", "kind": "User", "metadata": ["name": name], "spec": ["memberOf": groups]]
    }

    static func group(_ name: String, parent: String? = nil, children: [String] = []) -> [String: Any] {
        var spec: [String: Any] = ["type": "team", "children": children]
        if let parent { spec["parent"] = parent }
        return ["apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": ["name": name], "spec": spec]
    }
}

extension Runtime {
    /// Runs the tenant's rollup now, as the worker's job would, until every stored event is taken
    /// (a run leaves events written after its horizon to the next). The timeout only keeps a broken
    /// rollup from hanging the test.
    func rollUpInsights(_ tenant: TenantID) async throws {
        let rollup = EventRollup(database: database)
        try await eventually("every stored event of the tenant is rolled up", timeout: .seconds(180), every: .milliseconds(100)) {
            _ = try await rollup.run(for: tenant)
            return try await insightsCount(tenant, "SELECT count(*)::int FROM insights_events, insights_rollup_state WHERE written_by >= watermark") == 0
        }
    }

    /// A count read from the tenant's schema, as the tenant's role sees it.
    func insightsCount(_ tenant: TenantID, _ sql: String) async throws -> Int {
        try await database.withTenantTransaction(tenant) { connection in
            var count = 0
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int.self) {
                count = value
            }
            return count
        }
    }

    /// The text values of one column of the tenant's schema.
    func insightsTexts(_ tenant: TenantID, _ sql: String) async throws -> [String] {
        try await database.withTenantTransaction(tenant) { connection in
            var texts: [String] = []
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String.self) {
                texts.append(value)
            }
            return texts
        }
    }
}

// MARK: - Generated events and what the reports must say about them, computed in plain Swift

/// UTC calendar arithmetic done with Foundation's calendar, apart from the module's own.
enum UTC {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func day(_ date: Date) -> Date { calendar.startOfDay(for: date) }
    static var today: Date { day(Date()) }
    static func days(_ count: Int, from date: Date) -> Date { calendar.date(byAdding: .day, value: count, to: date)! }
    static func months(_ count: Int, from date: Date) -> Date { calendar.date(byAdding: .month, value: count, to: date)! }
    static func hour(_ date: Date) -> Date { calendar.dateInterval(of: .hour, for: date)!.start }

    /// Monday of the date's week.
    static func weekStart(_ date: Date) -> Date {
        let start = day(date)
        let weekday = calendar.component(.weekday, from: start) // 1 = Sunday ... 7 = Saturday
        return days(-((weekday + 5) % 7), from: start)
    }

    static func monthStart(_ date: Date) -> Date {
        calendar.date(from: calendar.dateComponents([.year, .month], from: date))!
    }

    static func label(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    static func hourLabel(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour], from: date)
        return String(format: "%04d-%02d-%02dT%02d:00:00Z", parts.year!, parts.month!, parts.day!, parts.hour!)
    }
}

/// SplitMix64: the same seed gives the same month of events on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct GeneratedEvent: Sendable {
    let id: String
    let at: Date
    let user: String
    let action: String
    let subject: String
    let value: Double?
    let pluginId: String
    let entityRef: String?

    var json: [String: Any] {
        InsightsEvents.event(id: id, at: at, user: user, action: action, subject: subject, value: value, pluginId: pluginId, entityRef: entityRef)
    }

    /// The path of a page: the subject without query and fragment.
    var path: String {
        String(subject.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
            .split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
    }
}

enum EventGenerator {
    static let services = ["payments", "billing", "search-api", "kafka-gateway", "ledger"]
    static let tabs = ["", "api", "docs", "ci-cd", "dependencies"]
    static let terms = ["payments", "Payments ", "kafka", "on-call", "nothing matches", "ledger schema"]
    static let templates = ["template:default/go-service", "template:default/react-app", "template:default/docs-site"]

    static func user(_ number: Int) -> String { String(format: "user:default/u%02d", number) }

    /// `users` users over the days `firstDay...lastDay` days before today (UTC), each with a first
    /// day of their own and a seeded chance to come back each day after.
    static func month(users: Int = 30, firstDay: Int = 34, lastDay: Int = 1, seed: UInt64 = 20261102, idPrefix: String = "gen") -> [GeneratedEvent] {
        var random = SeededGenerator(state: seed)
        var events: [GeneratedEvent] = []
        let today = UTC.today
        for number in 0..<users {
            let start = firstDay - Int.random(in: 0...(firstDay - lastDay), using: &random)
            let loyalty = Double.random(in: 0.15...0.8, using: &random)
            for daysAgo in stride(from: start, through: lastDay, by: -1) {
                guard daysAgo == start || Double.random(in: 0..<1, using: &random) < loyalty else { continue }
                let day = UTC.days(-daysAgo, from: today)
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let at = day.addingTimeInterval(Double(Int.random(in: 0..<86_400_000, using: &random)) / 1_000)
                    events.append(event(id: "\(idPrefix)-\(events.count)", at: at, user: user(number), using: &random))
                }
            }
        }
        return events
    }

    static func event(id: String, at: Date, user: String, using random: inout SeededGenerator) -> GeneratedEvent {
        let service = services.randomElement(using: &random)!
        switch Int.random(in: 0..<11, using: &random) {
        case 0, 1, 2:
            let tab = tabs.randomElement(using: &random)!
            return GeneratedEvent(
                id: id, at: at, user: user, action: "navigate", subject: "/catalog/default/component/\(service)" + (tab.isEmpty ? "" : "/\(tab)"),
                value: nil, pluginId: "catalog", entityRef: "component:default/\(service)")
        case 3:
            return GeneratedEvent(
                id: id, at: at, user: user, action: "navigate", subject: "/catalog/default/api/\(service)-api?view=raw",
                value: nil, pluginId: "catalog", entityRef: "api:default/\(service)-api")
        case 4:
            return GeneratedEvent(
                id: id, at: at, user: user, action: "navigate", subject: "/docs/default/component/\(service)/getting-started#setup",
                value: nil, pluginId: "techdocs", entityRef: nil)
        case 5, 6:
            let term = terms.randomElement(using: &random)!
            let results = term == "nothing matches" ? 0 : Double(Int.random(in: 0...12, using: &random))
            return GeneratedEvent(id: id, at: at, user: user, action: "search", subject: term, value: results, pluginId: "search", entityRef: nil)
        case 7:
            let template = templates.randomElement(using: &random)!
            return GeneratedEvent(
                id: id, at: at, user: user, action: "create", subject: "new-\(service)",
                value: Double(Int.random(in: 5...120, using: &random)), pluginId: "scaffolder", entityRef: template)
        case 8:
            return GeneratedEvent(
                id: id, at: at, user: user, action: "not-found", subject: "/gone/\(service)?from=search", value: nil, pluginId: "app", entityRef: nil)
        case 9:
            // A search result clicked, at its rank.
            return GeneratedEvent(
                id: id, at: at, user: user, action: "discover", subject: "The \(service) service",
                value: Double(Int.random(in: 1...10, using: &random)), pluginId: "search", entityRef: nil)
        default:
            return GeneratedEvent(id: id, at: at, user: user, action: "navigate", subject: "/home?tab=\(service)", value: nil, pluginId: "home", entityRef: nil)
        }
    }
}

/// What each report must answer about `events` (every event the tenant ever sent), computed from
/// the events themselves.
struct InsightsExpectations {
    static let dimensions = [
        "plugins", "pages", "entities", "tabs", "searches", "zero-result-searches", "templates", "docs", "not-found", "discoveries",
    ]

    let events: [GeneratedEvent]

    struct Point: Equatable, CustomStringConvertible {
        let start: String, active: Int, new: Int, returning: Int
        var description: String { "\(start): \(active)/\(new)/\(returning)" }
    }

    struct Item: Equatable, CustomStringConvertible {
        let events: Int, users: Int, value: Double, averageValue: Double?
        var description: String { "\(events) events, \(users) users, value \(value), avg \(averageValue.map { "\($0)" } ?? "-")" }
    }

    struct Cohort: Equatable, CustomStringConvertible {
        let week: String, users: Int, retained: [Int]
        var description: String { "\(week): \(users) \(retained)" }
    }

    var firstSeen: [String: Date] {
        events.reduce(into: [:]) { first, event in first[event.user] = min(first[event.user] ?? event.at, event.at) }
    }

    func inRange(_ from: Date, _ to: Date, users: Set<String>?) -> [GeneratedEvent] {
        let end = UTC.days(1, from: to)
        return events.filter { $0.at >= from && $0.at < end && (users?.contains($0.user) ?? true) }
    }

    static func bucket(_ date: Date, _ grouping: String) -> Date {
        switch grouping {
        case "hour": UTC.hour(date)
        case "week": UTC.weekStart(date)
        case "month": UTC.monthStart(date)
        default: UTC.day(date)
        }
    }

    /// The series of `GET /api/insights/active-users?from&to&grouping` (`to` inclusive).
    func activeUsers(from: Date, to: Date, grouping: String, users: Set<String>? = nil) -> [Point] {
        let end = UTC.days(1, from: to)
        var starts: [Date] = []
        var start = Self.bucket(from, grouping)
        while start < end {
            starts.append(start)
            switch grouping {
            case "hour": start = start.addingTimeInterval(3_600)
            case "week": start = UTC.days(7, from: start)
            case "month": start = UTC.months(1, from: start)
            default: start = UTC.days(1, from: start)
            }
        }
        let window = inRange(from, to, users: users)
        let active = Dictionary(grouping: window, by: { Self.bucket($0.at, grouping) }).mapValues { Set($0.map(\.user)).count }
        let newcomers = firstSeen.filter { user, first in first >= from && first < end && (users?.contains(user) ?? true) }
        let new = Dictionary(grouping: newcomers.values, by: { Self.bucket($0, grouping) }).mapValues(\.count)
        return starts.map { start in
            let activeUsers = active[start] ?? 0, newUsers = new[start] ?? 0
            return Point(
                start: grouping == "hour" ? UTC.hourLabel(start) : UTC.label(start), active: activeUsers, new: newUsers,
                returning: max(0, activeUsers - newUsers))
        }
    }

    func totalActiveUsers(from: Date, to: Date, users: Set<String>? = nil) -> Int {
        Set(inRange(from, to, users: users).map(\.user)).count
    }

    static func key(_ event: GeneratedEvent, _ dimension: String) -> String? {
        let navigate = event.action == "navigate"
        switch dimension {
        case "plugins": return event.pluginId
        case "pages": return navigate ? event.path : nil
        case "entities": return navigate ? event.entityRef?.lowercased() : nil
        case "tabs":
            guard navigate, event.entityRef != nil else { return nil }
            let parts = event.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            func part(_ index: Int) -> String { index < parts.count ? parts[index] : "" }
            guard part(1) == "catalog", !part(4).isEmpty else { return nil }
            return part(5).isEmpty ? "overview" : part(5)
        case "searches": return event.action == "search" ? event.subject.trimmingCharacters(in: .init(charactersIn: " ")).lowercased() : nil
        case "zero-result-searches":
            return event.action == "search" && event.value == 0 ? event.subject.trimmingCharacters(in: .init(charactersIn: " ")).lowercased() : nil
        case "templates": return event.action == "create" && (event.entityRef?.hasPrefix("template:") ?? false) ? event.entityRef : nil
        case "docs": return navigate && event.pluginId == "techdocs" ? event.path : nil
        case "not-found": return event.action == "not-found" ? event.path : nil
        case "discoveries": return event.action == "discover" ? event.subject : nil
        default: return nil
        }
    }

    /// Every key of the dimension in the range with its counts.
    func top(_ dimension: String, from: Date, to: Date, users: Set<String>? = nil, kind: String? = nil) -> [String: Item] {
        var grouped: [String: [GeneratedEvent]] = [:]
        for event in inRange(from, to, users: users) {
            guard let key = Self.key(event, dimension), kind.map({ key.hasPrefix($0 + ":") }) ?? true else { continue }
            grouped[key, default: []].append(event)
        }
        return grouped.mapValues { events in
            let values = events.compactMap(\.value)
            let sum = values.reduce(0, +)
            return Item(events: events.count, users: Set(events.map(\.user)).count, value: sum,
                        averageValue: values.isEmpty ? nil : sum / Double(values.count))
        }
    }

    func retention(from: Date, to: Date, users: Set<String>? = nil) -> [Cohort] {
        let end = UTC.days(1, from: to)
        let lastWeek = UTC.weekStart(to)
        let cohorts = Dictionary(grouping: firstSeen.filter { user, first in first >= from && first < end && (users?.contains(user) ?? true) },
                                 by: { UTC.weekStart($0.value) })
        return cohorts.map { week, members in
            let weeks = (UTC.calendar.dateComponents([.day], from: week, to: lastWeek).day! / 7) + 1
            let memberSet = Set(members.map(\.key))
            let retained = (0..<weeks).map { offset in
                let weekStart = UTC.days(7 * offset, from: week), weekEnd = min(UTC.days(7 * (offset + 1), from: week), end)
                return Set(events.filter { memberSet.contains($0.user) && $0.at >= weekStart && $0.at < weekEnd }.map(\.user)).count
            }
            return Cohort(week: UTC.label(week), users: members.count, retained: retained)
        }.sorted { $0.week < $1.week }
    }

    struct Team: Equatable, CustomStringConvertible {
        let activeUsers: Int, events: Int, members: Int
        var description: String { "\(activeUsers) active, \(events) events, \(members) members" }
    }

    /// Per group with direct members: its active members and their events in the range.
    func teams(from: Date, to: Date, memberships: [(user: String, group: String)]) -> [String: Team] {
        let window = inRange(from, to, users: nil)
        return Dictionary(grouping: memberships, by: \.group).mapValues { rows in
            let members = Set(rows.map(\.user))
            let theirs = window.filter { members.contains($0.user) }
            return Team(activeUsers: Set(theirs.map(\.user)).count, events: theirs.count, members: members.count)
        }
    }
}

/// Reading report answers.
enum ReportJSON {
    static func series(_ json: [String: Any]) -> [InsightsExpectations.Point] {
        (json["series"] as? [[String: Any]] ?? []).map {
            .init(start: $0["start"] as? String ?? "?", active: $0["activeUsers"] as? Int ?? -1,
                  new: $0["newUsers"] as? Int ?? -1, returning: $0["returningUsers"] as? Int ?? -1)
        }
    }

    static func items(_ json: [String: Any]) -> [(key: String, item: InsightsExpectations.Item)] {
        (json["items"] as? [[String: Any]] ?? []).map {
            (key: $0["key"] as? String ?? "?",
             item: .init(events: $0["events"] as? Int ?? -1, users: $0["users"] as? Int ?? -1,
                         value: ($0["value"] as? NSNumber)?.doubleValue ?? -1, averageValue: ($0["averageValue"] as? NSNumber)?.doubleValue))
        }
    }

    static func cohorts(_ json: [String: Any]) -> [InsightsExpectations.Cohort] {
        (json["cohorts"] as? [[String: Any]] ?? []).map {
            .init(week: $0["week"] as? String ?? "?", users: $0["users"] as? Int ?? -1, retained: $0["retained"] as? [Int] ?? [])
        }
    }

    static func teams(_ json: [String: Any]) -> [(group: String, team: InsightsExpectations.Team)] {
        (json["items"] as? [[String: Any]] ?? []).map {
            (group: $0["group"] as? String ?? "?",
             team: .init(activeUsers: $0["activeUsers"] as? Int ?? -1, events: $0["events"] as? Int ?? -1, members: $0["members"] as? Int ?? -1))
        }
    }
}

/// Checks a top report against the expected counts: the events in ranked order, each key's counts
/// exact (keys of equal counts may come in either order, as the database's collation sorts them).
func expectTop(
    _ json: [String: Any], _ expected: [String: InsightsExpectations.Item], limit: Int, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let items = ReportJSON.items(json)
    let ranked = expected.values.map(\.events).sorted(by: >).prefix(limit)
    #expect(items.map(\.item.events) == Array(ranked), "\(label): ranking", sourceLocation: sourceLocation)
    for (key, item) in items {
        let want = expected[key]
        #expect(want?.events == item.events && want?.users == item.users, "\(label) \(key): \(item) != \(want.map(String.init(describing:)) ?? "absent")",
                sourceLocation: sourceLocation)
        if let want {
            #expect(abs(want.value - item.value) < 1e-9, "\(label) \(key) value", sourceLocation: sourceLocation)
            #expect((want.averageValue == nil) == (item.averageValue == nil), "\(label) \(key) averageValue presence", sourceLocation: sourceLocation)
            if let a = want.averageValue, let b = item.averageValue {
                #expect(abs(a - b) < 1e-9, "\(label) \(key) averageValue", sourceLocation: sourceLocation)
            }
        }
    }
}
