/// Ordering and keyset positions over several sort keys.
extension EntitySQL {
    /// Each key's sort expression with its direction, walking backwards flipping them all.
    mutating func sortKeys(_ sort: EntitySort, backwards: Bool) -> [(expression: String, descending: Bool)] {
        sort.keys.map { (sortExpression($0), $0.descending != backwards) }
    }

    /// The uid of a page's rows: the search row's when it is read in index order (`rowOrderJoin`).
    var uidExpression: String { rowOrderKey == nil ? "e.uid" : "s.entity_uid" }

    func orderBy(_ keys: [(expression: String, descending: Bool)], uidDescending: Bool) -> String {
        (keys.map { "\($0.expression) \($0.descending ? "DESC" : "ASC")" } + ["\(uidExpression) \(uidDescending ? "DESC" : "ASC")"])
            .joined(separator: ", ")
    }

    /// Rows strictly after `position` in the order of `keys` then uid. All in one direction it is
    /// one row comparison, which an index in that order can seek to; mixed directions need the
    /// expanded form (k1 beyond, or k1 equal and k2 beyond, …), which no index range answers, so
    /// such a page filters every match (as sorting on a key without a column already does).
    mutating func keyset(
        after position: EntityCursor.Position, keys: [(expression: String, descending: Bool)], uidDescending: Bool
    ) -> String {
        let values = position.sortValues.map { builder.bind($0) }
        let uid = builder.bind(position.uid)
        let expressions = keys.map(\.expression) + [uidExpression]
        let bounds = values + [uid]
        let descending = keys.map(\.descending) + [uidDescending]
        if Set(descending).count == 1 {
            return "(\(expressions.joined(separator: ", "))) \(descending[0] ? "<" : ">") (\(bounds.joined(separator: ", ")))"
        }
        let arms = expressions.indices.map { index in
            let equal = (0..<index).map { "\(expressions[$0]) = \(bounds[$0])" }
            return "(" + (equal + ["\(expressions[index]) \(descending[index] ? "<" : ">") \(bounds[index])"]).joined(separator: " AND ") + ")"
        }
        return "(" + arms.joined(separator: " OR ") + ")"
    }
}
