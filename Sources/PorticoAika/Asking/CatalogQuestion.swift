import Foundation

/// A question the catalog answers exactly ("who owns payments?", "which APIs does checkout
/// consume?", "what does team-x own?"): the relation asked about and the words naming the
/// entity. Questions are matched by their shape; anything else goes to retrieval.
struct CatalogQuestion: Sendable, Equatable {
    /// The relation from the subject to the answers (`ownedBy`: the subject is owned by them).
    let relation: String
    /// The words that name the subject, as asked ("the shipment api").
    let subject: String
    /// The kind the question implies for the subject ("team" → group), when it implies one.
    let subjectKind: String?
    /// The kind the answers must have ("which APIs ...").
    let answerKind: String?
    /// The subject's exact ref, when the asker named it by ref (a tool's argument): no name matching.
    var subjectRef: String?

    private struct Shape {
        let pattern: NSRegularExpression
        let relation: String
        let answerKind: String?
    }

    /// Each shape captures the subject as group 1. Order matters: the first match wins.
    private static let shapes: [Shape] = [
        shape(#"^(?:who|which (?:team|group)s?|what (?:team|group)s?) (?:owns|is responsible for|maintains) (.+)$"#, "ownedBy", nil),
        shape(#"^(?:who is|what is|who are|which team is) the owners? of (.+)$"#, "ownedBy", nil),
        shape(#"^who owns? (.+)$"#, "ownedBy", nil),
        shape(#"^(?:what|which \w+) (?:does|do) (.+) own$"#, "ownerOf", nil),
        shape(#"^what is owned by (.+)$"#, "ownerOf", nil),
        shape(#"^(?:what|which) (?:apis?|interfaces?) (?:does|do) (.+) (?:consume|use|call)$"#, "consumesApi", "api"),
        shape(#"^(?:what|which) (?:apis?|interfaces?) (?:does|do) (.+) (?:provide|expose|offer|implement|serve)$"#, "providesApi", "api"),
        shape(#"^(?:who|what|which \w+) (?:consumes|uses|calls) (.+)$"#, "apiConsumedBy", nil),
        shape(#"^(?:who|what|which \w+) (?:provides|exposes|implements|serves) (.+)$"#, "apiProvidedBy", nil),
        shape(#"^(?:what|which) (?:system|domain)s? (?:is|are) (.+) (?:a )?part of$"#, "partOf", nil),
        shape(#"^(?:what|which) (?:system|domain)s? (?:does|do) (.+) belong to$"#, "partOf", nil),
        shape(#"^what is (?:in|part of) (?:the )?(.+)$"#, "hasPart", nil),
        shape(#"^(?:what|which) \w+ (?:are|is) (?:in|part of) (?:the )?(.+)$"#, "hasPart", nil),
        shape(#"^who (?:is|are) (?:in|on|a member of|members of|the members of) (.+)$"#, "hasMember", nil),
        shape(#"^(?:what are the|who are the|list the)? ?members of (.+)$"#, "hasMember", nil),
        shape(#"^(?:what|which) (?:teams?|groups?) (?:is|are) (.+) (?:in|on|a member of|part of)$"#, "memberOf", "group"),
        shape(#"^what (?:does|do) (.+) depend on$"#, "dependsOn", nil),
        shape(#"^(?:what|which \w+|who) depends? on (.+)$"#, "dependencyOf", nil),
    ]

    private static func shape(_ pattern: String, _ relation: String, _ answerKind: String?) -> Shape {
        // The patterns are literals of this file; a typo is a programming error caught by the tests.
        Shape(pattern: try! NSRegularExpression(pattern: pattern), relation: relation, answerKind: answerKind)
    }

    /// A question put directly rather than in words (a tool asking who owns an entity it names).
    init(relation: String, subject: String, subjectKind: String? = nil, answerKind: String? = nil, subjectRef: String? = nil) {
        self.subjectRef = subjectRef
        self.relation = relation
        self.subject = subject
        self.subjectKind = subjectKind ?? Self.impliedSubjectKind(relation)
        self.answerKind = answerKind
    }

    init?(_ question: String) {
        let text = Self.normalized(question)
        guard !text.isEmpty, text.count <= 300 else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        for shape in Self.shapes {
            guard let match = shape.pattern.firstMatch(in: text, range: range), match.numberOfRanges > 1,
                  let subjectRange = Range(match.range(at: 1), in: text) else { continue }
            let (subject, kind) = Self.subject(String(text[subjectRange]))
            guard !subject.isEmpty else { continue }
            self.relation = shape.relation
            self.subject = subject
            self.subjectKind = kind ?? Self.impliedSubjectKind(shape.relation)
            self.answerKind = shape.answerKind
            return
        }
        return nil
    }

    /// Lowercased, punctuation at the ends and doubled spaces removed.
    static func normalized(_ question: String) -> String {
        let lowered = question.lowercased().replacingOccurrences(of: "’", with: "'")
        let words = lowered.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return words.trimmingCharacters(in: CharacterSet(charactersIn: "?!. ,;:\"'"))
    }

    private static let kindWords: [String: String] = [
        "team": "group", "group": "group", "squad": "group",
        "api": "api", "service": "component", "component": "component", "website": "component", "library": "component",
        "system": "system", "domain": "domain", "user": "user", "resource": "resource",
    ]

    /// The subject without articles and possessives, and the kind a leading or trailing kind word names.
    private static func subject(_ raw: String) -> (String, String?) {
        var words = raw.split(separator: " ").map(String.init)
        var kind: String?
        while let first = words.first, ["the", "a", "an", "our", "my"].contains(first) { words.removeFirst() }
        if words.count > 1, let last = words.last, let named = kindWords[last] ?? kindWords[String(last.dropLast())] {
            kind = named
            words.removeLast()
        }
        if words.count > 1, let first = words.first, let named = kindWords[first] {
            kind = kind ?? named
            words.removeFirst()
        }
        let subject = words.joined(separator: " ").replacingOccurrences(of: "'s", with: "")
        return (subject, kind)
    }

    private static func impliedSubjectKind(_ relation: String) -> String? {
        switch relation {
        case "ownerOf", "hasMember": "group"
        case "apiConsumedBy", "apiProvidedBy": "api"
        case "memberOf": "user"
        default: nil
        }
    }
}
