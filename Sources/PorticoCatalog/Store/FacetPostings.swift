import NIOCore

/// Postings of the kept search keys (migration 0013): for each (key, written value) the ordinals of
/// the entities holding it, cut into segments of 65,536 ordinals (16,384 read 1.5–3× slower: more
/// rows per facet), kept in `facet_counts` rows under `postingKey` as the entities' offsets within
/// the segment, two bytes each, big-endian, ascending. Every entity has a stable ordinal
/// (`entities.ordinal`, copied onto its search rows).
///
/// Facets of kept keys under a filter that neither the whole-catalog counts nor the bucket counts
/// answer (`metadata.labels.tier=1`, an annotation's existence, an owner) take each condition's
/// matches as ordinals (a kept key's from its postings, another's from one range of the search
/// index), combine them in memory, read the facet
/// keys' postings of the segments the matches fall in, and count: the work follows the postings'
/// bytes (two per row of the key) instead of joining every row of the facet key with the matches.
///
/// The writer keeps them in step with the search rows, in the same transaction, under the tenant's
/// catalog write lock: a write's removed and added ordinals are applied to each touched row once.
enum FacetPostings {
    static let segmentBits = 16
    static let segmentSize = 1 << segmentBits
    /// The last ordinal handed out, in `count`.
    static let ordinalsKey = "(ordinals)"
    private static let postingPrefix = "(postings)" + FacetBuckets.separator

    static func segment(of ordinal: Int64) -> Int64 { ordinal >> Int64(segmentBits) }
    static func offset(of ordinal: Int64) -> Int { Int(ordinal & Int64(segmentSize - 1)) }

    /// The `facet_counts` key of a kept key's postings in one segment.
    static func postingKey(_ key: String, segment: Int64) -> String {
        postingPrefix + key + FacetBuckets.separator + String(segment)
    }

    /// One posting row: a kept key's written value in one segment. Equal byte for byte, as
    /// PostgreSQL compares the row's key (Swift's `String` compares by canonical equivalence, which
    /// would merge two written forms the database keeps apart).
    struct Posting: Hashable, Sendable {
        let key: String
        let originalValue: String
        let segment: Int64

        var rowKey: String { FacetPostings.postingKey(key, segment: segment) }

        static func == (left: Posting, right: Posting) -> Bool {
            left.segment == right.segment && left.key.utf8.elementsEqual(right.key.utf8)
                && left.originalValue.utf8.elementsEqual(right.originalValue.utf8)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(segment)
            for var text in [key, originalValue] {
                text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
                hasher.combine(0xFF as UInt8)  // never in UTF-8: ends each string
            }
        }
    }

    /// Ordinals a write adds to and removes from posting rows.
    struct Changes: Sendable {
        private var added: [Posting: [UInt16]] = [:]
        private var removed: [Posting: [UInt16]] = [:]

        var isEmpty: Bool { added.isEmpty && removed.isEmpty }
        var postings: Set<Posting> { Set(added.keys).union(removed.keys) }

        mutating func add(key: String, originalValue: String, ordinal: Int64) {
            added[Posting(key: key, originalValue: originalValue, segment: segment(of: ordinal)), default: []].append(UInt16(offset(of: ordinal)))
        }

        /// Another write's changes added to these (of distinct entities).
        mutating func add(_ other: Changes) {
            added.merge(other.added, uniquingKeysWith: +)
            removed.merge(other.removed, uniquingKeysWith: +)
        }

        mutating func remove(key: String, originalValue: String, ordinal: Int64) {
            removed[Posting(key: key, originalValue: originalValue, segment: segment(of: ordinal)), default: []].append(UInt16(offset(of: ordinal)))
        }

        /// A row's offsets after this write: removals first (they concern the entities' old rows), then
        /// additions. New entities' ordinals come after every stored one, so a row only added to is
        /// appended to without being decoded.
        func applied(to posting: Posting, stored: ByteBuffer?) -> ByteBuffer {
            let adding = (added[posting] ?? []).sorted()
            if removed[posting] == nil, var appended = stored, let last = FacetPostings.lastOffset(in: appended),
               let first = adding.first, first > last {
                appended.writeBytes(FacetPostings.bytes(of: adding).readableBytesView)
                return appended
            }
            return FacetPostings.bytes(of: merged(stored.map(FacetPostings.offsets(in:)) ?? [], posting: posting, adding: adding))
        }

        private func merged(_ stored: [UInt16], posting: Posting, adding: [UInt16]) -> [UInt16] {
            var offsets = stored
            if let removed = removed[posting] {
                let gone = Set(removed)
                offsets.removeAll { gone.contains($0) }
            }
            offsets += adding
            offsets.sort()
            // An entity is added to a row once per write; one replaced keeps its ordinal and may be added back.
            return offsets.isEmpty ? [] : offsets.indices.compactMap { $0 > 0 && offsets[$0] == offsets[$0 - 1] ? nil : offsets[$0] }
        }
    }

    static func offsets(in bytes: ByteBuffer) -> [UInt16] {
        bytes.withUnsafeReadableBytes { raw in
            (0..<(raw.count / 2)).map { UInt16(raw[2 * $0]) << 8 | UInt16(raw[2 * $0 + 1]) }
        }
    }

    static func lastOffset(in bytes: ByteBuffer) -> UInt16? {
        bytes.readableBytes >= 2 ? bytes.getInteger(at: bytes.readerIndex + bytes.readableBytes - 2, as: UInt16.self) : nil
    }

    static func bytes(of offsets: [UInt16]) -> ByteBuffer {
        var bytes = ByteBuffer()
        bytes.reserveCapacity(offsets.count * 2)
        for offset in offsets { bytes.writeInteger(offset) }
        return bytes
    }

    /// A set of entity ordinals (those meeting a filter), one bitset per segment holding any.
    struct Members: Equatable {
        private var words: [Int64: [UInt64]] = [:]
        private static let wordsPerSegment = FacetPostings.segmentSize / 64

        init() {}

        /// Ordinals as eight big-endian bytes each (`int8send`).
        init(ordinalBytes: ByteBuffer) {
            var bytes = ordinalBytes
            while let ordinal = bytes.readInteger(as: Int64.self) { insert(ordinal) }
        }

        init<Ordinals: Sequence<Int64>>(_ ordinals: Ordinals) {
            for ordinal in ordinals { insert(ordinal) }
        }

        private mutating func insert(_ ordinal: Int64) {
            insert(offset: FacetPostings.offset(of: ordinal), in: FacetPostings.segment(of: ordinal))
        }

        private mutating func insert(offset: Int, in segment: Int64) {
            words[segment, default: Array(repeating: 0, count: Self.wordsPerSegment)][offset >> 6] |= 1 << UInt64(offset & 63)
        }

        /// Adds a posting row's entities.
        mutating func formUnion(offsetBytes: ByteBuffer, in segment: Int64) {
            var bytes = offsetBytes
            while let offset = bytes.readInteger(as: UInt16.self) { insert(offset: Int(offset), in: segment) }
        }

        var segments: [Int64] { Array(words.keys) }
        var isEmpty: Bool { words.isEmpty }
        var count: Int { words.values.reduce(0) { total, words in words.reduce(total) { $0 + $1.nonzeroBitCount } } }

        func intersection(_ other: Members) -> Members {
            var result = Members()
            for (segment, mine) in words {
                guard let theirs = other.words[segment] else { continue }
                let both = zip(mine, theirs).map { $0 & $1 }
                if both.contains(where: { $0 != 0 }) { result.words[segment] = both }
            }
            return result
        }

        func union(_ other: Members) -> Members {
            var result = self
            for (segment, theirs) in other.words {
                guard let mine = result.words[segment] else { result.words[segment] = theirs; continue }
                result.words[segment] = zip(mine, theirs).map { $0 | $1 }
            }
            return result
        }

        /// How many of a posting row's entities (its offsets' bytes) are members.
        func count(offsetBytes: ByteBuffer, in segment: Int64) -> Int {
            guard let words = words[segment] else { return 0 }
            var bytes = offsetBytes
            var count = 0
            while let offset = bytes.readInteger(as: UInt16.self) {
                if words[Int(offset) >> 6] & (1 << UInt64(offset & 63)) != 0 { count += 1 }
            }
            return count
        }
    }
}
