import Testing
@testable import PorticoAika

/// Which passages a ranking reads, from the question's words and their document frequencies.
@Suite struct AikaCandidateTests {
    static func terms(_ frequencies: [(String, Int)]) -> QuestionTerms {
        QuestionTerms(lexemes: frequencies, passageCount: 50_000)
    }

    @Test func theRarestWordsWithinTheBudgetAreRead() {
        let picked = LexicalSearch.candidates(Self.terms([("servic", 20_000), ("kafka", 300), ("retent", 900), ("team", 15_000)]))
        #expect(picked.query == "'kafka' | 'retent'")
        #expect(picked.limit == nil)
    }

    @Test func aQuestionOfCommonWordsReadsThePassagesHoldingItsTwoRarest() {
        let picked = LexicalSearch.candidates(Self.terms([("deploy", 2_500), ("servic", 20_000)]))
        #expect(picked.query == "'deploy' & 'servic'")
        #expect(picked.limit == LexicalSearch.candidateBudget)
    }

    @Test func wordsFoundNowhereAreNotSearched() {
        let picked = LexicalSearch.candidates(Self.terms([("lisbon", 0), ("oncal", 40)]))
        #expect(picked.query == "'oncal'")
    }
}
