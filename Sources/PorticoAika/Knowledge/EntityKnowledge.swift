import Foundation
import PorticoCore

/// A catalog entity as knowledge: one passage of plain sentences about it (what it is, who owns
/// it, what it belongs to, provides, consumes and depends on, its tags and links) and, for an
/// API, its definition text in passages of its own. Sentences, not key/value lines, because
/// questions are asked in words ("owned by", "part of").
enum EntityKnowledge {
    /// Raised when the rendering below changes, so every entity is indexed again.
    static let renderingVersion = "1"
    static let maximumDefinitionCharacters = 200_000
    static let definitionPassageCharacters = 1_500

    static func source(from record: CatalogEntityRecord) -> KnowledgeSource {
        let descriptor = record.descriptor
        let metadata = descriptor["metadata"]
        let spec = descriptor["spec"]
        let kind = descriptor["kind"]?.stringValue ?? "Entity"
        let name = metadata?["name"]?.stringValue ?? record.ref
        let title = metadata?["title"]?.stringValue ?? name
        let displayTitle = spec?["profile"]?["displayName"]?.stringValue ?? title

        var sentences: [String] = []
        var opening = "\(displayTitle) (\(record.ref)) is a \(kind)"
        if let type = spec?["type"]?.stringValue { opening += " of type \(type)" }
        if let lifecycle = spec?["lifecycle"]?.stringValue { opening += " in lifecycle \(lifecycle)" }
        sentences.append(opening + ".")
        if let description = metadata?["description"]?.stringValue, !description.isEmpty {
            sentences.append(description)
        }
        for (type, phrase) in relationPhrases {
            let targets = record.relations.filter { $0.type == type }.map(\.target)
            if !targets.isEmpty { sentences.append("\(displayTitle) \(phrase) \(targets.joined(separator: ", ")).") }
        }
        let tags = metadata?["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !tags.isEmpty { sentences.append("Tags: \(tags.joined(separator: ", ")).") }
        for link in metadata?["links"]?.arrayValue ?? [] {
            guard let url = link["url"]?.stringValue else { continue }
            sentences.append("Link: \(link["title"]?.stringValue ?? url) \(url)")
        }

        var passages = [KnowledgeSource.Passage(heading: displayTitle, body: sentences.joined(separator: "\n"))]
        if let definition = spec?["definition"]?.stringValue, !definition.isEmpty {
            let type = spec?["type"]?.stringValue.map { " (\($0))" } ?? ""
            passages += TextPieces.split(String(definition.prefix(maximumDefinitionCharacters)), maximumCharacters: definitionPassageCharacters)
                .map { KnowledgeSource.Passage(heading: "\(displayTitle) > API definition\(type)", body: $0) }
        }

        let owner = record.relations.first { $0.type == "ownedBy" }?.target
        let ownRef = ["group", "user"].contains(kind.lowercased()) ? record.ref : nil
        return KnowledgeSource(
            id: KnowledgeSource.entityID(record.ref), origin: .catalog, provider: nil,
            version: "\(renderingVersion):\(record.etag)", title: displayTitle, url: entityPage(record.ref),
            entityRef: record.ref, ownerRef: owner ?? ownRef,
            names: names(ref: record.ref, name: name, titles: [title, displayTitle]),
            relations: record.relations.flatMap { ["\($0.type) \($0.target)", "~\($0.reverseType) \($0.target)"] },
            techdocsRef: metadata?["annotations"]?["backstage.io/techdocs-ref"]?.stringValue,
            passages: passages)
    }

    /// The relation types a sentence is written for, in the order they read best.
    static let relationPhrases: [(String, String)] = [
        ("ownedBy", "is owned by"),
        ("partOf", "is part of"),
        ("subcomponentOf", "is a subcomponent of"),
        ("providesApi", "provides the APIs"),
        ("consumesApi", "consumes the APIs"),
        ("dependsOn", "depends on"),
        ("dependencyOf", "is a dependency of"),
        ("memberOf", "is a member of"),
        ("hasMember", "has the members"),
        ("childOf", "is a sub-team of"),
        ("parentOf", "is the parent team of"),
    ]

    /// Backstage's entity page, relative to the tenant's portal.
    static func entityPage(_ ref: String) -> String? {
        guard let colon = ref.firstIndex(of: ":"), let slash = ref.firstIndex(of: "/") else { return nil }
        let kind = ref[..<colon]
        let namespace = ref[ref.index(after: colon)..<slash]
        let name = ref[ref.index(after: slash)...]
        return "/catalog/\(namespace)/\(kind)/\(name)"
    }

    static func names(ref: String, name: String, titles: [String]) -> String {
        var seen: [String] = []
        for candidate in [name, name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")] + titles {
            let lowered = candidate.lowercased()
            if !lowered.isEmpty && !seen.contains(lowered) { seen.append(lowered) }
        }
        return seen.joined(separator: " | ")
    }
}
