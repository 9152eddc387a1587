import Foundation
import PorticoCore
import PorticoSeam

/// What the operator configures for billing: how often periods are closed, how long drafts wait
/// for late usage, payment terms and dunning, trials, and who issues the invoices.
public struct BillingSettings: Sendable {
    /// How often the billing run looks for periods that ended, trials that ended and unpaid invoices.
    public let runInterval: Duration
    /// How long an invoice stays a draft after its period ended, taking late usage in.
    public let draftGrace: Duration
    /// Days from finalization until an invoice is due.
    public let paymentTermsDays: Int
    /// Days a subscription may stay `past_due` before its tenant is suspended.
    public let dunningGraceDays: Int
    /// Days a public sign-up for a paid plan is on trial.
    public let trialDays: Int
    /// Names the issuer in invoice numbers (`PORTICO-000042`); numbers run per issuer without gaps.
    public let issuer: String
    /// How long one webhook delivery may take before it counts as failed.
    public let webhookDeliveryTimeout: Duration

    public static let descriptions: [SettingDescription] = [
        .init(key: "runIntervalSeconds", defaultValue: "60",
              meaning: "how often the billing run closes ended periods, ends trials and checks unpaid invoices (5-3600 s)"),
        .init(key: "draftGraceMinutes", defaultValue: "60",
              meaning: "how long an invoice stays a draft after its period ended, so late usage still lands on it (0-4320 minutes)"),
        .init(key: "paymentTermsDays", defaultValue: "14",
              meaning: "days from an invoice's finalization to its due date; unpaid after it, the subscription is past_due (0-90)"),
        .init(key: "dunningGraceDays", defaultValue: "14",
              meaning: "days a subscription may stay past_due before its tenant is suspended (0-90)"),
        .init(key: "trialDays", defaultValue: "14",
              meaning: "days a public sign-up for a paid plan is on trial (1-90)"),
        .init(key: "issuer", defaultValue: "PORTICO",
              meaning: "the issuer prefix of invoice numbers (PORTICO-000001); numbers are sequential per issuer without gaps (A-Z, 0-9, 2-12 characters)"),
        .init(key: "webhookTimeoutSeconds", defaultValue: "10",
              meaning: "how long one webhook delivery may take before it counts as failed and is retried (1-60 s)"),
    ]

    static func read(_ reader: SettingsReader) -> BillingSettings {
        let issuer: String = reader.parse("issuer", placeholder: "PORTICO") { raw in
            guard (2...12).contains(raw.count), raw.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
                throw SettingsReader.Problem("must be 2-12 characters of A-Z and 0-9")
            }
            return raw
        }
        return BillingSettings(
            runInterval: .seconds(reader.integer("runIntervalSeconds", in: 5...3_600)),
            draftGrace: .seconds(60 * reader.integer("draftGraceMinutes", in: 0...4_320)),
            paymentTermsDays: reader.integer("paymentTermsDays", in: 0...90),
            dunningGraceDays: reader.integer("dunningGraceDays", in: 0...90),
            trialDays: reader.integer("trialDays", in: 1...90),
            issuer: issuer,
            webhookDeliveryTimeout: .seconds(reader.integer("webhookTimeoutSeconds", in: 1...60)))
    }
}
