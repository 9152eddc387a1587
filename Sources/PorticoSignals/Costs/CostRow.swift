import Foundation
import PorticoCore

/// One cost row in the FinOps FOCUS columns, checked: amounts are plain non-negative decimals,
/// the period a real range, the currency an ISO 4217 code.
struct CostRow: Sendable {
    static let columns = ["ChargePeriodStart", "ChargePeriodEnd", "BilledCost", "EffectiveCost", "BillingCurrency", "ServiceName", "ResourceId", "Tags"]
    static let required: Set<String> = ["ChargePeriodStart", "ChargePeriodEnd", "BilledCost", "EffectiveCost", "BillingCurrency", "ServiceName"]

    let periodStart: Date
    let periodEnd: Date
    /// Decimal text as sent, stored as a JSON number (exact).
    let billedCost: String
    let effectiveCost: String
    let currency: String
    let service: String
    let resource: String
    let tags: [String: String]

    /// The idempotency key within the period: a row pushed again replaces itself.
    var key: String { SignalKey.join(service, resource, periodEnd.formatted(.iso8601)) }

    /// - Parameters:
    ///   - values: the row's fields by FOCUS column name (absent or empty: null).
    ///   - field: how errors name the row (`rows[3]`).
    init(_ values: [String: String], field: String) throws {
        func text(_ column: String) throws -> String {
            guard let value = values[column], !value.isEmpty else {
                throw PorticoError.validation("\(field): '\(column)' is required.", field: "\(field).\(column)")
            }
            guard value.count <= 1_024 else {
                throw PorticoError.validation("\(field): '\(column)' is longer than 1024 characters.", field: "\(field).\(column)")
            }
            return value
        }
        func date(_ column: String) throws -> Date {
            let value = try text(column)
            guard let date = ProviderDate.parse(value) else {
                throw PorticoError.validation("\(field): '\(column)' must be an ISO 8601 timestamp, not '\(value.prefix(40))'.", field: "\(field).\(column)")
            }
            return date
        }
        func amount(_ column: String) throws -> String {
            let value = try text(column)
            guard Self.isDecimal(value) else {
                throw PorticoError.validation("\(field): '\(column)' must be a number, not '\(value.prefix(40))'.", field: "\(field).\(column)")
            }
            guard !value.hasPrefix("-") || Double(value) == 0 else {
                throw PorticoError.validation("\(field): '\(column)' must not be negative (\(value)); send credits as their own rows in a later period.", field: "\(field).\(column)")
            }
            return value
        }
        periodStart = try date("ChargePeriodStart")
        periodEnd = try date("ChargePeriodEnd")
        guard periodEnd > periodStart else {
            throw PorticoError.validation("\(field): 'ChargePeriodEnd' must be after 'ChargePeriodStart'.", field: "\(field).ChargePeriodEnd")
        }
        billedCost = try amount("BilledCost")
        effectiveCost = try amount("EffectiveCost")
        let currency = try text("BillingCurrency")
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw PorticoError.validation("\(field): 'BillingCurrency' must be a three-letter ISO 4217 code.", field: "\(field).BillingCurrency")
        }
        self.currency = currency.uppercased()
        service = try text("ServiceName")
        resource = values["ResourceId"] ?? ""
        tags = try Self.tags(values["Tags"], field: "\(field).Tags")
    }

    /// FOCUS `Tags`: a JSON object of string values (other values are kept as their JSON text).
    private static func tags(_ text: String?, field: String) throws -> [String: String] {
        guard let text, !text.isEmpty else { return [:] }
        guard let object = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object(let members) = object else {
            throw PorticoError.validation("'Tags' must be a JSON object such as {\"backstage-entity\": \"component:default/payments\"}.", field: field)
        }
        var tags: [String: String] = [:]
        for (key, value) in members {
            if case .string(let string) = value { tags[key] = string }
        }
        return tags
    }

    /// `12`, `0.5`, `1.25e3`: what JSON and PostgreSQL's numeric both read exactly.
    static func isDecimal(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let first = index
        let whole = digits()
        // JSON has no leading zeros, and amounts are stored as JSON numbers.
        guard whole > 0, whole <= 30, whole == 1 || bytes[first] != UInt8(ascii: "0") else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponent = digits()
            guard exponent > 0, exponent <= 2 else { return false }
        }
        return index == bytes.count
    }
}
