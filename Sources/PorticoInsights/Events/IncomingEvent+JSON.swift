import PorticoCore

extension IncomingEvent {
    /// Reads the event at the scanner. Text that is not JSON throws (the whole batch is refused);
    /// JSON that is not an event comes back as its rejection, the scanner past it. A repeated key
    /// keeps its first value, as Foundation's decoder did when the stored fingerprints were made.
    static func read(from scanner: inout JSONScanner) throws(JSONSyntaxError) -> Result<IncomingEvent, EventRejection> {
        guard try scanner.peek() == UInt8(ascii: "{") else {
            let value = try scanner.readValue()
            return .failure(.invalidEvent("An event must be an object, not \(value.typeName)."))
        }
        var fields: [String: JSONValue] = [:]
        fields.reserveCapacity(8)
        var unknown: String?
        var outOfRange: String?
        try scanner.beginObject()
        var index = 0
        while let key = try scanner.nextKey(index: index) {
            index += 1
            let unrepresentable = scanner.unrepresentableNumbers
            let value = try scanner.readValue()
            if scanner.unrepresentableNumbers != unrepresentable, outOfRange == nil { outOfRange = key }
            guard fields[key] == nil else { continue }
            if !Self.fields.contains(key), unknown.map({ key < $0 }) ?? true { unknown = key }
            fields[key] = value
        }
        do throws(EventRejection) {
            // The smallest unknown key is named, so the answer does not depend on the client's key order.
            if let unknown {
                throw .invalidEvent("Unknown field '\(unknown)'; expected \(Self.fields.sorted().joined(separator: ", ")).")
            }
            if let outOfRange { throw .invalidEvent("'\(outOfRange)' holds a number too large or too small for a double.") }
            return .success(IncomingEvent(
                id: try required(fields["id"], "id"), timestamp: try required(fields["timestamp"], "timestamp"),
                user: try required(fields["user"], "user"), action: try required(fields["action"], "action"),
                subject: try required(fields["subject"], "subject"), value: try number(fields["value"], "value"),
                attributes: try object(fields["attributes"], "attributes"), context: try context(fields["context"])))
        } catch {
            return .failure(error)
        }
    }

    private static func context(_ value: JSONValue?) throws(EventRejection) -> IncomingEventContext {
        guard var others = try object(value, "context") else { throw .invalidEvent("'context' is required.") }
        let pluginId = try optional(others.removeValue(forKey: "pluginId"), "context.pluginId")
        guard let pluginId else { throw .invalidEvent("'context.pluginId' is required.") }
        return IncomingEventContext(
            pluginId: pluginId,
            routeRef: try optional(others.removeValue(forKey: "routeRef"), "context.routeRef"),
            extension: try optional(others.removeValue(forKey: "extension"), "context.extension"),
            extensionId: try optional(others.removeValue(forKey: "extensionId"), "context.extensionId"),
            entityRef: try optional(others.removeValue(forKey: "entityRef"), "context.entityRef"),
            others: others)
    }

    private static func required(_ value: JSONValue?, _ field: String) throws(EventRejection) -> String {
        guard let text = try optional(value, field) else { throw .invalidEvent("'\(field)' is required.") }
        return text
    }

    /// Null stands for a field left out.
    private static func optional(_ value: JSONValue?, _ field: String) throws(EventRejection) -> String? {
        switch value {
        case nil, .null: return nil
        case .string(let text): return text
        case let other?: throw .invalidEvent("'\(field)' must be a string, not \(other.typeName).")
        }
    }

    private static func number(_ value: JSONValue?, _ field: String) throws(EventRejection) -> Double? {
        switch value {
        case nil, .null: return nil
        case .number(let number): return number
        case let other?: throw .invalidEvent("'\(field)' must be a number, not \(other.typeName).")
        }
    }

    private static func object(_ value: JSONValue?, _ field: String) throws(EventRejection) -> [String: JSONValue]? {
        switch value {
        case nil, .null: return nil
        case .object(let object): return object
        case let other?: throw .invalidEvent("'\(field)' must be an object, not \(other.typeName).")
        }
    }
}

extension EventRejection {
    static func invalidEvent(_ detail: String) -> EventRejection {
        EventRejection(code: .invalidEvent, detail: detail)
    }
}
