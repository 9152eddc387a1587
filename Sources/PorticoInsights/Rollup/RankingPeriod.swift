/// The periods `insights_rollups` also totals all users' events by, per dimension and key, beside
/// the daily all-users rows: a top list over a range reads its whole months and weeks from them and
/// only its other days from the daily rows. A period's totals are rows whose `user_key` is its
/// marker (`#week`, `#month`: stored user keys are entity refs or `p:` pseudonyms, never starting
/// with `#`), bucketed at its first day, with no set of users. Raw values are `date_trunc` units.
enum RankingPeriod: String, CaseIterable, Sendable {
    case week
    case month

    var userKey: String { "#" + rawValue }

    /// Every period as a `VALUES` list of `(period, user_key)`, for a fold or an erasure.
    static let values = "(VALUES " + allCases.map { "('\($0.rawValue)', '\($0.userKey)')" }.joined(separator: ", ") + ")"
}
