import PorticoCore

/// An entity's `relations` as JSON, written here from its relation rows, and put into the entity's
/// JSON text. PostgreSQL building the array for each entity of a page (a subquery, a union,
/// `jsonb_agg`, a concatenation and the text output, per row) cost ten times reading the page.
/// The text is what `jsonb` wrote: relations ordered by type, then target ref, byte by byte,
/// each once, `{"type": …, "targetRef": …}` with jsonb's spacing.
struct EntityRelationsJSON {
    private var rows: [(type: String, targetRef: String)] = []

    mutating func append(type: String, targetRef: String) {
        rows.append((type, targetRef))
    }

    var text: String {
        // Bytes, not Swift's `==` (canonical equivalence): PostgreSQL keeps two refs that differ
        // only in their Unicode normalisation apart, and so must the order and the deduplication.
        func same(_ left: String, _ right: String) -> Bool { left.utf8.elementsEqual(right.utf8) }
        let ordered = rows.sorted { left, right in
            same(left.type, right.type)
                ? left.targetRef.utf8.lexicographicallyPrecedes(right.targetRef.utf8)
                : left.type.utf8.lexicographicallyPrecedes(right.type.utf8)
        }
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(ordered.reduce(2) { $0 + $1.type.utf8.count + $1.targetRef.utf8.count + 32 })
        var previous: (type: String, targetRef: String)?
        for row in ordered where previous.map({ !same($0.type, row.type) || !same($0.targetRef, row.targetRef) }) ?? true {
            if previous != nil { bytes.append(contentsOf: ", ".utf8) }
            bytes.append(contentsOf: #"{"type": "#.utf8)
            JSONStringLiteral.append(row.type, to: &bytes)
            bytes.append(contentsOf: #", "targetRef": "#.utf8)
            JSONStringLiteral.append(row.targetRef, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
            previous = row
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    static let none = "[]"

    /// `object` (a JSON object's text, without a `relations` member) with `relations` as its last member.
    static func adding(_ relations: String, to object: String) -> String {
        var text = object
        guard text.utf8.last == UInt8(ascii: "}") else { return text }
        text.removeLast()
        let isEmpty = text.utf8.last == UInt8(ascii: "{")
        text += (isEmpty ? "\"relations\": " : ", \"relations\": ") + relations + "}"
        return text
    }
}
