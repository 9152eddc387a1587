/// The content words of a question as the index spells them (stemmed lexemes), each weighted by
/// how rare it is among the tenant's passages, so "retention" outweighs "service".
struct QuestionTerms: Sendable, Equatable {
    struct Term: Sendable, Equatable {
        let lexeme: String
        let documentFrequency: Int
        let weight: Double
    }

    static let maximumTerms = 24

    let terms: [Term]
    let passageCount: Int

    init(lexemes: [(String, Int)], passageCount: Int) {
        let total = Double(max(passageCount, 1))
        self.passageCount = passageCount
        terms = lexemes
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
