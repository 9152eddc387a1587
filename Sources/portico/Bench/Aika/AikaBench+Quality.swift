import AsyncHTTPClient
import Foundation

/// The corpus in one tenant, every question of it asked over loopback HTTP and scored.
extension AikaBench {
    static var entityRefPattern: Regex<Substring> { /[a-z0-9-]+:[a-z0-9-]+\/[a-z0-9._-]+/ }

    func measureQuality(client: HTTPClient) async throws {
        let tenant = try await makeAikaTenant("quality")
        let synced = try await loadCatalog(into: tenant, client: client)
        try await pushDocuments(corpus.documents, provider: "aika-bench", clients: 1, to: tenant, client: client)
        let passages = try await passageCounts(of: tenant)
        report("quality corpus: \(corpus.entities.count) entities (sync read \(synced.read), indexed \(synced.indexed)) = \(passages["catalog"] ?? 0) passages,"
               + " \(corpus.documents.count) documents = \(passages["pushed"] ?? 0) passages, \(corpus.questions.count) questions")

        var score = AikaQualityScore()
        for question in corpus.questions {
            switch question.kind {
            case .document: try await scoreDocumentQuestion(question, score: &score, tenant: tenant, client: client)
            case .catalog: try await scoreCatalogQuestion(question, score: &score, tenant: tenant, client: client)
            case .unanswerable: try await scoreUnanswerable(question, score: &score, tenant: tenant, client: client)
            }
        }
        for line in score.summary { report(line) }
        if verbose { for line in score.calibration + score.misses { report(line) } }
    }

    private func scoreDocumentQuestion(_ question: AikaQuestion, score: inout AikaQualityScore, tenant: AikaTenant, client: HTTPClient) async throws {
        let expected = question.expected ?? []
        let isHit = { (found: Found) in expected.contains { $0.sourceId == found.sourceId && $0.heading == found.heading } }
        let topFive = try await search(question.question, limit: 5, tenant: tenant, client: client)
        let topTen = try await search(question.question, limit: 10, tenant: tenant, client: client)
        let answer = try await ask(question.question, tenant: tenant, client: client)
        let hit = topFive.contains(where: isHit)
        let documentHit = topFive.contains { found in expected.contains { $0.sourceId == found.sourceId } }
        let rank = topTen.firstIndex(where: isHit).map { $0 + 1 }
        let citedExpected = answer.answered && answer.citations.contains(where: isHit)
        score.recall.count(hit)
        score.documentRecall.count(documentHit)
        score.reciprocalRanks.append(rank.map { 1 / Double($0) } ?? 0)
        score.documentAnswered.count(answer.answered)
        score.documentCitedExpected.count(citedExpected)
        if rank == 1, let relevance = topFive.first?.relevance { score.answerableRelevance.append(relevance) }

        let missed = [("recall@5", hit), ("doc-recall@5", documentHit), ("answered", answer.answered), ("cited-expected", citedExpected)]
            .filter { !$0.1 }.map(\.0)
        guard !missed.isEmpty else { return }
        let top = topTen.prefix(3).enumerated().map { "\($0.offset + 1). \($0.element.label)" }.joined(separator: "; ")
        score.misses.append("miss [\(missed.joined(separator: " "))] \(question.id) \"\(question.question)\""
            + " | expected: \(expected.map(\.description).joined(separator: " or "))"
            + " | first hit at rank \(rank.map { "\($0)" } ?? "none in 10") | top 3: \(top)"
            + " | ask: answered=\(answer.answered) mode=\(answer.mode) cited: \(answer.citations.prefix(3).map(\.label).joined(separator: "; "))")
    }

    private func scoreCatalogQuestion(_ question: AikaQuestion, score: inout AikaQualityScore, tenant: AikaTenant, client: HTTPClient) async throws {
        let answer = try await ask(question.question, tenant: tenant, client: client)
        let named = Set(answer.answer.matches(of: Self.entityRefPattern).map { String($0.output) })
        let expected = Set(question.entities ?? [])
        let exact = answer.mode == "catalog" && named == expected
        score.catalogExact.count(exact)
        score.catalogAnswered.count(answer.answered)
        let missed = [("catalog-exact", exact), ("answered", answer.answered)].filter { !$0.1 }.map(\.0)
        guard !missed.isEmpty else { return }
        score.misses.append("miss [\(missed.joined(separator: " "))] \(question.id) \"\(question.question)\""
            + " | expected: \(expected.sorted().joined(separator: ", ")) | ask: answered=\(answer.answered) mode=\(answer.mode)"
            + " named: \(named.sorted().joined(separator: ", ")) | answer: \(Self.excerpt(answer.answer))")
    }

    private func scoreUnanswerable(_ question: AikaQuestion, score: inout AikaQualityScore, tenant: AikaTenant, client: HTTPClient) async throws {
        let answer = try await ask(question.question, tenant: tenant, client: client)
        score.falseAnswers.count(answer.answered)
        let first = try await search(question.question, limit: 1, tenant: tenant, client: client).first
        score.unanswerableRelevance.append(first?.relevance ?? 0)
        guard answer.answered else { return }
        score.misses.append("miss [false-answer] \(question.id) \"\(question.question)\" | ask: mode=\(answer.mode)"
            + " cited: \(answer.citations.prefix(3).map(\.label).joined(separator: "; ")) | answer: \(Self.excerpt(answer.answer))")
    }

    /// The start of an answer, on one line.
    static func excerpt(_ text: String, characters: Int = 160) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > characters ? String(line.prefix(characters)) + "…" : line
    }
}
