import Foundation
import PorticoCore

extension JSONValue {
    /// The path of the first string or key holding U+0000, which PostgreSQL cannot store in text
    /// or jsonb (`spec.owner`, `metadata.tags[2]`), or nil when every string can be stored.
    func pathOfUnstorableText(at path: String = "") -> String? {
        func join(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
        switch self {
        case .string(let text):
            return text.utf8.contains(0) ? path : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = item.pathOfUnstorableText(at: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for (key, value) in members {
                if key.utf8.contains(0) { return join(key.replacingOccurrences(of: "\u{0}", with: "\\u0000")) }
                if let found = value.pathOfUnstorableText(at: join(key)) { return found }
            }
            return nil
        case .null, .bool, .number:
            return nil
        }
    }
}
