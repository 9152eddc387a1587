import Crypto
import Foundation
import PorticoCore

/// Reads everything a location points at: its file, the files its Location entities target
/// (relative to the file, cycle-safe), and `$text` / `$json` / `$yaml` substitutions.
struct LocationReader {
    struct Document {
        let value: JSONValue
        let url: URL
    }

    struct Result {
        var documents: [Document] = []
        var problems: [LocationProblem] = []
        var contentHash = ""
        /// The root file's ETag, kept only when the root is the only file (a 304 then means unchanged).
        var etag: String?
        var notModified = false
        /// False when a target file could not be fetched or parsed: its entities are unknown this
        /// time, so none may be treated as gone.
        var isComplete = true
    }

    static let maximumFiles = 1_000
    static let maximumDocuments = 50_000
    static let maximumSubstitutions = 200

    let fetcher: DescriptorFetcher

    func read(_ root: URL, ifNoneMatch etag: String?) async throws -> Result {
        var result = Result()
        var hasher = SHA256()
        var visited: Set<String> = []
        var queue: [URL] = [root]
        var fileCount = 0
        var substitutions = 0
        while !queue.isEmpty {
            let url = queue.removeFirst()
            guard visited.insert(url.absoluteString).inserted else { continue }
            fileCount += 1
            // Past a limit the whole refresh fails (the last good entities stay) rather than
            // ingesting an arbitrary part of what the location leads to.
            guard fileCount <= Self.maximumFiles else {
                throw DescriptorFetcher.Failure(description: "\(root.absoluteString) leads to more than \(Self.maximumFiles) files; nothing was ingested")
            }
            let isRoot = url == root
            let outcome: DescriptorFetcher.Outcome
            do {
                outcome = try await fetcher.fetch(url, ifNoneMatch: isRoot ? etag : nil)
            } catch {
                // The root failing fails the refresh (the last good entities stay); a target failing is a problem.
                if isRoot { throw error }
                result.problems.append(.init(target: url.absoluteString, message: "\(error)"))
                result.isComplete = false
                continue
            }
            let text: String
            switch outcome {
            case .notModified:
                result.notModified = true
                return result
            case .content(let content, let rootETag):
                text = content
                if isRoot { result.etag = rootETag }
            }
            hasher.update(data: Data(url.absoluteString.utf8))
            hasher.update(data: Data(text.utf8))
            let values: [JSONValue]
            do {
                values = try DescriptorParser.parseYAML(text)
            } catch {
                // An unreadable root fails the refresh; the last good entities stay.
                if isRoot { throw DescriptorFetcher.Failure(description: "\(url.absoluteString): \(error.description)") }
                result.problems.append(.init(target: url.absoluteString, message: error.description))
                result.isComplete = false
                continue
            }
            for value in values {
                guard result.documents.count < Self.maximumDocuments else {
                    throw DescriptorFetcher.Failure(description: "\(root.absoluteString) leads to more than \(Self.maximumDocuments) entities; nothing was ingested")
                }
                var resolved = value
                do {
                    resolved = try await substitute(value, relativeTo: url, hasher: &hasher, count: &substitutions)
                } catch {
                    result.problems.append(.init(target: url.absoluteString, entityRef: Self.refText(value), message: "\(error)"))
                    continue
                }
                result.documents.append(Document(value: resolved, url: url))
                queue.append(contentsOf: Self.locationTargets(of: resolved, relativeTo: url))
            }
        }
        if fileCount > 1 { result.etag = nil }
        result.contentHash = hasher.finalize().prefix(16).hexEncoded
        return result
    }

    /// The URLs a Location entity points at (`spec.target` / `spec.targets`).
    static func locationTargets(of value: JSONValue, relativeTo base: URL) -> [URL] {
        guard value["kind"]?.stringValue?.lowercased() == "location", let spec = value["spec"] else { return [] }
        if let type = spec["type"]?.stringValue, type != "url" { return [] }
        var targets = spec["targets"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let target = spec["target"]?.stringValue { targets.append(target) }
        return targets.compactMap { URL(string: $0, relativeTo: base)?.absoluteURL }
    }

    private func substitute(_ value: JSONValue, relativeTo base: URL, hasher: inout SHA256, count: inout Int) async throws -> JSONValue {
        switch value {
        case .object(let object):
            if object.count == 1, let (key, argument) = object.first, ["$text", "$json", "$yaml"].contains(key) {
                guard let path = argument.stringValue, let url = URL(string: path, relativeTo: base)?.absoluteURL else {
                    throw DescriptorFetcher.Failure(description: "\(key) needs a relative or absolute URL string")
                }
                count += 1
                guard count <= Self.maximumSubstitutions else {
                    throw DescriptorFetcher.Failure(description: "more than \(Self.maximumSubstitutions) substitutions")
                }
                guard case .content(let text, _) = try await fetcher.fetch(url) else {
                    throw DescriptorFetcher.Failure(description: "\(url.absoluteString) returned no content")
                }
                hasher.update(data: Data(text.utf8))
                switch key {
                case "$text": return .string(text)
                case "$json":
                    do { return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) } catch {
                        throw DescriptorFetcher.Failure(description: "\(url.absoluteString) is not valid JSON")
                    }
                default:
                    return try DescriptorParser.parseYAML(text).first ?? .null
                }
            }
            var result: [String: JSONValue] = [:]
            for (key, child) in object { result[key] = try await substitute(child, relativeTo: base, hasher: &hasher, count: &count) }
            return .object(result)
        case .array(let array):
            var result: [JSONValue] = []
            for child in array { result.append(try await substitute(child, relativeTo: base, hasher: &hasher, count: &count)) }
            return .array(result)
        default:
            return value
        }
    }

    static func refText(_ value: JSONValue) -> String? {
        guard let kind = value["kind"]?.stringValue, let name = value["metadata"]?["name"]?.stringValue else { return nil }
        return EntityRef(kind: kind, namespace: value["metadata"]?["namespace"]?.stringValue ?? EntityRef.defaultNamespace, name: name).description
    }
}
