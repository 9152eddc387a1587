/// Words drawn with Zipf-like frequencies (the word of rank r with weight 1/r): the corpus' own
/// words, most frequent first, then coined words as the long tail a large tenant's docs have
/// (names of systems, jargon), so some terms are in most passages and most terms in few.
struct AikaVocabulary: Sendable {
    let words: [String]
    private let cumulative: [Double]

    init(corpus: AikaCorpus, coined: Int) {
        var counts: [String: Int] = [:]
        for document in corpus.documents {
            for word in document.body.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count >= 3 {
                counts[String(word), default: 0] += 1
            }
        }
        let ranked = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        words = ranked + (0..<coined).map { Self.coined($0) }
        var total = 0.0
        cumulative = words.indices.map { rank in
            total += 1 / Double(rank + 1)
            return total
        }
    }

    func draw(_ random: inout SeededRandom) -> String {
        let target = Double(random.next(1 << 30)) / Double(1 << 30) * (cumulative.last ?? 0)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return words[low]
    }

    /// A made-up word for `index` (distinct for each index), pronounceable so it reads as a name.
    static func coined(_ index: Int, syllables: [String] = ["ka", "lo", "ri", "ven", "tor", "mi", "sa", "dun", "pe", "xo", "lin", "bra", "quo", "el", "an", "us"]) -> String {
        var word = "", rest = index
        repeat {
            word += syllables[rest % syllables.count]
            rest /= syllables.count
        } while rest > 0
        return word + (word.count < 5 ? "th" : "")
    }
}
