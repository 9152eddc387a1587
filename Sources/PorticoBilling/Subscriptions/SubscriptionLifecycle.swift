import Foundation
import Logging
import PorticoCore
import PorticoSeam
import PorticoStore
import PostgresNIO

/// Subscriptions as tenants and operators change them: started at sign-up (a paid plan's trial
/// for a public sign-up), upgraded at once, downgraded or canceled at the period's end or at
/// once, kept in step with plan changes an operator made on the tenant, and back to `active`
/// (and the tenant resumed) when what was overdue is paid.
struct SubscriptionLifecycle: Sendable {
    let database: Database
    let pass: TenantBillingPass

    var prices: PriceBookStore { pass.prices }
    var accounts: any TenantAccounts { pass.accounts }
    var logger: Logger { database.logger }

    /// The creation step: a subscription on the plan's newest prices from the sign-up on; a
    /// public sign-up for a plan with a base fee starts on trial.
    func start(_ tenant: NewTenant, on connection: PostgresConnection, logger: Logger) async throws {
        guard let price = try await prices.latest(on: connection)[tenant.plan] else { return }
        let trial = tenant.selfServe && price.baseFee > 0
        let subscription = Subscription(
            tenant: tenant.id, plan: tenant.plan, planVersion: price.version, status: trial ? .trialing : .active,
            periodStart: tenant.createdAt, trialEndsAt: trial ? tenant.createdAt.addingTimeInterval(pass.policy.trialLength) : nil,
            cancelAtPeriodEnd: false, scheduledPlan: nil, scheduledVersion: nil, canceledAt: nil, pastDueSince: nil,
            createdAt: tenant.createdAt, updatedAt: tenant.createdAt)
        try await SubscriptionStore.insert(subscription, on: connection, logger: logger)
        try await PlanSpanStore.open(tenant.plan, version: price.version, trial: trial, at: tenant.createdAt, tenant: tenant.id, on: connection, logger: logger)
    }

    /// The tenant's subscription; a tenant from before billing gets one on its plan now.
    func subscription(of tenant: TenantContext) async throws -> Subscription {
        try await subscription(of: tenant.id, plan: tenant.entitlements.plan)
    }

    func subscription(of tenant: TenantID, plan: PlanID) async throws -> Subscription {
        try await database.withTransaction { connection in
            try await ensure(tenant, plan: plan, on: connection)
        }
    }

    /// The tenant's subscription, made first for a tenant from before billing; locked for a change.
    private func ensure(
        _ tenant: TenantID, plan: PlanID, locking: SubscriptionStore.RowLock = .none, on connection: PostgresConnection
    ) async throws -> Subscription {
        if let existing = try await SubscriptionStore.find(tenant, locking: locking, on: connection, logger: logger) { return existing }
        let now = try await TenantClocks.nows(of: [tenant], on: connection, logger: logger)[tenant] ?? Date()
        try await start(NewTenant(id: tenant, plan: plan, selfServe: false, createdAt: now), on: connection, logger: logger)
        guard let made = try await SubscriptionStore.find(tenant, locking: locking, on: connection, logger: logger) else {
            throw PricingError("The price book has no version of plan '\(plan)'.")
        }
        return made
    }

    /// A tenant's own change of plan or cancellation, at its clock's time.
    func change(_ request: SubscriptionChangeRequest, for tenant: TenantContext) async throws -> Subscription {
        let change = try request.validated()
        let changed = try await database.withTransaction { connection in
            var subscription = try await ensure(tenant.id, plan: tenant.entitlements.plan, locking: .wait, on: connection)
            let now = try await TenantClocks.nows(of: [tenant.id], on: connection, logger: logger)[tenant.id] ?? Date()
            let step = TenantBillingPass.BillingStep(connection: connection, logger: logger, now: now)
            switch change {
            case .plan(let plan):
                try await changePlan(&subscription, to: plan, step)
            case .cancel(.now):
                guard subscription.status != .canceled else { throw Self.alreadyCanceled() }
                try await pass.cancel(&subscription, at: now, step)
                _ = try await accounts.setPlan(
                    tenant.id, to: TenantBillingPass.accountPlan(of: subscription), reason: "subscription canceled", on: connection, logger: logger)
            case .cancel(.atPeriodEnd):
                guard subscription.status != .canceled else { throw Self.alreadyCanceled() }
                subscription.cancelAtPeriodEnd = true
            case .cancel(.none):
                subscription.cancelAtPeriodEnd = false
            }
            subscription.updatedAt = now
            try await SubscriptionStore.update(subscription, on: connection, logger: logger)
            try await pass.publishSubscription(subscription, step)
            return subscription
        }
        return changed
    }

    private static func alreadyCanceled() -> PorticoError {
        .conflict("subscription_canceled", "The subscription is already canceled; choose a plan to subscribe again.")
    }

    /// An upgrade (a higher base fee) or a change during a trial takes effect at once, the base
    /// fees prorated to the second over the spans; a downgrade waits for the period's end; a
    /// canceled subscription starts again at once.
    private func changePlan(_ subscription: inout Subscription, to plan: PlanID, _ step: TenantBillingPass.BillingStep) async throws {
        guard let target = try await prices.latest(on: step.connection)[plan] else {
            throw PorticoError.validation("Plan '\(plan)' has no prices yet.", field: "plan")
        }
        if subscription.status == .canceled {
            subscription.status = .active
            subscription.canceledAt = nil
            subscription.periodStart = step.now
            try await switchAtOnce(&subscription, to: target, trial: false, step)
            return
        }
        guard plan != subscription.plan else {
            if subscription.scheduledPlan != nil {
                subscription.scheduledPlan = nil
                subscription.scheduledVersion = nil
                return
            }
            throw PorticoError.conflict("plan_unchanged", "The subscription is already on plan '\(plan)'.", field: "plan")
        }
        let current = try await prices.price(subscription.plan, version: subscription.planVersion, on: step.connection)
        if subscription.status == .trialing || target.baseFee >= current.baseFee {
            try await switchAtOnce(&subscription, to: target, trial: subscription.status == .trialing, step)
        } else {
            subscription.scheduledPlan = plan
            subscription.scheduledVersion = target.version
        }
    }

    private func switchAtOnce(
        _ subscription: inout Subscription, to price: PlanPrice, trial: Bool, _ step: TenantBillingPass.BillingStep
    ) async throws {
        let plan = PlanID(price.plan)
        try await PlanSpanStore.switchTo(plan, version: price.version, trial: trial, at: step.now, tenant: subscription.tenant, on: step.connection, logger: step.logger)
        _ = try await accounts.setPlan(subscription.tenant, to: plan, reason: "subscription changed", on: step.connection, logger: step.logger)
        subscription.plan = plan
        subscription.planVersion = price.version
        subscription.scheduledPlan = nil
        subscription.scheduledVersion = nil
        subscription.cancelAtPeriodEnd = false
    }

    /// Gives every live tenant without a subscription one on its plan, and moves subscriptions
    /// to the plan an operator set on the tenant since (at once, as an upgrade would be).
    /// Returns how many subscriptions it started or changed.
    func reconcileWithAccounts() async throws -> Int {
        var changed = 0
        var after: TenantID?
        while true {
            let page = try await accounts.liveAccounts(after: after, limit: 1_000)
            guard let last = page.last else { break }
            after = last.id
            let subscribed = try await database.withConnection { connection in
                try await SubscriptionStore.plans(of: page.map(\.id), on: connection, logger: logger)
            }
            for account in page {
                let expected = subscribed[account.id].map { $0.status == .canceled ? Plan.free.id : $0.plan }
                guard expected != account.plan else { continue }
                try await database.withTransaction { connection in
                    var subscription = try await ensure(account.id, plan: account.plan, locking: .wait, on: connection)
                    let expected = subscription.status == .canceled ? Plan.free.id : subscription.plan
                    guard expected != account.plan else { return }
                    let now = try await TenantClocks.nows(of: [account.id], on: connection, logger: logger)[account.id] ?? Date()
                    let step = TenantBillingPass.BillingStep(connection: connection, logger: logger, now: now)
                    guard let price = try await prices.latest(on: connection)[account.plan] else { return }
                    if subscription.status == .canceled {
                        subscription.status = .active
                        subscription.canceledAt = nil
                        subscription.periodStart = now
                    }
                    try await PlanSpanStore.switchTo(account.plan, version: price.version, trial: false, at: now, tenant: account.id, on: connection, logger: logger)
                    subscription.plan = account.plan
                    subscription.planVersion = price.version
                    subscription.scheduledPlan = nil
                    subscription.scheduledVersion = nil
                    if subscription.status == .trialing { subscription.status = .active }
                    subscription.updatedAt = now
                    try await SubscriptionStore.update(subscription, on: connection, logger: logger)
                    try await pass.publishSubscription(subscription, step)
                }
                changed += 1
            }
        }
        return changed
    }
}
