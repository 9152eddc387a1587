import Foundation

/// The migrations of one kind (`control` or `tenant`) of every module, in the order they apply:
/// module by module in the order of the module list, each module's by version.
public struct MigrationSet: Sendable {
    public let files: [MigrationFile]

    public init(files: [MigrationFile]) {
        self.files = files
    }

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case misnamed(String)
        case duplicateVersion(Int, String, String)
        case unknownModule(String)

        public var description: String {
            switch self {
            case .unknownModule(let path): "\(path) is not the migrations folder of any module in this build"
            case .unreadable(let path, let reason): "cannot read migrations at \(path): \(reason)"
            case .misnamed(let file): "migration file \(file) is not named NNNN_description.sql"
            case .duplicateVersion(let version, let first, let second): "migrations \(first) and \(second) share version \(version)"
            }
        }
    }

    /// Reads `<directory>/<module>/` for each module; a module without a folder has no migrations.
    public static func load(directory: URL, modules: [String]) throws -> MigrationSet {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        if let stray = entries.sorted().first(where: { !$0.hasPrefix(".") && !modules.contains($0) }) {
            throw LoadError.unknownModule(directory.appendingPathComponent(stray).path)
        }
        var files: [MigrationFile] = []
        for module in modules {
            let folder = directory.appendingPathComponent(module)
            guard FileManager.default.fileExists(atPath: folder.path) else { continue }
            files += try loadModule(module, from: folder)
        }
        return MigrationSet(files: files)
    }

    private static func loadModule(_ module: String, from folder: URL) throws -> [MigrationFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw LoadError.unreadable(folder.path, "\(error.localizedDescription)")
        }
        var byVersion: [Int: MigrationFile] = [:]
        for fileName in names.sorted() where !fileName.hasPrefix(".") {
            guard let version = MigrationFile.parseFileName(fileName) else { throw LoadError.misnamed("\(module)/\(fileName)") }
            if let existing = byVersion[version] {
                throw LoadError.duplicateVersion(version, existing.path, "\(module)/\(fileName)")
            }
            let url = folder.appendingPathComponent(fileName)
            guard let sql = try? String(contentsOf: url, encoding: .utf8) else {
                throw LoadError.unreadable(url.path, "not UTF-8 text")
            }
            byVersion[version] = MigrationFile(module: module, version: version, name: fileName, sql: sql)
        }
        return byVersion.values.sorted { $0.version < $1.version }
    }

    public func pending(applied: Set<MigrationKey>) -> [MigrationFile] {
        files.filter { !applied.contains($0.key) }
    }

    public func file(_ key: MigrationKey) -> MigrationFile? { files.first { $0.key == key } }

    /// The last version of each module, which a current schema has applied.
    var latestVersions: [String: Int] {
        files.reduce(into: [:]) { latest, file in latest[file.module] = max(latest[file.module] ?? 0, file.version) }
    }
}

/// Where the two sets live: `<root>/control/<module>/` and `<root>/tenant/<module>/`.
public struct MigrationSources: Sendable {
    /// The floor's own control tables (tenants, keys, jobs, usage), applied before any module's.
    public static let platformModule = "platform"

    public let control: MigrationSet
    public let tenant: MigrationSet

    public init(control: MigrationSet, tenant: MigrationSet) {
        self.control = control
        self.tenant = tenant
    }

    public static func load(root: URL, modules: [String]) throws -> MigrationSources {
        let all = [platformModule] + modules
        return MigrationSources(
            control: try .load(directory: root.appendingPathComponent("control"), modules: all),
            tenant: try .load(directory: root.appendingPathComponent("tenant"), modules: all)
        )
    }
}
