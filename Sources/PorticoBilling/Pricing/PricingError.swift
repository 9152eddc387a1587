/// Why a price, a period or an invoice could not be computed: an invalid price book entry (naming
/// the offending field, like `meters[2].tiers[1].upTo`), mixed currencies, or an amount beyond
/// 64 bits.
struct PricingError: Error, CustomStringConvertible, Equatable {
    /// The path of the offending field within the value validated, if a field is to blame.
    let field: String?
    let problem: String

    init(_ problem: String, field: String? = nil) {
        self.problem = problem
        self.field = field
    }

    var message: String { field.map { "\($0): \(problem)" } ?? problem }
    var description: String { message }

    /// The same error seen from the value holding the one validated: `tiers[1].upTo` within
    /// `meters[2]` is `meters[2].tiers[1].upTo`.
    func within(_ parent: String) -> PricingError {
        PricingError(problem, field: field.map { "\(parent).\($0)" } ?? parent)
    }
}
