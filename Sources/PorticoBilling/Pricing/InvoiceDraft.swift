/// An invoice as computed, before it is numbered and stored.
struct InvoiceDraft: Sendable, Equatable {
    let currency: Currency
    let lines: [InvoiceLine]
    let subtotal: Int64
    let tax: Int64
    let total: Int64
    /// The quantity billed for every meter the usage price lists (0 for one without usage), the
    /// base later adjustments of the period are computed from.
    let billedUsage: [String: Int64]
}
