/// A section's text cut into passages of at most `maximum` characters (Unicode scalars): at the
/// last paragraph break that leaves a passage at least half full, else the last sentence end, else
/// the last space, else exactly at the limit. Each passage after the first repeats up to `overlap`
/// characters of the one before, starting at a sentence or word, so an answer that straddles a cut
/// is still found whole in one of them. Every step looks at O(maximum) characters and advances by
/// at least `maximum / 4`, so the whole is linear in the text.
struct Passages: Sequence, IteratorProtocol {
    private let scalars: [Unicode.Scalar]
    private let maximum: Int
    private let overlap: Int
    private var start = 0

    init(_ text: String, maximum: Int, overlap: Int) {
        scalars = Array(text.unicodeScalars)
        self.maximum = Swift.max(maximum, 1)
        self.overlap = Swift.min(Swift.max(overlap, 0), self.maximum / 4)
    }

    mutating func next() -> String? {
        while start < scalars.count, Self.isWhitespace(scalars[start]) { start += 1 }
        guard start < scalars.count else { return nil }
        guard scalars.count - start > maximum else {
            defer { start = scalars.count }
            return passage(start..<scalars.count)
        }
        let cut = cut(after: start)
        defer { start = resumption(before: cut) }
        return passage(start..<cut)
    }

    /// Where the passage that begins at `start` ends.
    private func cut(after start: Int) -> Int {
        let candidates = (start + maximum / 2 + 1...start + maximum).reversed()
        let paragraphBreak = candidates.first { scalars[$0] == "\n" && $0 + 1 < scalars.count && scalars[$0 + 1] == "\n" }
        let sentenceEnd = { candidates.first { scalars[$0] == "\n" || (Self.isWhitespace(scalars[$0]) && Self.endsSentence(scalars[$0 - 1])) } }
        let space = { candidates.first { Self.isWhitespace(scalars[$0]) } }
        return paragraphBreak ?? sentenceEnd() ?? space() ?? start + maximum
    }

    /// Where the passage after a cut at `cut` begins: the earliest sentence start within the
    /// overlap, else the earliest word start, else exactly `overlap` back.
    private func resumption(before cut: Int) -> Int {
        guard overlap > 0 else { return cut }
        let window = (cut - overlap)..<cut
        let sentenceStart = window.first { $0 >= 2 && Self.isWhitespace(scalars[$0 - 1]) && !Self.isWhitespace(scalars[$0])
            && (scalars[$0 - 1] == "\n" || Self.endsSentence(scalars[$0 - 2])) }
        let wordStart = { window.first { Self.isWhitespace(scalars[$0 - 1]) && !Self.isWhitespace(scalars[$0]) } }
        return sentenceStart ?? wordStart() ?? window.lowerBound
    }

    private func passage(_ range: Range<Int>) -> String {
        var end = range.upperBound
        while end > range.lowerBound, Self.isWhitespace(scalars[end - 1]) { end -= 1 }
        // Through UTF-8 bytes: several times faster than appending scalars to a String one by one.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(end - range.lowerBound)
        for scalar in scalars[range.lowerBound..<end] { UTF8.encode(scalar) { utf8.append($0) } }
        return String(decoding: utf8, as: UTF8.self)
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || scalar == "\n" || scalar == "\t" : scalar.properties.isWhitespace
    }

    private static func endsSentence(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "!" || scalar == "?" || scalar == "。"
    }
}
