/// A corpus page reduced to what synthetic pages are made of: its title, and per `##` section its
/// heading and its sentences of prose (code, tables, HTML and sub-headings left out, so each made
/// section is one passage of known size).
struct AikaPageTemplate: Sendable {
    struct Section: Sendable {
        let heading: String
        let sentences: [String]
    }

    let title: String
    let sections: [Section]
    /// Every section's sentences, to fill a section longer than its own.
    let sentences: [String]

    init(_ document: AikaDocument) {
        title = document.title
        var sections: [Section] = []
        var heading = "Overview", sentences: [String] = [], inCode = false
        for line in document.body.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inCode.toggle(); continue }
            guard !inCode else { continue }
            if line.hasPrefix("## ") {
                if !sentences.isEmpty { sections.append(Section(heading: heading, sentences: sentences)) }
                heading = String(line.dropFirst(3))
                sentences = []
            } else if !line.hasPrefix("#"), !line.hasPrefix("|"), !line.contains("<"), line.count < 400 {
                sentences += Self.sentences(of: line)
            }
        }
        if !sentences.isEmpty { sections.append(Section(heading: heading, sentences: sentences)) }
        self.sections = sections
        self.sentences = sections.flatMap(\.sentences)
    }

    /// A line of prose cut after each full stop, list markers dropped.
    private static func sentences(of line: Substring) -> [String] {
        let text = line.drop { "-*0123456789. ".contains($0) }
        return text.split(separator: ". ").map { String($0) + ($0.hasSuffix(".") ? "" : ".") }.filter { $0.count > 12 }
    }
}
