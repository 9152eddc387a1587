import Foundation
import Synchronization

/// Progress of a fan-out over tenant schemas, printed on a terminal as one updating line, and as
/// occasional plain lines when stderr is not a terminal (CI logs, files).
public final class MigrationProgress: Sendable {
    public static let silent = MigrationProgress(output: nil)

    private struct State {
        var total = 0
        var done = 0
        var failed = 0
        var lastPrint = ContinuousClock.now
    }

    private let output: FileHandle?
    private let isTerminal: Bool
    private let state = Mutex(State())

    public init(output: FileHandle?) {
        self.output = output
        self.isTerminal = output.map { isatty($0.fileDescriptor) != 0 } ?? false
    }

    public static func standardError() -> MigrationProgress { MigrationProgress(output: .standardError) }

    func started(total: Int) {
        state.withLock { $0.total = total }
        if total > 0 { write("migrating \(total) tenant schema(s)\n") }
    }

    func advanced(failed: Bool) {
        let line: String? = state.withLock { state in
            state.done += 1
            if failed { state.failed += 1 }
            let now = ContinuousClock.now
            let interval: Duration = isTerminal ? .milliseconds(100) : .seconds(5)
            guard state.done == state.total || now - state.lastPrint >= interval else { return nil }
            state.lastPrint = now
            return "\(state.done)/\(state.total) tenant schemas, \(state.failed) failed"
        }
        if let line { write(isTerminal ? "\r\(line)" : "\(line)\n") }
    }

    func finished() {
        let total = state.withLock { $0.total }
        if isTerminal && total > 0 { write("\n") }
    }

    private func write(_ text: String) {
        output?.write(Data(text.utf8))
    }
}
