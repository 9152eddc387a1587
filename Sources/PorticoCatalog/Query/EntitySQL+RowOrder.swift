/// A page ordered by one key without a column, read in the order of the search index instead of
/// sorting every match: when every entity holds the key, an entity's sort value (its smallest value
/// for the key) is the value of its first row in `(key, value, entity_uid)` order, so the page is
/// those rows joined with their entities, in index order, skipping rows that are not an entity's
/// smallest. Answers equal the sorted form's, positions included (`rowOrderKey`, set by the reader).
extension EntitySQL {
    /// What a page reads from, and the condition on the search rows it adds.
    mutating func rowOrderJoin() -> (from: String, condition: String) {
        guard let key = rowOrderKey else { return ("entities e", "") }
        let bound = builder.bind(key)
        return ("search s JOIN entities e ON e.uid = s.entity_uid",
                " AND s.key = \(bound) AND NOT EXISTS (SELECT 1 FROM search m WHERE m.entity_uid = s.entity_uid"
                    + " AND m.key = \(bound) AND m.value < s.value)")
    }
}
