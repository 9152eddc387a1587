/// The first pass over a document: line breaks become `\n` and control characters go (a NUL or an
/// escape sequence is never content, and some stores and terminals choke on them), as does a
/// leading byte order mark. Tabs stay. Works on the UTF-8 bytes, removing whole characters only.
enum ControlCharacters {
    static func removed(from text: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var bytes = text.utf8[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var previous: UInt8 = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            let next = bytes.index(after: index)
            switch byte {
            case UInt8(ascii: "\n") where previous == UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "\r"):
                result.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "\n"), UInt8(ascii: "\t"):
                result.append(byte)
            case 0..<0x20, 0x7F:
                break
            // U+0080...U+009F, the other control characters, are 0xC2 0x80...0x9F.
            case 0xC2 where next < bytes.endIndex && (0x80...0x9F).contains(bytes[next]):
                index = bytes.index(after: next)
                previous = byte
                continue
            default:
                result.append(byte)
            }
            previous = byte
            index = next
        }
        return result
    }
}
