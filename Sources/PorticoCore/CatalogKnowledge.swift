import Foundation

/// The tenant's catalog as other modules read it without touching the catalog's tables (AiKA
/// turns every entity into knowledge and answers "who owns X" from the relations). Changes are
/// read by write time; deletions show as refs missing from `entityRefs`.
public protocol CatalogKnowledge: Sendable {
    /// Entities written at or after `since` (every entity when nil), in write order, at most `limit`,
    /// continuing after `after` when the previous page ended on that (time, ref).
    func entitiesWritten(since: Date?, after: CatalogEntityPosition?, limit: Int, tenant: TenantID) async throws -> [CatalogEntityRecord]
    /// The ref of every entity the catalog holds.
    func entityRefs(tenant: TenantID) async throws -> Set<String>
    func entityCount(tenant: TenantID) async throws -> Int
    /// The entity with this lowercased ref, nil when the catalog has none.
    func entity(_ ref: String, tenant: TenantID) async throws -> CatalogEntityHandle?
    /// Entities whose annotation `key` has one of `values` (compared lowercased), or any value when
    /// `values` is nil, with the value as written (signals ties a repository to its components).
    func entities(annotated key: String, values: [String]?, tenant: TenantID) async throws -> [AnnotatedEntity]
    /// Entities that are `type` (`ownedBy`, `partOf`) of any of `targets`, whichever side declared
    /// the relation, each with the target it relates to (an entity related to two is there twice).
    func entities(related type: String, to targets: [String], tenant: TenantID) async throws -> [RelatedEntity]
}

/// An entity as other modules key their data by it: its uid survives renames.
public struct CatalogEntityHandle: Sendable, Hashable {
    public let uid: UUID
    /// Lowercased `kind:namespace/name`.
    public let ref: String

    public init(uid: UUID, ref: String) {
        self.uid = uid
        self.ref = ref
    }
}

/// An entity with the value of one of its annotations, as written.
public struct AnnotatedEntity: Sendable, Hashable {
    public let entity: CatalogEntityHandle
    public let value: String

    public init(entity: CatalogEntityHandle, value: String) {
        self.entity = entity
        self.value = value
    }
}

/// An entity and the target of one of its relations (`ownedBy` which group).
public struct RelatedEntity: Sendable, Hashable {
    public let entity: CatalogEntityHandle
    /// Lowercased ref of the relation's target.
    public let target: String

    public init(entity: CatalogEntityHandle, target: String) {
        self.entity = entity
        self.target = target
    }
}

/// Where a page of `entitiesWritten` ended.
public struct CatalogEntityPosition: Sendable, Hashable, Codable {
    public let writtenAt: Date
    public let ref: String

    public init(writtenAt: Date, ref: String) {
        self.writtenAt = writtenAt
        self.ref = ref
    }
}

/// One entity as it is stored: its descriptor (without status and relations), a version that
/// changes with every write, and the relations it declares.
public struct CatalogEntityRecord: Sendable {
    /// Lowercased `kind:namespace/name`.
    public let ref: String
    public let etag: String
    public let writtenAt: Date
    public let descriptor: JSONValue
    public let relations: [CatalogRelation]

    public init(ref: String, etag: String, writtenAt: Date, descriptor: JSONValue, relations: [CatalogRelation]) {
        self.ref = ref
        self.etag = etag
        self.writtenAt = writtenAt
        self.descriptor = descriptor
        self.relations = relations
    }

    public var position: CatalogEntityPosition { CatalogEntityPosition(writtenAt: writtenAt, ref: ref) }
}

/// A relation an entity declares (`ownedBy group:default/payments`), with the type of the other
/// direction (`ownerOf`), so a reader can follow it both ways.
public struct CatalogRelation: Sendable, Hashable, Codable {
    public let type: String
    public let reverseType: String
    /// Lowercased target ref.
    public let target: String

    public init(type: String, reverseType: String, target: String) {
        self.type = type
        self.reverseType = reverseType
        self.target = target
    }
}

/// The catalog of a build without a catalog module: empty.
public struct NoCatalogKnowledge: CatalogKnowledge {
    public init() {}

    public func entitiesWritten(since: Date?, after: CatalogEntityPosition?, limit: Int, tenant: TenantID) async throws -> [CatalogEntityRecord] { [] }
    public func entityRefs(tenant: TenantID) async throws -> Set<String> { [] }
    public func entityCount(tenant: TenantID) async throws -> Int { 0 }
    public func entity(_ ref: String, tenant: TenantID) async throws -> CatalogEntityHandle? { nil }
    public func entities(annotated key: String, values: [String]?, tenant: TenantID) async throws -> [AnnotatedEntity] { [] }
    public func entities(related type: String, to targets: [String], tenant: TenantID) async throws -> [RelatedEntity] { [] }
}
