/// The periods `insights_rankings` totals all users' events by, per dimension and key, beside the
/// daily all-users rows: a top list over a range reads its whole months and weeks from them and
/// only its edge days from the daily rows. Raw values are PostgreSQL's `date_trunc` units.
enum RankingPeriod: String, CaseIterable, Sendable {
    case week
    case month

    /// The `VALUES` list of every period, for a fold or a migration: `(VALUES ('week'), ('month'))`.
    static let values = "(VALUES " + allCases.map { "('\($0.rawValue)')" }.joined(separator: ", ") + ")"
}
