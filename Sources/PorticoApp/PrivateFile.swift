import Foundation

/// Files that hold secrets (the demo credentials): readable by their owner only, the file 0600 in a
/// directory 0700 — the secrets' own directory, such as `.portico/`, which is tightened too.
public enum PrivateFile {
    /// Writes `data` to `url`, tightening the file and its directory also when they already existed.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Private before the write, so the atomic write's file is never reachable by others, even
        // for the moment before its own mode is tightened.
        try setMode(0o700, of: directory)
        try data.write(to: url, options: .atomic)
        try setMode(0o600, of: url)
    }

    /// Tightens an existing file and its directory (a file written before they were kept private).
    public static func restrict(_ url: URL) throws {
        try setMode(0o700, of: url.deletingLastPathComponent())
        try setMode(0o600, of: url)
    }

    private static func setMode(_ mode: Int, of url: URL) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
    }
}
