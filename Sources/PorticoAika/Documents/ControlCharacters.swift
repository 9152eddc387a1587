/// The first pass over a document: line breaks become `\n` and control characters go (a NUL or an
/// escape sequence is never content, and some stores and terminals choke on them). Tabs stay.
enum ControlCharacters {
    static func removed(from text: String) -> String {
        var result = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\n":
                if !previousWasCarriageReturn { result.append("\n") }
            case "\r":
                result.append("\n")
            case "\t":
                result.append(scalar)
            case "\u{FEFF}" where offset == 0:
                continue
            default:
                // Unicode's control characters (category Cc) are exactly these two ranges.
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                result.append(scalar)
            }
        }
        return String(result)
    }
}
