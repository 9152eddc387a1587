import Foundation
import Logging
import Synchronization

/// What Portico's log handlers share: one locked stderr, and a line's fields (the logger's
/// metadata, overridden by the call's).
enum StandardErrorLog {
    private static let output = Mutex(FileHandle.standardError)

    static func write(_ line: Data) {
        output.withLock { $0.write(line) }
    }

    static func fields(_ metadata: Logger.Metadata, _ event: LogEvent) -> Logger.Metadata {
        guard let explicit = event.metadata, !explicit.isEmpty else { return metadata }
        return metadata.merging(explicit, uniquingKeysWith: { _, new in new })
    }
}
