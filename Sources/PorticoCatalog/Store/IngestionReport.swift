/// What a write did.
public struct IngestionReport: Sendable, Encodable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var removed = 0
    public var conflicts: [Conflict] = []
    public var errors: [ItemError] = []

    public struct Conflict: Sendable, Encodable {
        public let entityRef: String
        public let ownedBy: String
    }

    public struct ItemError: Sendable, Encodable {
        public let index: Int
        public let entityRef: String?
        public let field: String
        public let message: String
    }

    public init() {}
}
