/// An answer without a model: the passages that match the question well, quoted with their
/// citation numbers. Confident only when the best passage holds most of what the question asks
/// about (by rarity-weighted coverage); otherwise the closest sources are offered as such.
enum ExtractiveAnswer {
    /// The share of the question's weighted words the best passage must hold to be an answer.
    /// Chosen on the evaluation corpus (`portico bench aika --verbose` prints the calibration):
    /// at 0.72 about three answerable questions in four are answered and one unanswerable in
    /// twenty is; lower thresholds answer more of both.
    static let confidentCoverage = 0.72
    static let quotedPassages = 2

    struct Result {
        let text: String
        let answered: Bool
        let cited: [RetrievedPassage]
    }

    static func isConfident(_ passages: [RetrievedPassage]) -> Bool {
        guard let best = passages.first else { return false }
        return best.coverage >= confidentCoverage
    }

    static func answer(from passages: [RetrievedPassage]) -> Result {
        guard isConfident(passages) else {
            let closest = Array(passages.prefix(3))
            let text = closest.isEmpty
                ? "I could not find anything about this in your catalog or documents."
                : "I could not find a confident answer in your catalog or documents. The closest sources are cited below."
            return Result(text: text, answered: false, cited: closest)
        }
        let best = passages[0]
        let quoted = passages.prefix(quotedPassages).filter { $0 == best || $0.coverage >= confidentCoverage }
        let text = quoted.enumerated().map { index, passage in
            "From \(passage.title) (\(passage.heading)): \"\(passage.snippet)\" [\(index + 1)]"
        }.joined(separator: "\n\n")
        return Result(text: text, answered: true, cited: quoted)
    }
}
