import PorticoCore

/// An event's attributes or extra context as the JSON text that is stored and fingerprinted: no
/// whitespace, keys sorted by their UTF-8 bytes, whole numbers below 10^15 without a fraction,
/// other numbers as Swift writes a `Double` (less a trailing `.0`), only `"`, `\` and control
/// characters escaped. This is byte for byte what the sorted-keys `JSONEncoder` (`JSONEncoder.portico`)
/// wrote for a `[String: JSONValue]` when the fingerprints now stored were made, so retries of
/// those events still match them; written by hand because the encoder cost more than the rest of
/// an event's validation.
struct CanonicalJSON {
    private(set) var bytes: [UInt8] = []
    /// PostgreSQL's jsonb refuses the NUL character even escaped.
    private(set) var holdsNUL = false

    init(_ object: [String: JSONValue]) {
        bytes.reserveCapacity(64)
        write(object)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let number): write(number)
        case .string(let string): write(string)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object): write(object)
        }
    }

    private mutating func write(_ object: [String: JSONValue]) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for (key, value) in object.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            write(key)
            bytes.append(UInt8(ascii: ":"))
            write(value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func write(_ number: Double) {
        if let whole = number.wholeNumber {
            append(String(whole))
            return
        }
        let text = String(number)
        append(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    private mutating func write(_ string: String) {
        holdsNUL = holdsNUL || string.utf8.contains(0)
        JSONStringLiteral.append(string, to: &bytes)
    }

    private mutating func append(_ ascii: String) {
        bytes.append(contentsOf: ascii.utf8)
    }
}
