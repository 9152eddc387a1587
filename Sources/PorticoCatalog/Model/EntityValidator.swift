import PorticoCore

/// Backstage's rules for entity envelopes and metadata, and per-kind spec checks for the
/// `backstage.io` kinds. Kinds of other API groups are accepted with envelope checks only.
public enum EntityValidator {
    public static let builtinKinds: Set<String> = [
        "component", "api", "resource", "system", "domain", "group", "user", "location", "template",
    ]

    /// Checks the entity and returns it normalised (namespace defaulted).
    public static func validate(_ raw: JSONValue) throws(EntityProblem) -> Entity {
        guard case .object(var body) = raw else {
            throw EntityProblem(field: "entity", message: "must be an object, not \(raw.typeName)")
        }
        if let path = raw.pathOfUnstorableText() {
            throw EntityProblem.unstorableText(at: path)
        }
        guard let apiVersion = body["apiVersion"]?.stringValue else {
            throw EntityProblem(field: "apiVersion", message: body["apiVersion"] == nil ? "is required" : "must be a string")
        }
        guard matches(apiVersion, pattern: .apiVersion) else {
            throw EntityProblem(field: "apiVersion", message: "'\(apiVersion)' is not like group/version (e.g. backstage.io/v1alpha1)")
        }
        guard let kind = body["kind"]?.stringValue else {
            throw EntityProblem(field: "kind", message: body["kind"] == nil ? "is required" : "must be a string")
        }
        guard kind.count <= 63, matches(kind, pattern: .kind) else {
            throw EntityProblem(field: "kind", message: "'\(kind.prefix(80))' must be 1-63 letters and digits, starting with a letter")
        }
        guard case .object(var metadata)? = body["metadata"] else {
            throw EntityProblem(field: "metadata", message: body["metadata"] == nil ? "is required" : "must be an object")
        }
        try validateMetadata(metadata)
        if metadata["namespace"] == nil { metadata["namespace"] = .string(EntityRef.defaultNamespace) }
        body["metadata"] = .object(metadata)
        if let spec = body["spec"], spec.objectValue == nil {
            throw EntityProblem(field: "spec", message: "must be an object, not \(spec.typeName)")
        }
        let entity = Entity(body: body)
        if apiVersion.hasPrefix("backstage.io/") || apiVersion.hasPrefix("scaffolder.backstage.io/") {
            try validateBuiltinSpec(entity)
        }
        return entity
    }

    static func validateMetadata(_ metadata: [String: JSONValue]) throws(EntityProblem) {
        guard let name = metadata["name"]?.stringValue else {
            throw EntityProblem(field: "metadata.name", message: metadata["name"] == nil ? "is required" : "must be a string")
        }
        guard name.count <= 63, matches(name, pattern: .name) else {
            throw EntityProblem(field: "metadata.name",
                                message: "'\(name.prefix(80))' must be 1-63 characters of [a-zA-Z0-9-_.], starting and ending with a letter or digit")
        }
        if let namespace = metadata["namespace"] {
            guard let text = namespace.stringValue, text.count <= 63, matches(text, pattern: .dnsLabel) else {
                throw EntityProblem(field: "metadata.namespace", message: "must be 1-63 characters of [a-z0-9-] (a DNS label)")
            }
        }
        for key in ["title", "description"] {
            if let value = metadata[key], value.stringValue == nil {
                throw EntityProblem(field: "metadata.\(key)", message: "must be a string, not \(value.typeName)")
            }
        }
        if let labels = metadata["labels"] {
            guard let object = labels.objectValue else { throw EntityProblem(field: "metadata.labels", message: "must be an object") }
            for (key, value) in object {
                try validateKey(key, field: "metadata.labels")
                guard let text = value.stringValue, text.count <= 63, text.isEmpty || matches(text, pattern: .name) else {
                    throw EntityProblem(field: "metadata.labels.\(key)", message: "must be a string of up to 63 characters of [a-zA-Z0-9-_.]")
                }
            }
        }
        if let annotations = metadata["annotations"] {
            guard let object = annotations.objectValue else { throw EntityProblem(field: "metadata.annotations", message: "must be an object") }
            for (key, value) in object {
                try validateKey(key, field: "metadata.annotations")
                guard value.stringValue != nil else {
                    throw EntityProblem(field: "metadata.annotations.\(key)", message: "must be a string, not \(value.typeName)")
                }
            }
        }
        if let tags = metadata["tags"] {
            guard let array = tags.arrayValue else { throw EntityProblem(field: "metadata.tags", message: "must be an array") }
            for (index, tag) in array.enumerated() {
                guard let text = tag.stringValue, (1...63).contains(text.count), matches(text, pattern: .tag) else {
                    throw EntityProblem(field: "metadata.tags[\(index)]", message: "must be 1-63 characters of [a-z0-9:+#] separated by '-'")
                }
            }
        }
        if let links = metadata["links"] {
            guard let array = links.arrayValue else { throw EntityProblem(field: "metadata.links", message: "must be an array") }
            for (index, link) in array.enumerated() {
                guard let object = link.objectValue else {
                    throw EntityProblem(field: "metadata.links[\(index)]", message: "must be an object")
                }
                guard let url = object["url"]?.stringValue, !url.isEmpty else {
                    throw EntityProblem(field: "metadata.links[\(index)].url", message: "is required and must be a string")
                }
                for key in ["title", "icon", "type"] where object[key] != nil && object[key]?.stringValue == nil {
                    throw EntityProblem(field: "metadata.links[\(index)].\(key)", message: "must be a string")
                }
            }
        }
    }

    /// Label and annotation keys: `[prefix/]name`, the prefix a DNS subdomain.
    static func validateKey(_ key: String, field: String) throws(EntityProblem) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        let valid: Bool
        switch parts.count {
        case 1: valid = parts[0].count <= 63 && matches(String(parts[0]), pattern: .name)
        case 2:
            valid = parts[0].count <= 253 && matches(String(parts[0]), pattern: .dnsSubdomain)
                && parts[1].count <= 63 && matches(String(parts[1]), pattern: .name)
        default: valid = false
        }
        guard valid else { throw EntityProblem(field: "\(field).\(key.prefix(80))", message: "is not a valid key ([prefix/]name)") }
    }

    /// Fields in the order they are checked (and so reported).
    struct SpecRule {
        let required: KeyValuePairs<String, SpecType>
        let optional: KeyValuePairs<String, SpecType>
    }

    enum SpecType {
        case string
        case stringArray
        case object
        case any
    }

    static let specRules: [String: SpecRule] = [
        "component": SpecRule(
            required: ["type": .string, "lifecycle": .string, "owner": .string],
            optional: ["system": .string, "subcomponentOf": .string, "providesApis": .stringArray, "consumesApis": .stringArray,
                       "dependsOn": .stringArray, "dependencyOf": .stringArray]),
        "api": SpecRule(
            required: ["type": .string, "lifecycle": .string, "owner": .string, "definition": .string],
            optional: ["system": .string]),
        "resource": SpecRule(
            required: ["type": .string, "owner": .string],
            optional: ["system": .string, "dependsOn": .stringArray, "dependencyOf": .stringArray]),
        "system": SpecRule(required: ["owner": .string], optional: ["domain": .string, "type": .string]),
        "domain": SpecRule(required: ["owner": .string], optional: ["subdomainOf": .string, "type": .string]),
        "group": SpecRule(
            required: ["type": .string, "children": .stringArray],
            optional: ["parent": .string, "members": .stringArray, "profile": .object]),
        "user": SpecRule(required: [:], optional: ["memberOf": .stringArray, "profile": .object]),
        "location": SpecRule(required: [:], optional: ["type": .string, "target": .string, "targets": .stringArray, "presence": .string]),
        "template": SpecRule(required: ["type": .string], optional: ["owner": .string, "steps": .any, "parameters": .any, "output": .any]),
    ]

    static func validateBuiltinSpec(_ entity: Entity) throws(EntityProblem) {
        let kind = entity.kind.lowercased()
        guard let rule = specRules[kind] else {
            throw EntityProblem(field: "kind", message: "'\(entity.kind)' is not a kind of \(entity.apiVersion); use your own apiVersion for custom kinds")
        }
        let spec = entity.spec
        if entity.body["spec"] == nil && !rule.required.isEmpty {
            throw EntityProblem(field: "spec", message: "is required for kind \(entity.kind)")
        }
        for (field, type) in rule.required {
            guard let value = spec[field] else { throw EntityProblem(field: "spec.\(field)", message: "is required for kind \(entity.kind)") }
            try check(value, is: type, field: "spec.\(field)")
        }
        for (field, type) in rule.optional {
            if let value = spec[field] { try check(value, is: type, field: "spec.\(field)") }
        }
        if kind == "location", spec["target"] == nil, spec["targets"] == nil {
            throw EntityProblem(field: "spec.targets", message: "a Location needs spec.target or spec.targets")
        }
    }

    static func check(_ value: JSONValue, is type: SpecType, field: String) throws(EntityProblem) {
        switch type {
        case .string:
            guard let text = value.stringValue, !text.isEmpty else {
                throw EntityProblem(field: field, message: "must be a non-empty string, not \(value.typeName)")
            }
        case .stringArray:
            guard let array = value.arrayValue else { throw EntityProblem(field: field, message: "must be an array of strings, not \(value.typeName)") }
            for (index, item) in array.enumerated() where item.stringValue?.isEmpty ?? true {
                throw EntityProblem(field: "\(field)[\(index)]", message: "must be a non-empty string, not \(item.typeName)")
            }
        case .object:
            guard value.objectValue != nil else { throw EntityProblem(field: field, message: "must be an object, not \(value.typeName)") }
        case .any:
            break
        }
    }

    enum Pattern {
        case apiVersion, kind, name, dnsLabel, dnsSubdomain, tag
    }

    /// Hand-written matchers for Backstage's patterns (no regex engine on the hot path).
    static func matches(_ text: String, pattern: Pattern) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return false }
        func isLower(_ b: UInt8) -> Bool { b >= 97 && b <= 122 }
        func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        func isAlnum(_ b: UInt8) -> Bool { isLower(b) || isUpper(b) || isDigit(b) }
        switch pattern {
        case .apiVersion:
            // group/version or version: [a-z0-9.-]+ "/" [a-z0-9]+
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else { return false }
            return parts.allSatisfy { part in part.utf8.allSatisfy { isLower($0) || isDigit($0) || $0 == 46 || $0 == 45 } }
        case .kind:
            return isUpper(bytes[0]) || isLower(bytes[0]) ? bytes.allSatisfy(isAlnum) : false
        case .name:
            guard isAlnum(bytes[0]), isAlnum(bytes[bytes.count - 1]) else { return false }
            return bytes.allSatisfy { isAlnum($0) || $0 == 45 || $0 == 95 || $0 == 46 }
        case .dnsLabel:
            guard isLower(bytes[0]) || isDigit(bytes[0]), isLower(bytes[bytes.count - 1]) || isDigit(bytes[bytes.count - 1]) else { return false }
            return bytes.allSatisfy { isLower($0) || isDigit($0) || $0 == 45 }
        case .dnsSubdomain:
            return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
                label.count <= 63 && matches(String(label), pattern: .dnsLabel)
            }
        case .tag:
            guard bytes.first != 45, bytes.last != 45 else { return false }
            return bytes.allSatisfy { isLower($0) || isDigit($0) || $0 == 58 || $0 == 43 || $0 == 35 || $0 == 45 }
                && !text.contains("--")
        }
    }
}
