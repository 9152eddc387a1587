import Foundation
import PorticoCore

/// `GET /v1/billing/subscription`, and the `subscription.updated` webhook's data.
struct SubscriptionView: Encodable, Sendable {
    struct Period: Encodable, Sendable {
        let start: Date
        let end: Date
    }

    struct ScheduledChange: Encodable, Sendable {
        let plan: String
        let planVersion: Int
        let at: Date
    }

    let tenantId: TenantID
    let plan: String
    let planVersion: Int
    let status: SubscriptionStatus
    let currentPeriod: Period
    let trialEndsAt: Date?
    let cancelAtPeriodEnd: Bool
    let scheduledChange: ScheduledChange?
    let canceledAt: Date?
    let pastDueSince: Date?

    init(_ subscription: Subscription) {
        tenantId = subscription.tenant
        plan = subscription.plan.id
        planVersion = subscription.planVersion
        status = subscription.status
        currentPeriod = Period(start: subscription.periodStart, end: subscription.periodEnd)
        trialEndsAt = subscription.trialEndsAt
        cancelAtPeriodEnd = subscription.cancelAtPeriodEnd
        scheduledChange = subscription.scheduledPlan.flatMap { plan in
            subscription.scheduledVersion.map { ScheduledChange(plan: plan.id, planVersion: $0, at: subscription.periodEnd) }
        }
        canceledAt = subscription.canceledAt
        pastDueSince = subscription.pastDueSince
    }
}
