import Foundation

/// Splits long text into pieces of at most `maximumCharacters`, at line breaks where it can, so
/// a passage never has to be cut mid-line unless one line is longer than a passage.
enum TextPieces {
    static func split(_ text: String, maximumCharacters: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current.count + line.count + 1 > maximumCharacters, !current.isEmpty {
                pieces.append(current)
                current = ""
            }
            var remainder = Substring(line)
            while remainder.count > maximumCharacters {
                pieces.append(String(remainder.prefix(maximumCharacters)))
                remainder = remainder.dropFirst(maximumCharacters)
            }
            current += current.isEmpty ? String(remainder) : "\n" + remainder
        }
        if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { pieces.append(current) }
        return pieces
    }
}
