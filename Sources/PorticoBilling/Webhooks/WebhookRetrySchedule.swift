import Foundation

/// When a failed delivery is tried again, in the style of Svix: quickly at first, then hours apart,
/// for 3 days from the delivery's creation; past that it is given up as failed.
struct WebhookRetrySchedule: Sendable {
    static let standard = WebhookRetrySchedule(
        delays: [5, 5 * 60, 30 * 60, 2 * 3_600, 5 * 3_600, 10 * 3_600], giveUpAfter: 3 * 24 * 3_600)

    /// The wait after the first, second, ... failed attempt; the last repeats.
    let delays: [TimeInterval]
    let giveUpAfter: TimeInterval

    /// When to try again after `attempts` failed attempts, or nil when that would be past the
    /// give-up time and the delivery has failed.
    func nextAttempt(after attempts: Int, failedAt now: Date, createdAt: Date) -> Date? {
        let delay = delays[min(max(attempts, 1), delays.count) - 1]
        let next = now.addingTimeInterval(delay)
        return next <= createdAt.addingTimeInterval(giveUpAfter) ? next : nil
    }
}
