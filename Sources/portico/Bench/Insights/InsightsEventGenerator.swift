import Foundation

/// Realistic Backstage analytics events of a shape: page views of catalog entities (with their
/// tabs), TechDocs pages and other plugins' pages, clicks, searches (some without results) and
/// the results clicked from them, template runs, pages not found. Users, entities and terms are
/// drawn with the shape's skew; most users are there from the start, the others join along the
/// span, so there are new users and weekly cohorts.
struct InsightsEventGenerator {
    let shape: InsightsShape
    let users: Int
    private var random: SeededRandom

    static let templates = 30
    static let pages: [(path: String, plugin: String)] = [
        ("/", "home"), ("/catalog", "catalog"), ("/create", "scaffolder"), ("/search", "search"), ("/explore", "explore"),
        ("/api-docs", "api-docs"), ("/settings", "user-settings"), ("/catalog-graph", "catalog-graph"),
        ("/tech-radar", "tech-radar"), ("/cost-insights", "cost-insights"), ("/catalog?filters[kind]=component", "catalog"),
    ]
    static let tabs = ["", "", "/api", "/dependencies", "/ci-cd", "/docs", "/kubernetes"]
    static let clicks = ["View source", "Open in GitHub", "Edit metadata", "Refresh", "Copy entity URL", "Register component", "View API"]
    static let plugins = ["catalog", "techdocs", "scaffolder", "search", "api-docs", "kubernetes", "github-actions", "home"]

    init(shape: InsightsShape, users: Int? = nil, seed: UInt64) {
        self.shape = shape
        self.users = users ?? shape.users
        random = SeededRandom(seed: seed)
    }

    private mutating func unit() -> Double { Double(random.next(1 << 30)) / Double(1 << 30) }

    /// Low indices far more often than high ones, by the shape's skew.
    private mutating func skewed(_ count: Int) -> Int { min(count - 1, Int(Double(count) * pow(unit(), shape.skew))) }

    mutating func fingerprint() -> Int64 { Int64(random.next(1 << 30)) << 32 | Int64(random.next(1 << 30)) }

    /// When a user is first active, as a share of the span: 0 for the first 60%, spread after.
    private func joinShare(_ user: Int) -> Double {
        user < users * 6 / 10 ? 0 : Double((user &* 7_919) % 1_000) / 1_000 * 0.9
    }

    private func entity(_ index: Int) -> (ref: String, path: String) {
        let (kind, name) = index % 10 == 0 ? ("api", "api-\(index)") : ("component", "svc-\(index)")
        return ("\(kind):default/\(name)", "/catalog/default/\(kind)/\(name)")
    }

    /// When `user` is first active between `start` and `end` (seconds since 1970).
    func firstActive(_ user: Int, from start: Double, to end: Double) -> Double { start + joinShare(user) * (end - start) }

    /// An event of a user between `start` and `end` (seconds since 1970), no earlier than the user joins.
    mutating func event(id: String, from start: Double, to end: Double) -> BenchEvent {
        let user = skewed(users)
        let first = firstActive(user, from: start, to: end)
        let at = ((first + unit() * (end - first)) * 1000).rounded(.down) / 1000
        var event = BenchEvent(id: id, at: at, user: user, action: "navigate", subject: "/", pluginId: "home", routeRef: "home:root")
        let roll = random.next(100)
        switch roll {
        case 0..<35:
            let (ref, path) = entity(skewed(shape.entities))
            event.subject = path + Self.tabs[random.next(Self.tabs.count)]
            (event.pluginId, event.routeRef, event.entityRef) = ("catalog", "catalog:entity", ref)
        case 35..<43:
            let index = skewed(shape.entities)
            event.subject = "/docs/default/component/svc-\(index)/page-\(random.next(12))"
            (event.pluginId, event.routeRef, event.entityRef) = ("techdocs", "techdocs:reader", "component:default/svc-\(index)")
        case 43..<60:
            let page = Self.pages[random.next(Self.pages.count)]
            (event.subject, event.pluginId, event.routeRef) = (page.path, page.plugin, "\(page.plugin):root")
        case 60..<75, 98..<100:
            let plugin = Self.plugins[random.next(Self.plugins.count)]
            (event.action, event.subject, event.pluginId, event.routeRef) = ("click", Self.clicks[random.next(Self.clicks.count)], plugin, "\(plugin):root")
            event.attributes = "{\"to\":\"\(entity(skewed(shape.entities)).path)\"}"
        case 75..<87:
            let term = skewed(shape.searchTerms)
            (event.action, event.subject, event.pluginId, event.routeRef) = ("search", "term-\(term)", "search", "search:root")
            event.value = term % 10 == 7 ? 0 : Double(1 + random.next(50))
            event.context = "{\"searchTypes\":[\"software-catalog\",\"techdocs\"]}"
        case 87..<93:
            (event.action, event.subject, event.pluginId, event.routeRef) = ("discover", "term-\(skewed(shape.searchTerms))", "search", "search:root")
            event.value = Double(1 + random.next(10))
            event.attributes = "{\"to\":\"\(entity(skewed(shape.entities)).path)\"}"
        case 93..<96:
            let template = skewed(Self.templates)
            (event.action, event.subject, event.pluginId, event.routeRef) = ("create", "new-component", "scaffolder", "scaffolder:root")
            event.entityRef = "template:default/tmpl-\(template)"
            event.value = Double(30 + random.next(200))
        default:
            (event.action, event.pluginId, event.routeRef) = ("not-found", "techdocs", "techdocs:reader")
            event.subject = "/docs/default/component/svc-\(skewed(shape.entities))/missing-\(random.next(5))"
        }
        return event
    }
}
