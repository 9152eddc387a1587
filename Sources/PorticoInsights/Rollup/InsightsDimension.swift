/// What a rollup row counts (`insights_rollups.dimension`). Activity rows count every event per
/// day, per user and for all users together, and per hour for all users together; the others
/// count events per key (a plugin, a page, a search term) per day, per user and for all users
/// together. All-users rows hold the set of their users (`UserBitmaps`). The raw values are
/// stored: never renumber.
enum InsightsDimension: Int16, CaseIterable, Sendable {
    case activityHour = 0
    case activityDay = 1
    case plugins = 2
    case pages = 3
    case entities = 4
    case tabs = 5
    case searches = 6
    case zeroResultSearches = 7
    case templates = 8
    case docs = 9
    case notFound = 10
    case discoveries = 11

    /// The `dimension` parameter of `GET /api/insights/top`.
    var name: String? {
        switch self {
        case .activityHour, .activityDay: nil
        case .plugins: "plugins"
        case .pages: "pages"
        case .entities: "entities"
        case .tabs: "tabs"
        case .searches: "searches"
        case .zeroResultSearches: "zero-result-searches"
        case .templates: "templates"
        case .docs: "docs"
        case .notFound: "not-found"
        case .discoveries: "discoveries"
        }
    }

    static let ranked: [InsightsDimension] = allCases.filter { $0.name != nil }

    /// Every stored value, for `dimension = ANY(...)`: a statement that names a user's rows of
    /// every dimension enters the primary key (dimension, user, bucket, ...) once per pair instead
    /// of reading the whole table.
    static let everyRawValue: [Int16] = allCases.map(\.rawValue)

    static func named(_ name: String) -> InsightsDimension? { ranked.first { $0.name == name } }
}
