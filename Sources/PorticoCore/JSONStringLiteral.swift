/// A string written as a JSON string literal: `"`, `\` and control characters escaped (the short
/// forms where JSON has them, `\u00XX` otherwise), everything else as it is — what PostgreSQL's
/// JSON output and Portico's canonical JSON both write. By hand, because `JSONEncoder` costs
/// microseconds per string where hundreds are written per response.
public enum JSONStringLiteral {
    public static func append(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x08: appendEscape("\\b", to: &bytes)
            case 0x0c: appendEscape("\\f", to: &bytes)
            case 0x0a: appendEscape("\\n", to: &bytes)
            case 0x0d: appendEscape("\\r", to: &bytes)
            case 0x09: appendEscape("\\t", to: &bytes)
            case 0x00..<0x20:
                appendEscape("\\u00", to: &bytes)
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0x0f))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ ascii: StaticString, to bytes: inout [UInt8]) {
        ascii.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
