import Foundation

/// The operator's billing settings as the run applies them.
struct BillingPolicy: Sendable {
    let draftGrace: TimeInterval
    let paymentTerms: TimeInterval
    let dunningGrace: TimeInterval
    let trialLength: TimeInterval
    let issuer: String
    /// Why billing suspends a tenant; only a suspension for this reason is lifted on payment.
    static let suspensionReason = "billing: invoice unpaid past the dunning grace"

    init(_ settings: BillingSettings) {
        draftGrace = TimeInterval(settings.draftGrace.components.seconds)
        paymentTerms = TimeInterval(settings.paymentTermsDays * 86_400)
        dunningGrace = TimeInterval(settings.dunningGraceDays * 86_400)
        trialLength = TimeInterval(settings.trialDays * 86_400)
        issuer = settings.issuer
    }
}
