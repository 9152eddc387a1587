import Foundation
import Synchronization

/// One generated analytics event, as a Backstage app sends it, and how it is written: as the
/// JSON of `POST /api/insights/events`, or as a `COPY` row of `insights_events` as the API stores it.
struct BenchEvent {
    var id: String
    /// Seconds since 1970, to the millisecond.
    var at: Double
    var user: Int
    var action: String
    var subject: String
    var value: Double?
    var pluginId: String
    var routeRef: String
    var entityRef: String?
    /// JSON objects as text, keys sorted (generated text needs no escaping).
    var attributes: String?
    /// Context keys besides the named ones, as the API keeps them.
    var context: String?

    static let extensionName = "App"
    /// The columns `copyRow` writes, in its order.
    static let copyColumns = "event_key, fingerprint, occurred_at, user_key, action, subject, value, plugin_id, route_ref, entity_ref, extension, attributes, context"

    func json(into text: inout String) {
        text += "{\"id\":\"\(id)\",\"timestamp\":\"\(Timestamps.iso(at))\",\"user\":\"\(InsightsPeople.userRef(user))\","
        text += "\"action\":\"\(action)\",\"subject\":\"\(subject)\","
        if let value { text += "\"value\":\(value)," }
        if let attributes { text += "\"attributes\":\(attributes)," }
        text += "\"context\":{\"pluginId\":\"\(pluginId)\",\"routeRef\":\"\(routeRef)\",\"extension\":\"\(Self.extensionName)\""
        if let entityRef { text += ",\"entityRef\":\"\(entityRef)\"" }
        if let context { text += "," + context.dropFirst().dropLast() }
        text += "}}"
    }

    /// A row of COPY's text format (tab-separated, `\N` for NULL) with a fresh key and fingerprint.
    func copyRow(userKey: String, fingerprint: Int64, into text: inout String) {
        text += UUID().uuidString
        text += "\t\(fingerprint)\t\(Timestamps.sql(at))\t\(userKey)\t\(action)\t\(subject)\t"
        text += value.map { "\($0)" } ?? "\\N"
        text += "\t\(pluginId)\t\(routeRef)\t\(entityRef ?? "\\N")\t\(Self.extensionName)\t\(attributes ?? "\\N")\t\(context ?? "\\N")\n"
    }
}

/// Timestamps written without a date formatter (millions of them): the day's label is made once
/// per day and cached, the time of day is arithmetic.
enum Timestamps {
    private static let days = Mutex<[Int: String]>([:])

    /// `2026-11-02`, the UTC day of an instant.
    static func day(of at: Double) -> String { day(Int((at / 86_400).rounded(.down))) }

    private static func day(_ number: Int) -> String {
        if let label = days.withLock({ $0[number] }) { return label }
        let label = Date(timeIntervalSince1970: Double(number) * 86_400).formatted(.iso8601.year().month().day())
        days.withLock { $0[number] = label }
        return label
    }

    private static func parts(_ at: Double) -> (day: String, time: String, millis: String) {
        let millis = Int((at * 1000).rounded(.down))
        let seconds = millis / 1000, dayNumber = seconds / 86_400, second = seconds % 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fraction = millis % 1000
        let milli = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return (day(dayNumber), "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))", milli)
    }

    /// `2026-11-02T10:00:00.000Z`, as JavaScript's `toISOString()` writes it.
    static func iso(_ at: Double) -> String {
        let (day, time, millis) = parts(at)
        return "\(day)T\(time).\(millis)Z"
    }

    /// `2026-11-02 10:00:00.000+00`, as PostgreSQL reads a timestamptz.
    static func sql(_ at: Double) -> String {
        let (day, time, millis) = parts(at)
        return "\(day) \(time).\(millis)+00"
    }
}
