import PorticoCore

/// Backstage's flattened view of an entity for filtering: every scalar leaf becomes a
/// (lowercased dotted key, lowercased value) row. Arrays are walked through under their own key
/// (`a.b: ["c", {d: 1}]` gives `a.b` = `c` and `a.b.d` = `1`), and each string item also gives a
/// `<key>.<item>` = `true` row, so `metadata.tags.java` can require several tags in one filter set
/// (one key with several values would OR them).
struct SearchRow: Hashable, Sendable {
    let key: String
    let value: String
    let originalValue: String
}

enum SearchRows {
    static let maximumLength = 200

    /// Each (key, value) once, so facet counts can count rows.
    static func rows(for entity: Entity) -> [SearchRow] {
        var rows: [SearchRow] = []
        for (key, value) in entity.body where key != "relations" && key != "status" {
            flatten(value, key: key, into: &rows)
        }
        var seen = Set<String>()
        return rows.filter { seen.insert($0.key + "\u{0}" + $0.value).inserted }
    }

    private static func flatten(_ value: JSONValue, key: String, into rows: inout [SearchRow]) {
        switch value {
        case .object(let object):
            for (child, childValue) in object { flatten(childValue, key: "\(key).\(child)", into: &rows) }
        case .array(let array):
            for item in array {
                flatten(item, key: key, into: &rows)
                if case .string(let text) = item { flatten(.bool(true), key: "\(key).\(text)", into: &rows) }
            }
        case .null:
            return
        default:
            guard let text = value.scalarText, key.count <= maximumLength, text.count <= maximumLength else { return }
            rows.append(SearchRow(key: key.lowercased(), value: text.lowercased(), originalValue: text))
        }
    }

    /// What `fullTextFilter` searches by default: name, title, description and tags.
    static func fullText(for entity: Entity) -> String {
        var parts = [entity.name, entity.kind]
        for key in ["title", "description"] { if let text = entity.metadata[key]?.stringValue { parts.append(text) } }
        if let tags = entity.metadata["tags"]?.arrayValue { parts.append(contentsOf: tags.compactMap(\.stringValue)) }
        return parts.joined(separator: " ").lowercased()
    }
}
