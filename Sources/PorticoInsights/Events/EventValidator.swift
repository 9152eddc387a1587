import Crypto
import Foundation
import PorticoCore

/// The checks each event passes before it is stored; a failing event is rejected with a reason and
/// the rest of its batch is still taken.
struct EventValidator {
    static let maximumFuture: TimeInterval = 5 * 60
    static let maximumAge: TimeInterval = 35 * 86_400
    static let maximumAttributesBytes = 4_096
    static let maximumContextBytes = 2_048

    /// Longest text per field, in characters.
    static let maximumLengths: [(field: String, length: Int, value: @Sendable (IncomingEvent) -> String?)] = [
        ("id", 128, { $0.id }),
        ("user", 255, { $0.user }),
        ("action", 64, { $0.action }),
        ("subject", 1_024, { $0.subject }),
        ("context.pluginId", 128, { $0.context.pluginId }),
        ("context.routeRef", 255, { $0.context.routeRef }),
        ("context.extension", 255, { $0.context.extension }),
        ("context.extensionId", 255, { $0.context.extensionId }),
        ("context.entityRef", 255, { $0.context.entityRef }),
    ]

    let now: Date

    init(now: Date) {
        self.now = now
    }

    func validate(_ event: IncomingEvent) throws(EventRejection) -> ValidEvent {
        for (field, length, value) in Self.maximumLengths {
            guard let text = value(event) else { continue }
            if text.utf8.contains(0) {
                throw EventRejection(code: .invalidEvent, detail: "'\(field)' holds a NUL character.")
            }
            // Counting characters walks grapheme clusters; bytes are an upper bound and cheap.
            if text.utf8.count > length, text.count > length {
                throw EventRejection(code: .fieldTooLong, detail: "'\(field)' is longer than \(length) characters.")
            }
        }
        if event.id.isEmpty { throw EventRejection(code: .invalidEvent, detail: "'id' must not be empty.") }
        if event.action.isEmpty { throw EventRejection(code: .invalidEvent, detail: "'action' must not be empty.") }
        if event.context.pluginId.isEmpty {
            throw EventRejection(code: .invalidEvent, detail: "'context.pluginId' must not be empty.")
        }
        if let value = event.value, !value.isFinite {
            throw EventRejection(code: .invalidEvent, detail: "'value' must be a finite number.")
        }
        guard Self.isEntityRef(event.user) else {
            throw EventRejection(code: .invalidUser, detail: "'user' must be a user entity ref such as 'user:default/ana'.")
        }
        let occurredAt = try occurrence(of: event)
        let attributes = try encoded(event.attributes, field: "attributes", limit: Self.maximumAttributesBytes)
        let context = try encoded(event.context.others.isEmpty ? nil : event.context.others, field: "context", limit: Self.maximumContextBytes)
        return ValidEvent(
            key: Self.key(of: event.id), fingerprint: Self.fingerprint(of: event, attributes: attributes, context: context),
            occurredAt: occurredAt,
            userRef: event.user.lowercased(), action: event.action, subject: event.subject, value: event.value,
            pluginId: event.context.pluginId, routeRef: event.context.routeRef, entityRef: event.context.entityRef?.lowercased(),
            extension: event.context.extension ?? event.context.extensionId, attributes: attributes, context: context)
    }

    private func occurrence(of event: IncomingEvent) throws(EventRejection) -> Date {
        guard let date = EventTimestamp.parse(event.timestamp) else {
            throw EventRejection(code: .invalidTimestamp, detail: "'timestamp' must be an ISO 8601 date-time such as 2026-11-02T10:00:00.000Z.")
        }
        if date.timeIntervalSince(now) > Self.maximumFuture {
            throw EventRejection(code: .timestampInFuture, detail: "'timestamp' is more than 5 minutes ahead of the server's clock.")
        }
        if now.timeIntervalSince(date) > Self.maximumAge {
            throw EventRejection(code: .timestampTooOld, detail: "'timestamp' is more than 35 days old.")
        }
        return date
    }

    private func encoded(_ values: [String: JSONValue]?, field: String, limit: Int) throws(EventRejection) -> String? {
        guard let values else { return nil }
        let json = CanonicalJSON(values)
        guard json.bytes.count <= limit else {
            throw EventRejection(code: .attributesTooLarge, detail: "'\(field)' takes more than \(limit) bytes as JSON.")
        }
        guard !json.holdsNUL else {
            throw EventRejection(code: .invalidEvent, detail: "'\(field)' holds a NUL character.")
        }
        return json.text
    }

    /// A hash of everything the client sent, field by field with their lengths (so no two events
    /// hash alike by shifting text between fields); attributes and context as canonical JSON.
    static func fingerprint(of event: IncomingEvent, attributes: String?, context: String?) -> Int64 {
        // Gathered into one buffer and hashed once: a hasher update per field cost more than the hash.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        func append(_ field: String?) {
            guard let field else {
                bytes.append(0xff)
                return
            }
            withUnsafeBytes(of: UInt32(field.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: field.utf8)
        }
        let named = event.context
        append(event.id); append(event.timestamp); append(event.user); append(event.action); append(event.subject)
        append(event.value.map { String($0) }); append(attributes)
        append(named.pluginId); append(named.routeRef); append(named.extension); append(named.extensionId); append(named.entityRef)
        append(context)
        return SHA256.hash(data: bytes).withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
    }

    /// The stored key of a client's event id: the same id always gives the same key.
    static func key(of id: String) -> UUID {
        var hasher = SHA256()
        var id = id
        id.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        let digest = hasher.finalize()
        return digest.withUnsafeBytes { bytes in
            UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                        bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        }
    }

    /// `kind:namespace/name`, as Backstage's user refs are written.
    static func isEntityRef(_ text: String) -> Bool {
        let bytes = text.utf8
        // Character properties come from Unicode tables (the costliest check of an event); in
        // ASCII text each byte is one character and whitespace is a handful of bytes.
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return isEntityRef(characters: text) }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
              let slash = bytes[colon...].firstIndex(of: UInt8(ascii: "/")) else { return false }
        let name = bytes[bytes.index(after: slash)...]
        return colon > bytes.startIndex && bytes.index(after: colon) < slash && !name.isEmpty
            && !name.contains(UInt8(ascii: "/")) && !bytes.contains(where: { $0 == UInt8(ascii: " ") || (0x09...0x0d).contains($0) })
    }

    private static func isEntityRef(characters text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), let slash = text[colon...].firstIndex(of: "/") else { return false }
        let kind = text[..<colon], namespace = text[text.index(after: colon)..<slash], name = text[text.index(after: slash)...]
        return !kind.isEmpty && !namespace.isEmpty && !name.isEmpty
            && !name.contains("/") && !text.contains(where: { $0.isWhitespace || $0.isNewline })
    }
}
