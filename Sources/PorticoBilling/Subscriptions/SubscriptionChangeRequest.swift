import PorticoCore
import PorticoGateway

/// `POST /v1/billing/subscription`: a plan change (`{"plan": "enterprise"}`: an upgrade at once,
/// prorated to the second; a downgrade at the period's end), a cancellation
/// (`{"cancel": "at_period_end" | "now"}`), or taking back a cancellation at the period's end
/// (`{"cancel": "none"}`).
struct SubscriptionChangeRequest: Decodable, Sendable {
    enum Cancellation: String, Decodable, Sendable {
        case atPeriodEnd = "at_period_end"
        case now
        case none
    }

    let plan: String?
    let cancel: Cancellation?

    enum CodingKeys: String, CodingKey, CaseIterable { case plan, cancel }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plan = try container.decodeIfPresent(String.self, forKey: .plan)
        let cancel = try container.decodeIfPresent(String.self, forKey: .cancel)
        guard let cancel else { self.cancel = nil; return }
        guard let parsed = Cancellation(rawValue: cancel) else {
            throw PorticoError.validation("'cancel' must be 'at_period_end', 'now' or 'none'.", field: "cancel")
        }
        self.cancel = parsed
    }

    enum Change {
        case plan(PlanID)
        case cancel(Cancellation)
    }

    func validated() throws -> Change {
        switch (plan, cancel) {
        case (let plan?, nil):
            guard let known = Plan.named(plan) else { throw PorticoError.validation("Unknown plan; use one of \(Plan.names).", field: "plan") }
            return .plan(known.id)
        case (nil, let cancel?):
            return .cancel(cancel)
        case (nil, nil):
            throw PorticoError.validation("Give 'plan' to change plans or 'cancel' to cancel.", field: "plan")
        case (_?, _?):
            throw PorticoError.validation("Give either 'plan' or 'cancel', not both.", field: "cancel")
        }
    }
}
