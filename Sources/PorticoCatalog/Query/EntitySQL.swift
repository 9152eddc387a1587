import Foundation
import PorticoStore

/// The SQL pieces of catalog reads, all over `entities e`. Each entity is rendered as JSON by
/// PostgreSQL itself, so reads pass text through without decoding; its relations are added by the
/// reader (`EntityRelationsJSON`).
struct EntitySQL {
    var builder = SQLBuilder()
    /// Promoted keys whose column answers equality filters exactly in this tenant right now.
    var exactPromotedKeys: Set<String> = []
    /// The sort key a page is read in the index order of (`EntitySQL+RowOrder`), when it may be.
    var rowOrderKey: String?
    /// Keys whose existence few entities meet (`EntityReader.rareExistenceKeys`): their condition
    /// lists those entities first, where probing the search rows of every entity in sort order
    /// until a page is full would visit most of the catalog.
    var rareKeys: Set<String> = []
    /// The entity's uid in conditions on `search`: `s.entity_uid` puts a filter that reads only
    /// `search` (`readsOnlySearch`) on search rows directly, without joining `entities`.
    var entityUID = "e.uid"

    init() {}

    /// Promoted keys of `filter` are answered from their column unless some entity holds several values.
    init(filter: EntityFilter, multiValuedKeys: Set<String>) {
        exactPromotedKeys = PromotedColumns.keys(in: filter).subtracting(multiValuedKeys)
    }

    static let columns = ["kind": "e.kind", "metadata.name": "e.name", "metadata.namespace": "e.namespace", "metadata.uid": "e.uid::text"]

    static let status = "jsonb_build_object('items', e.errors)"
    /// The whole entity but its relations.
    static let fullEntity = "(CASE WHEN e.errors IS NULL THEN e.body ELSE e.body || jsonb_build_object('status', \(status)) END)"

    // MARK: Filters

    /// A boolean SQL expression for the filter and full-text term.
    mutating func condition(filter: EntityFilter, fullText: FullTextFilter?) -> String {
        var parts: [String] = []
        if !filter.isEmpty {
            let sets = filter.anyOf.map { set in "(" + set.map { condition($0) }.joined(separator: " AND ") + ")" }
            parts.append("(" + sets.joined(separator: " OR ") + ")")
        }
        if let fullText {
            let pattern = builder.bind("%" + Self.escapeLike(fullText.term) + "%")
            if fullText.fields.isEmpty {
                parts.append("e.search_text LIKE \(pattern)")
            } else {
                let fields = builder.bind(fullText.fields)
                parts.append("e.uid IN (SELECT entity_uid FROM search WHERE key = ANY(\(fields)) AND value LIKE \(pattern))")
            }
        }
        return parts.isEmpty ? "TRUE" : parts.joined(separator: " AND ")
    }

    /// Whether every condition of `filter` is a `search` semi-join on the entity's uid (no column
    /// of `entities`, no relation), as `condition(_:)` builds them. Not a rare key's list of
    /// holders: `= ANY` of a computed array is compared element by element on every row it filters.
    func readsOnlySearch(_ filter: EntityFilter) -> Bool {
        filter.anyOf.joined().allSatisfy { condition in
            Self.columns[condition.key] == nil && !condition.key.hasPrefix("relations.")
                && !(condition.values != nil && exactPromotedKeys.contains(condition.key))
                && !(condition.values == nil && rareKeys.contains(condition.key))
        }
    }

    private mutating func condition(_ condition: EntityFilter.Condition) -> String {
        if let column = Self.columns[condition.key] {
            guard let values = condition.values else { return "TRUE" }
            return equals(column, values)
        }
        if let values = condition.values, exactPromotedKeys.contains(condition.key), let column = PromotedColumns.columnsByKey[condition.key] {
            return equals(column, values)
        }
        if condition.key.hasPrefix("relations.") {
            let typeKey = String(condition.key.dropFirst("relations.".count))
            guard let type = RelationRules.allTypes.first(where: { $0.lowercased() == typeKey }) else { return "FALSE" }
            let typeParameter = builder.bind(type)
            guard let values = condition.values else {
                return "(EXISTS (SELECT 1 FROM relations r WHERE r.source_key = e.ref AND r.type = \(typeParameter))"
                    + " OR EXISTS (SELECT 1 FROM relations r WHERE r.target_key = e.ref AND r.reverse_type = \(typeParameter)))"
            }
            let targets = builder.bind(values)
            return "e.ref IN (SELECT source_key FROM relations WHERE target_key = ANY(\(targets)) AND type = \(typeParameter)"
                + " UNION ALL SELECT target_key FROM relations WHERE source_key = ANY(\(targets)) AND reverse_type = \(typeParameter))"
        }
        let key = builder.bind(condition.key)
        guard let values = condition.values else {
            let prefix = builder.bind(Self.escapeLike(condition.key) + ".%")
            guard rareKeys.contains(condition.key) else {
                return "\(entityUID) IN (SELECT entity_uid FROM search WHERE key = \(key) OR key LIKE \(prefix))"
            }
            return "\(entityUID) = ANY(ARRAY(SELECT entity_uid FROM search WHERE key = \(key) UNION ALL SELECT entity_uid FROM search WHERE key LIKE \(prefix)))"
        }
        return "\(entityUID) IN (SELECT entity_uid FROM search WHERE key = \(key) AND value = ANY(\(builder.bind(values))))"
    }

    /// `=` for one value keeps an index's order usable for the sort; `= ANY` would not.
    private mutating func equals(_ column: String, _ values: [String]) -> String {
        values.count == 1 ? "\(column) = \(builder.bind(values[0]))" : "\(column) = ANY(\(builder.bind(values)))"
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    // MARK: Ordering

    mutating func sortExpression(_ order: EntityOrder) -> String {
        switch order.field {
        case "metadata.name": return "e.name"
        case "kind": return "e.kind"
        case "metadata.namespace": return "e.namespace"
        case "metadata.uid": return "e.uid::text"
        case let field where field == rowOrderKey: return "s.value"
        default:
            return "coalesce((SELECT min(s.value) FROM search s WHERE s.entity_uid = e.uid AND s.key = \(builder.bind(order.field))), '')"
        }
    }

    // MARK: Projection

    /// What a read selects of each entity: `sql`, its JSON without relations, limited to `fields`
    /// when given; whether the reader adds the relations to it.
    struct Projection {
        let sql: String
        let addsRelations: Bool
    }

    mutating func projection(_ fields: FieldSelection?) -> Projection {
        guard let fields, !fields.isEmpty, !fields.paths.contains(where: { $0.isEmpty }) else {
            return Projection(sql: Self.fullEntity, addsRelations: true)
        }
        let rootPaths = fields.paths.filter { $0.first != "relations" }
        return Projection(sql: "jsonb_strip_nulls(" + object(for: rootPaths, base: nil) + ")", addsRelations: rootPaths.count < fields.paths.count)
    }

    /// `jsonb_build_object` for a set of paths sharing `base` (nil: the entity root).
    private mutating func object(for paths: [[String]], base: String?) -> String {
        var order: [String] = []
        var children: [String: [[String]]] = [:]
        for path in paths {
            guard let head = path.first else { continue }
            if children[head] == nil { order.append(head) }
            children[head, default: []].append(Array(path.dropFirst()))
        }
        var arguments: [String] = []
        for head in order {
            let key = builder.bind(head)
            let value: String
            if base == nil && head == "status" {
                value = "CASE WHEN e.errors IS NULL THEN NULL ELSE \(Self.status) END"
            } else {
                let expression = "\(base ?? "e.body")->\(key)"
                let rest = children[head] ?? []
                value = rest.contains(where: { $0.isEmpty }) ? expression : object(for: rest, base: expression)
            }
            arguments.append("\(key)::text, \(value)")
        }
        return "jsonb_build_object(" + arguments.joined(separator: ", ") + ")"
    }
}
