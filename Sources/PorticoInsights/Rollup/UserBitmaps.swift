/// Sets of users as PostgreSQL bit strings (`insights_rollups.users`, on all-users rows): bit n
/// is the user whose `insights_users.ordinal` is n. Distinct users over many rows are the
/// popcount of their OR; a group's are an AND with its members' bits. Ordinals are dense and
/// never reused, so a set costs one bit per user the tenant ever had (see the README's limits).
///
/// A row is written as wide as the ordinals given by then; `|` and `&` need equal widths, so
/// readers pad with zeros to today's width. These are SQL fragments for a query that has a
/// width relation joined as `w`.
enum UserBitmaps {
    /// One row: `bits`, the width; `zero`, that many zeros; `one`, bit 0 set (`one >> n` is user n).
    /// `LIMIT 1` tells the planner so: the state table is rarely analyzed, and taken for 1,270 rows
    /// it made a join with the rollups a parallel plan 20 times slower (measured: 18 -> 400 ms).
    static func widthRelation(bits: String, from source: String) -> String {
        """
        SELECT \(bits) AS bits, repeat('0', \(bits))::bit varying AS zero,
               B'1' || repeat('0', greatest(\(bits) - 1, 0))::bit varying AS one
        FROM \(source) LIMIT 1
        """
    }

    /// Today's width, from the rollup's state.
    static let width = widthRelation(bits: "next_ordinal", from: "insights_rollup_state")

    /// `column` padded with zeros to the width of `w`.
    static func padded(_ column: String) -> String {
        "(\(column) || substring(w.zero FROM 1 FOR w.bits - length(\(column))))"
    }

    /// How many users `set` holds (0 for none or NULL).
    static func count(_ set: String) -> String { "coalesce(bit_count(\(set)), 0)::int" }

    /// A report's audience, a relation `a(users)` with its members' set bound as text (NULL for
    /// everyone), as a mask to AND with: their bits, or every bit. Read before the query, so
    /// users given ordinals since are outside it, as they are outside the group's keys.
    static let audienceMask = "coalesce(\(padded("a.users::bit varying")), ~w.zero)"

    /// The merge of an upsert: the stored set (narrower, or NULL) OR the new one (today's width).
    static let merged = "(coalesce(r.users, B'') || substring(excluded.users FROM length(coalesce(r.users, B'')) + 1)) | excluded.users"
}
