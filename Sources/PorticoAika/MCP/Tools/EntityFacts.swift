/// An entity as `get_entity` shows it: AiKA's stored source for it, its own relations (the
/// reverse entries kept for lookups left out), and its first passages; an API's long
/// definition is cut short so it does not flood the agent's context.
struct EntityFacts: Sendable, Encodable {
    struct Relation: Sendable, Encodable {
        let type: String
        let target: String
    }

    struct Passage: Sendable, Encodable {
        let heading: String
        let body: String
    }

    static let maximumPassages = 10

    let ref: String
    let title: String
    let url: String?
    let ownerRef: String?
    let relations: [Relation]
    let passages: [Passage]
    /// How many passages were left out.
    let morePassages: Int

    init(_ source: KnowledgeSource) {
        ref = source.entityRef ?? source.id
        title = source.title
        url = source.url
        ownerRef = source.ownerRef
        relations = source.relations.compactMap { entry in
            guard !entry.hasPrefix("~"), let space = entry.firstIndex(of: " ") else { return nil }
            return Relation(type: String(entry[..<space]), target: String(entry[entry.index(after: space)...]))
        }
        passages = source.passages.prefix(Self.maximumPassages).map { Passage(heading: $0.heading, body: $0.body) }
        morePassages = source.passages.count - passages.count
    }

    var text: String {
        var lines = ["\(title) (\(ref))"]
        if let url { lines.append("Page: \(url)") }
        if let ownerRef { lines.append("Owner: \(ownerRef)") }
        if !relations.isEmpty { lines.append("Relations:\n" + relations.map { "- \($0.type) \($0.target)" }.joined(separator: "\n")) }
        lines += passages.map { "## \($0.heading)\n\($0.body)" }
        if morePassages > 0 { lines.append("(\(morePassages) more passages not shown.)") }
        return lines.joined(separator: "\n\n")
    }
}
