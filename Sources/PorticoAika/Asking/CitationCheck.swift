/// Whether a model's answer is grounded: every paragraph that says something cites at least one
/// of the passages it was given (`[n]`), no citation names a passage it was not given, and the
/// answer is not the prompt's "I don't know".
enum CitationCheck {
    struct Verdict: Equatable {
        let grounded: Bool
        /// The passage numbers cited (1-based).
        let cited: Set<Int>
    }

    static func check(_ answer: String, passages: Int) -> Verdict {
        let text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !isUnknown(text) else { return Verdict(grounded: false, cited: []) }
        var cited = Set<Int>()
        var everyParagraphCites = true
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let numbers = citations(in: paragraph)
            if numbers.contains(where: { !(1...max(passages, 1)).contains($0) }) || passages == 0 {
                return Verdict(grounded: false, cited: cited)
            }
            cited.formUnion(numbers)
            let saysSomething = paragraph.contains { $0.isLetter }
            if saysSomething && numbers.isEmpty && !isHeadingOrLeadIn(paragraph) { everyParagraphCites = false }
        }
        return Verdict(grounded: everyParagraphCites && !cited.isEmpty, cited: cited)
    }

    /// The numbers in `[1]`, `[2][3]` and `[1, 2]`.
    static func citations(in text: Substring) -> [Int] {
        var numbers: [Int] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "[") {
            guard let close = text[open...].firstIndex(of: "]") else { break }
            let inside = text[text.index(after: open)..<close]
            let parts = inside.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) && $0.count <= 3 }) {
                numbers += parts.compactMap { Int($0) }
            }
            index = text.index(after: close)
        }
        return numbers
    }

    private static func isUnknown(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("i don't know") || lowered.hasPrefix("i do not know") || lowered.hasPrefix("i don’t know")
    }

    /// "Here is what the docs say:" introduces cited lines without claiming anything itself.
    private static func isHeadingOrLeadIn(_ paragraph: Substring) -> Bool {
        let trimmed = paragraph.trimmingCharacters(in: .whitespaces)
        return trimmed.hasSuffix(":") || trimmed.hasPrefix("#")
    }
}
