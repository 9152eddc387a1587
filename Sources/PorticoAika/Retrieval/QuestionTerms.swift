/// The content words of a question as the index spells them (stemmed lexemes), each weighted by
/// how rare it is among the tenant's passages, so "retention" outweighs "service".
struct QuestionTerms: Sendable, Equatable {
    struct Term: Sendable, Equatable {
        let lexeme: String
        let documentFrequency: Int
        let weight: Double
    }

    static let maximumTerms = 24
    /// Words of asking, not of the subject ("how long", "how many", "can someone tell me"): an
    /// answer rarely contains them, so they must not count against a passage that answers. As
    /// the english configuration stems them.
    static let askingWords: Set<String> = [
        "long", "mani", "much", "often", "get", "use", "need", "happen", "way", "know", "tell", "anyon", "someon",
        "someth", "pleas", "thank", "exact", "actual", "current", "usual", "typic", "possibl", "ok", "okay", "hey", "hi",
        "anybodi", "somebodi", "want", "like", "find", "go", "say", "mean", "els",
    ]

    let terms: [Term]
    let passageCount: Int

    init(lexemes: [(String, Int)], passageCount: Int) {
        let total = Double(max(passageCount, 1))
        self.passageCount = passageCount
        terms = lexemes
            .filter { !Self.askingWords.contains($0.0) }
            .map { lexeme, frequency in
                let df = Double(frequency)
                return Term(lexeme: lexeme, documentFrequency: frequency, weight: log(1 + (total - df + 0.5) / (df + 0.5)))
            }
            .sorted { $0.weight > $1.weight }
            .prefix(Self.maximumTerms)
            .map { $0 }
    }

    var totalWeight: Double { terms.reduce(0) { $0 + $1.weight } }

    /// Terms found nowhere cannot be matched; ranking uses those that can.
    var searchable: [Term] { terms.filter { $0.documentFrequency > 0 } }
}

import Foundation
