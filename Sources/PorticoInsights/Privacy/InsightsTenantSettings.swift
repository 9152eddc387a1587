import Foundation
import PorticoCore

/// What a tenant chose for Insights, and the secret its user refs are pseudonymized with.
struct InsightsTenantSettings: Sendable {
    static let defaultRetentionMonths = 13

    let pseudonyms: PseudonymKey
    /// Store user refs as they are (for per-user drill-down) instead of pseudonyms.
    var keepUserRefs: Bool
    var retentionMonths: Int
    /// The seats the tenant pays for; adoption is measured against them when set, else against
    /// the catalog's User entities.
    var licensedSeats: Int?

    var view: InsightsSettingsView {
        InsightsSettingsView(keepUserRefs: keepUserRefs, retentionMonths: retentionMonths, licensedSeats: licensedSeats)
    }

    /// How a user is stored and counted: a pseudonym (`p:` and 32 hex digits of an HMAC of the
    /// lowercased ref with the tenant's secret) unless the tenant keeps refs. The same ref always
    /// gives the same key, so users are counted without storing who they are.
    func userKey(for ref: String) -> String {
        keepUserRefs ? ref.lowercased() : pseudonyms.pseudonym(for: ref)
    }

    /// Every key the user's events may be stored under, whatever this setting was when they came:
    /// the pseudonym and the ref.
    func allUserKeys(for ref: String) -> [String] {
        [pseudonyms.pseudonym(for: ref), ref.lowercased()]
    }
}

/// The settings as the API shows and takes them (the secret never leaves the server).
struct InsightsSettingsView: Codable, Sendable, Equatable {
    let keepUserRefs: Bool
    let retentionMonths: Int
    let licensedSeats: Int?
}
