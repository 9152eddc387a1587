import Foundation

/// Decides, for a group of run states written in one transaction, what the same deliveries one at
/// a time in arrival order would have done: which states are newer than the stored one (or than
/// an earlier one of the group), which state each run row ends with, and what each failing-list
/// entry ends as. Pure, so the rules are tested without a database.
struct RunGroupPlan {
    /// The row of one run under one entity: `(scope, run part, at, key)`.
    struct Row: Hashable {
        let scope: String
        let at: Date
        let key: String
    }

    /// Per state (in arrival order), the rows it is newer on.
    let appliedRows: [[Row]]
    /// Per row, the state it ends with (the newest of the group when that beats the stored one).
    let winners: [Row: Int]

    /// - Parameters:
    ///   - ranks: each state's rank (`CIRun.rank`), in arrival order.
    ///   - rows: each state's rows (one per entity of its repository).
    ///   - stored: the rank already stored per row, when there is one.
    init(ranks: [Int], rows: [[Row]], stored: [Row: Int]) {
        var current = stored
        var winners: [Row: Int] = [:]
        var applied: [[Row]] = []
        for (index, (rank, stateRows)) in zip(ranks, rows).enumerated() {
            var newer: [Row] = []
            for row in stateRows where current[row].map({ rank > $0 }) ?? true {
                current[row] = rank
                winners[row] = index
                newer.append(row)
            }
            applied.append(newer)
        }
        self.appliedRows = applied
        self.winners = winners
    }
}

/// What one entry of the failing list (`entity␟ci␟workflow`) ends as after a group of completed
/// default-branch runs, taken in their order (run creation, then state).
enum FailingChange: Equatable {
    /// A failure with no entry before: add it, or keep the entry already there (its red streak
    /// started earlier, so its `since` stays).
    case keepOrAdd(streakStart: Int)
    /// A success ended the streak within the group, and a failure started a new one: replace.
    case replace(streakStart: Int)
    /// The last of them succeeded: the entry goes.
    case remove

    /// - Parameter outcomes: in order, each run's index and whether it failed (`true`) or
    ///   succeeded (`false`); runs that did neither (cancelled, skipped) are left out.
    static func after(_ outcomes: [(index: Int, failed: Bool)]) -> FailingChange? {
        guard let last = outcomes.last else { return nil }
        guard last.failed else { return .remove }
        let lastSuccess = outcomes.lastIndex { !$0.failed }
        let streakStart = outcomes[(lastSuccess.map { $0 + 1 } ?? 0)].index
        return lastSuccess == nil ? .keepOrAdd(streakStart: streakStart) : .replace(streakStart: streakStart)
    }
}
