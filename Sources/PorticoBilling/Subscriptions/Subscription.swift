import Foundation
import PorticoCore

/// Where a subscription is in its life. A trial ends on the paid plan (`active`) only with an
/// approved billing profile; an invoice unpaid after its due date makes it `past_due`.
public enum SubscriptionStatus: String, Codable, Sendable {
    case trialing
    case active
    case pastDue = "past_due"
    case canceled
}

/// What a tenant pays, on which version of its plan's prices; the open period began at `periodStart`.
public struct Subscription: Sendable, Equatable {
    public let tenant: TenantID
    public var plan: PlanID
    public var planVersion: Int
    public var status: SubscriptionStatus
    public var periodStart: Date
    public var trialEndsAt: Date?
    public var cancelAtPeriodEnd: Bool
    /// A downgrade waiting for the period's end.
    public var scheduledPlan: PlanID?
    public var scheduledVersion: Int?
    public var canceledAt: Date?
    public var pastDueSince: Date?
    public let createdAt: Date
    public var updatedAt: Date

    /// The open period's end: the next calendar month, or the cancellation that cut it short.
    public var periodEnd: Date {
        let monthEnd = BillingPeriod.month(containing: periodStart).end
        if status == .canceled, let canceledAt, canceledAt < monthEnd { return max(canceledAt, periodStart) }
        return monthEnd
    }
}
