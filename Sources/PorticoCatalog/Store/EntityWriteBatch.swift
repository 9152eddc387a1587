import Foundation
import PorticoCore

/// The column arrays of one chunk of entity writes, built without touching the database so the
/// next chunk can be built while the previous one is being written.
struct EntityWriteBatch: Sendable {
    struct Item: Sendable {
        let entity: ProcessedEntity
        let uid: UUID
        /// The entity's stable ordinal (`FacetPostings`).
        let ordinal: Int64
        let isNew: Bool
    }

    var uids: [UUID] = [], ordinals: [Int64] = [], refs: [String] = [], kinds: [String] = [], namespaces: [String] = [], names: [String] = []
    var etags: [String] = [], bodies: [String] = [], hashes: [String] = [], texts: [String] = []
    // PostgresNIO binds no arrays of optionals: "" stands for none, told apart by the has… flags.
    var types: [String] = [], lifecycles: [String] = [], multiValuedKeys: [String] = []
    var hasTypes: [Bool] = [], hasLifecycles: [Bool] = []
    var searchUIDs: [UUID] = [], searchOrdinals: [Int64] = [], searchKeys: [String] = [], searchValues: [String] = [], searchOriginals: [String] = []
    var relationUIDs: [UUID] = [], relationSources: [String] = [], relationSourceRefs: [String] = [], relationTypes: [String] = []
    var relationTargets: [String] = [], relationTargetRefs: [String] = [], relationReverseTypes: [String] = []
    /// Entities written before, whose old search and relation rows must go first.
    var replacedUIDs: [UUID] = []
    private(set) var facetCounts = FacetCounts.Tally()
    private(set) var addedPostings = FacetPostings.Changes()

    init(_ items: [Item], postedKeys: PostedKeys) {
        var tally = FacetCounts.Tally()
        var postings = FacetPostings.Changes()
        for item in items { append(item, postedKeys: postedKeys, tally: &tally, postings: &postings) }
        facetCounts = tally
        addedPostings = postings
    }

    private mutating func append(_ item: Item, postedKeys: PostedKeys, tally: inout FacetCounts.Tally, postings: inout FacetPostings.Changes) {
        var entity = item.entity.entity
        let uid = item.uid
        let etag = withUnsafeBytes(of: UUID().uuid) { $0.hexEncoded }
        entity.setMetadata("uid", .string(uid.uuidString.lowercased()))
        entity.setMetadata("etag", .string(etag))
        entity.body["relations"] = nil
        entity.body["status"] = nil
        if !item.isNew { replacedUIDs.append(uid) }
        uids.append(uid)
        ordinals.append(item.ordinal)
        refs.append(item.entity.key)
        let kind = entity.kind.lowercased()
        kinds.append(kind)
        namespaces.append(entity.namespace.lowercased())
        names.append(entity.name.lowercased())
        etags.append(etag)
        bodies.append(JSONValue.object(entity.body).canonicalText)
        hashes.append(item.entity.contentHash)
        texts.append(item.entity.searchText)
        let searchRows = item.entity.searchRows
        let promoted = PromotedColumns.values(from: searchRows)
        types.append(promoted.type ?? "")
        hasTypes.append(promoted.type != nil)
        lifecycles.append(promoted.lifecycle ?? "")
        hasLifecycles.append(promoted.lifecycle != nil)
        multiValuedKeys.append(promoted.multiValuedKeys ?? "")
        tally.addPresence(of: Set(searchRows.map(\.key)))
        let bucket = FacetBuckets.Bucket(kind: kind, type: promoted.type)
        tally.addEntity(in: bucket)
        for row in searchRows {
            tally.add(row, in: bucket)
            if postedKeys.contains(row.key) { postings.add(key: row.key, originalValue: row.originalValue, ordinal: item.ordinal) }
            searchUIDs.append(uid)
            searchOrdinals.append(item.ordinal)
            searchKeys.append(row.key)
            searchValues.append(row.value)
            searchOriginals.append(row.originalValue)
        }
        for relation in Set(item.entity.relations) {
            tally.add(relation)
            relationUIDs.append(uid)
            relationSources.append(relation.source.key)
            relationSourceRefs.append(relation.source.description)
            relationTypes.append(relation.type)
            relationTargets.append(relation.target.key)
            relationTargetRefs.append(relation.target.description)
            relationReverseTypes.append(relation.reverseType)
        }
    }
}
