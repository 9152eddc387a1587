extension JSONScanner {
    /// The number at `-` or a digit, in RFC 8259's grammar (no leading zeros, `+`, `.5`, `NaN`);
    /// nil when it is valid JSON but no finite `Double` (`1e400`, or `1e-400`, which is not zero).
    mutating func readNumber() throws(JSONSyntaxError) -> Double? {
        let start = offset
        var index = start
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.count, let first = Self.digit(bytes[index]) else {
            throw JSONSyntaxError(reason: "A number without digits", offset: index)
        }
        var integer: UInt64 = 0
        var integerDigits = 0
        var nonZero = first != 0
        index += 1
        if first == 0 {
            if index < bytes.count, Self.digit(bytes[index]) != nil {
                throw JSONSyntaxError(reason: "A number with a leading zero", offset: start)
            }
        } else {
            integer = UInt64(first)
            integerDigits = 1
            while index < bytes.count, let digit = Self.digit(bytes[index]) {
                // Past 15 digits the text goes to the general conversion below; this stops growing.
                if integerDigits < 16 { integer = integer * 10 + UInt64(digit) }
                integerDigits += 1
                index += 1
            }
        }
        var whole = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            whole = false
            index += 1
            guard index < bytes.count, Self.digit(bytes[index]) != nil else {
                throw JSONSyntaxError(reason: "A number without digits after its '.'", offset: index)
            }
            while index < bytes.count, let digit = Self.digit(bytes[index]) {
                nonZero = nonZero || digit != 0
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            whole = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.digit(bytes[index]) != nil else {
                throw JSONSyntaxError(reason: "A number without digits in its exponent", offset: index)
            }
            while index < bytes.count, Self.digit(bytes[index]) != nil { index += 1 }
        }
        advance(by: index - start)
        // Up to 15 digits a whole number is exact in a Double; anything else is converted with
        // correct rounding, as Foundation's decoder does.
        if whole, integerDigits <= 15 {
            let value = Double(integer)
            return negative ? -value : value
        }
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)),
              value.isFinite, value != 0 || !nonZero
        else { return nil }
        return value
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : nil
    }
}
