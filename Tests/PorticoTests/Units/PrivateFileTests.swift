import Foundation
import Testing
@testable import PorticoApp

/// The demo credentials file (`portico demo`) holds an operator token: owner-only, also when an
/// older, wider file and directory were already there.
@Suite struct PrivateFileTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("portico-private-\(UUID())")

    func mode(_ url: URL) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) & 0o777
    }

    @Test func aNewFileAndDirectoryAreOwnerOnly() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent(".portico/demo.json")
        try PrivateFile.write(Data("{}".utf8), to: file)
        #expect(try mode(file) == 0o600)
        #expect(try mode(file.deletingLastPathComponent()) == 0o700)
        #expect(try Data(contentsOf: file) == Data("{}".utf8))
    }

    @Test func widerExistingPermissionsAreTightened() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent(".portico")
        let file = directory.appendingPathComponent("demo.json")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        _ = FileManager.default.createFile(atPath: file.path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])

        try PrivateFile.restrict(file)
        #expect(try mode(file) == 0o600)
        #expect(try mode(directory) == 0o700)

        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        try PrivateFile.write(Data("new".utf8), to: file)
        #expect(try mode(file) == 0o600)
        #expect(try mode(directory) == 0o700)
    }
}
