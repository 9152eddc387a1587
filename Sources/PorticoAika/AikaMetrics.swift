import Metrics

/// What operators watch of AiKA on `/metrics`: questions by how they were answered, how long
/// retrieval and answering took, model fallbacks by reason, and indexing work.
enum AikaMetrics {
    static let retrieval = Metrics.Timer(label: "portico_aika_retrieval_seconds")
    static let answering = Metrics.Timer(label: "portico_aika_answer_seconds")
    static let indexedSources = Counter(label: "portico_aika_indexed_sources_total")
    static let embeddedPassages = Counter(label: "portico_aika_embedded_passages_total")

    static func question(_ answer: AskAnswer) {
        Counter(label: "portico_aika_questions_total", dimensions: [("mode", answer.mode.rawValue), ("answered", "\(answer.answered)")])
            .increment()
        if answer.mode == .fallback {
            let reason = answer.modelProblem?.hasPrefix("rate_limited") == true ? "rate_limited" : "model_failed"
            Counter(label: "portico_aika_model_fallbacks_total", dimensions: [("reason", reason)]).increment()
        }
    }
}
