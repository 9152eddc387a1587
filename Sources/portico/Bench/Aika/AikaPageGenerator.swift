import Foundation
import PorticoAika

/// Synthetic documentation pages made from the corpus' pages: each page takes a template's title
/// and sections and fills each section with 1,000-1,500 characters of the template's sentences,
/// its numbers changed, its entity names turned into the page's own variant (`route-optimizer` →
/// `route-optimizer-zufe`), and about one word in seven replaced by a Zipf-drawn word.
struct AikaPageGenerator: Sendable {
    static let variantSyllables = ["zu", "fe", "gy", "no", "ja", "wi", "hu", "ce", "vo", "bi", "ze", "yo", "da", "ki", "ru", "mo"]

    private let templates: [AikaPageTemplate]
    private let names: Set<String>
    private let vocabulary: AikaVocabulary
    private var random: SeededRandom
    private var made = 0

    init(corpus: AikaCorpus, seed: UInt64) {
        templates = corpus.documents.map(AikaPageTemplate.init).filter { $0.sections.count >= 2 }
        names = Set(corpus.entities.compactMap { $0["metadata"]?["name"]?.stringValue })
        vocabulary = AikaVocabulary(corpus: corpus, coined: 30_000)
        random = SeededRandom(seed: seed)
    }

    /// The word page `index` is named by (in its title, so in every passage's heading) and its
    /// entity names end with: in no other page of the tenant.
    static func variant(_ index: Int) -> String {
        AikaVocabulary.coined(index, syllables: variantSyllables)
    }

    /// Pages until they hold at least `passages` passages as AiKA's chunker cuts them.
    mutating func pages(passages: Int, prefix: String) throws -> [AikaDocument] {
        var pages: [AikaDocument] = [], total = 0
        while total < passages {
            let page = nextPage(prefix: prefix)
            total += try MarkdownChunker().chunks(title: page.title, markdown: page.body).count
            pages.append(page)
        }
        return pages
    }

    private mutating func nextPage(prefix: String) -> AikaDocument {
        let index = made
        made += 1
        let template = templates[random.next(templates.count)]
        let variant = Self.variant(index)
        let title = "\(template.title) (\(variant))"
        var body = "# \(title)\n"
        for _ in 0..<(4 + random.next(4)) {
            let section = template.sections[random.next(template.sections.count)]
            body += "\n## \(section.heading)\n\n" + sectionText(section, of: template, variant: variant) + "\n"
        }
        return AikaDocument(
            id: "\(prefix)-\(index)", title: title, url: "https://docs.bench.example/\(prefix)/\(index)", entityRef: nil, body: body)
    }

    /// The section's own sentences in order, then the rest of the page's in a random order, so a
    /// short section is not one sentence repeated.
    private mutating func sectionText(_ section: AikaPageTemplate.Section, of template: AikaPageTemplate, variant: String) -> String {
        var others = template.sentences
        for index in others.indices.reversed() { others.swapAt(index, random.next(index + 1)) }
        let sentences = section.sentences + others
        let length = 1_000 + random.next(500)
        var text = "", count = 0
        while text.count < length {
            let words = sentences[count % sentences.count].split(separator: " ").map { varied($0, variant: variant) }
            text += (count > 0 ? (count % 4 == 0 ? "\n\n" : " ") : "") + words.joined(separator: " ")
            count += 1
        }
        guard text.count > 1_500 else { return text }
        let cut = text.prefix(1_500)
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + "."
    }

    private mutating func varied(_ word: Substring, variant: String) -> String {
        let bare = word.trimmingCharacters(in: .punctuationCharacters.union(.symbols))
        if names.contains(bare) { return word.replacingOccurrences(of: bare, with: "\(bare)-\(variant)") }
        if bare.allSatisfy(\.isNumber), !bare.isEmpty, random.next(2) == 0 {
            return word.replacingOccurrences(of: bare, with: String(random.next(Int(pow(10, Double(min(bare.count, 6)))))))
        }
        guard bare.count >= 4, bare.allSatisfy(\.isLetter), random.next(7) == 0 else { return String(word) }
        return word.replacingOccurrences(of: bare, with: vocabulary.draw(&random))
    }
}
