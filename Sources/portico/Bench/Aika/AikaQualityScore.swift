import Foundation

/// A share of questions, printed with its counts: `recall@5 0.91 (93/102)`.
struct AikaRate {
    private(set) var hits = 0
    private(set) var total = 0

    mutating func count(_ hit: Bool) {
        total += 1
        if hit { hits += 1 }
    }

    var value: Double { total == 0 ? 0 : Double(hits) / Double(total) }

    func line(_ label: String) -> String {
        String(format: "%@ %.2f (%d/%d)", label, value, hits, total)
    }
}

/// The corpus' questions scored: retrieval of the expected passages, answers of each kind.
struct AikaQualityScore {
    var recall = AikaRate()
    var documentRecall = AikaRate()
    var reciprocalRanks: [Double] = []
    var documentAnswered = AikaRate()
    var documentCitedExpected = AikaRate()
    var catalogExact = AikaRate()
    var catalogAnswered = AikaRate()
    var falseAnswers = AikaRate()
    /// The relevance of the first search result: of document questions whose first result is an
    /// expected passage, and of unanswerable questions. Where the two overlap is what any
    /// confidence threshold on relevance must trade.
    var answerableRelevance: [Double] = []
    var unanswerableRelevance: [Double] = []
    /// One line per question that missed anything, for `--verbose`.
    var misses: [String] = []

    static let recallGoal = 0.90
    static let falseAnswerGoal = 0.05

    var meanReciprocalRank: Double { reciprocalRanks.isEmpty ? 0 : reciprocalRanks.reduce(0, +) / Double(reciprocalRanks.count) }

    var summary: [String] {
        [
            recall.line("document questions: recall@5") + Self.verdict(recall.value >= Self.recallGoal, goal: "≥ 0.90 lexical-only"),
            documentRecall.line("document questions: document-level recall@5"),
            String(format: "document questions: MRR@10 %.3f (%d questions)", meanReciprocalRank, reciprocalRanks.count),
            documentAnswered.line("document questions: answered"),
            documentCitedExpected.line("document questions: answered citing an expected passage"),
            catalogExact.line("catalog questions: exact (mode catalog, the same set of refs)"),
            catalogAnswered.line("catalog questions: answered"),
            falseAnswers.line("unanswerable questions: false answers")
                + Self.verdict(falseAnswers.value <= Self.falseAnswerGoal, goal: "≤ 0.05"),
        ]
    }

    /// For thresholds on the first result's relevance: the share of answerable questions that
    /// would be answered and of unanswerable ones that would be answered falsely.
    var calibration: [String] {
        stride(from: 0.50, through: 0.95, by: 0.05).map { threshold in
            let answered = answerableRelevance.filter { $0 >= threshold - 1e-9 }.count
            let falsely = unanswerableRelevance.filter { $0 >= threshold - 1e-9 }.count
            return String(format: "calibration: relevance ≥ %.2f answers %d/%d answerable (first result expected), %d/%d unanswerable",
                          threshold, answered, answerableRelevance.count, falsely, unanswerableRelevance.count)
        }
    }

    private static func verdict(_ met: Bool, goal: String) -> String {
        " | goal \(goal): \(met ? "met" : "MISSED")"
    }
}
