import Foundation

/// The ordered migrations of one kind (`control` or `tenant`), read from `Migrations/<kind>/`.
public struct MigrationSet: Sendable {
    public let files: [MigrationFile]

    public init(files: [MigrationFile]) {
        self.files = files.sorted { $0.version < $1.version }
    }

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case misnamed(String)
        case duplicateVersion(Int, String, String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "cannot read migrations at \(path): \(reason)"
            case .misnamed(let file): "migration file \(file) is not named NNNN_description.sql"
            case .duplicateVersion(let version, let first, let second): "migrations \(first) and \(second) share version \(version)"
            }
        }
    }

    public static func load(directory: URL) throws -> MigrationSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw LoadError.unreadable(directory.path, "\(error.localizedDescription)")
        }
        var byVersion: [Int: MigrationFile] = [:]
        for fileName in names.sorted() where !fileName.hasPrefix(".") {
            guard let version = MigrationFile.parseFileName(fileName) else { throw LoadError.misnamed(fileName) }
            if let existing = byVersion[version] { throw LoadError.duplicateVersion(version, existing.name, fileName) }
            let url = directory.appendingPathComponent(fileName)
            guard let sql = try? String(contentsOf: url, encoding: .utf8) else {
                throw LoadError.unreadable(url.path, "not UTF-8 text")
            }
            byVersion[version] = MigrationFile(version: version, name: fileName, sql: sql)
        }
        return MigrationSet(files: Array(byVersion.values))
    }

    public func pending(applied: Set<Int>) -> [MigrationFile] {
        files.filter { !applied.contains($0.version) }
    }

    public func file(version: Int) -> MigrationFile? { files.first { $0.version == version } }
}

/// Where the two sets live: `<root>/control` and `<root>/tenant`.
public struct MigrationSources: Sendable {
    public let control: MigrationSet
    public let tenant: MigrationSet

    public init(control: MigrationSet, tenant: MigrationSet) {
        self.control = control
        self.tenant = tenant
    }

    public static func load(root: URL) throws -> MigrationSources {
        MigrationSources(
            control: try .load(directory: root.appendingPathComponent("control")),
            tenant: try .load(directory: root.appendingPathComponent("tenant"))
        )
    }
}
