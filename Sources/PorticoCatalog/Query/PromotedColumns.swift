/// Search keys that are also columns on `entities` (migration 0005), so the commonest filters
/// are an index range rather than a join with `search`. A column holds the key's value only when
/// the entity has exactly one; an entity with several lists the key in `multi_valued_keys`.
enum PromotedColumns {
    static let columnsByKey = ["spec.type": "e.spec_type", "spec.lifecycle": "e.spec_lifecycle"]

    struct Values: Sendable {
        var type: String?
        var lifecycle: String?
        /// Promoted keys with more than one value, comma-separated (nil when none).
        var multiValuedKeys: String?
    }

    static func values(from rows: [SearchRow]) -> Values {
        var values = Values()
        var multiValued: [String] = []
        func single(_ key: String) -> String? {
            let matching = rows.filter { $0.key == key }
            if matching.count > 1 { multiValued.append(key) }
            return matching.count == 1 ? matching[0].value : nil
        }
        values.type = single("spec.type")
        values.lifecycle = single("spec.lifecycle")
        values.multiValuedKeys = multiValued.isEmpty ? nil : multiValued.joined(separator: ",")
        return values
    }

    static func keys(in filter: EntityFilter) -> Set<String> {
        Set(filter.anyOf.flatMap { $0.map(\.key) }.filter { columnsByKey[$0] != nil })
    }
}
