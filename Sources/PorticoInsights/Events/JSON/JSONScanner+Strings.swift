extension JSONScanner {
    /// The string at the opening quote, escapes decoded. Text that is not UTF-8, raw control
    /// characters and lone surrogates are refused, as RFC 8259 and Foundation's decoder do.
    mutating func readString() throws(JSONSyntaxError) -> String {
        let start = offset + 1
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                let text = try Self.utf8(UnsafeBufferPointer(rebasing: bytes[start..<index]), at: start)
                advance(by: index + 1 - offset)
                return text
            case UInt8(ascii: "\\"):
                return try readEscapedString(from: start, firstEscape: index)
            case 0x00..<0x20:
                throw JSONSyntaxError(reason: "A control character not escaped in a string", offset: index)
            default:
                index += 1
            }
        }
        throw JSONSyntaxError(reason: "A string without its closing quote", offset: start - 1)
    }

    private mutating func readEscapedString(from start: Int, firstEscape: Int) throws(JSONSyntaxError) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(firstEscape - start + 16)
        text.append(contentsOf: bytes[start..<firstEscape])
        var index = firstEscape
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let string = try Self.utf8(text, at: start)
                advance(by: index + 1 - offset)
                return string
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { break }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(bytes[index + 1])
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0c)
                case UInt8(ascii: "n"): text.append(0x0a)
                case UInt8(ascii: "r"): text.append(0x0d)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    let (scalar, length) = try unicodeEscape(at: index)
                    UTF8.encode(scalar) { text.append($0) }
                    index += length
                    continue
                default:
                    throw JSONSyntaxError(reason: "An unknown escape in a string", offset: index)
                }
                index += 2
            case 0x00..<0x20:
                throw JSONSyntaxError(reason: "A control character not escaped in a string", offset: index)
            default:
                text.append(byte)
                index += 1
            }
        }
        throw JSONSyntaxError(reason: "A string without its closing quote", offset: start - 1)
    }

    /// `\uXXXX` at `index`, or a surrogate pair of two: the scalar and the bytes it took.
    private func unicodeEscape(at index: Int) throws(JSONSyntaxError) -> (Unicode.Scalar, Int) {
        let unit = try hex4(at: index + 2)
        switch unit {
        case 0xd800...0xdbff:
            guard index + 7 < bytes.count, bytes[index + 6] == UInt8(ascii: "\\"), bytes[index + 7] == UInt8(ascii: "u"),
                  case let low = try hex4(at: index + 8), (0xdc00...0xdfff).contains(low),
                  let scalar = Unicode.Scalar(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00))
            else { throw JSONSyntaxError(reason: "A high surrogate escape without its low surrogate", offset: index) }
            return (scalar, 12)
        case 0xdc00...0xdfff:
            throw JSONSyntaxError(reason: "A low surrogate escape without its high surrogate", offset: index)
        default:
            guard let scalar = Unicode.Scalar(unit) else { throw JSONSyntaxError(reason: "An invalid \\u escape", offset: index) }
            return (scalar, 6)
        }
    }

    private func hex4(at index: Int) throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw JSONSyntaxError(reason: "A \\u escape cut short", offset: index) }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError(reason: "A \\u escape with a character that is not a hex digit", offset: index)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private static func utf8(_ bytes: some Collection<UInt8>, at offset: Int) throws(JSONSyntaxError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw JSONSyntaxError(reason: "A string that is not UTF-8", offset: offset)
        }
        return text
    }
}
