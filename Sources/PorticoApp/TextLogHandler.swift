import Foundation
import Logging

/// Lines for people on stderr, as swift-log's `StreamLogHandler` writes them
/// (`2026-12-03T14:35:48.120Z info portico: request_id=… [PorticoGateway] message`). Its metadata
/// is rendered when a line is written, not each time a key is set: `StreamLogHandler` renders all
/// of it again on every change, and every request sets its id and its tenant (2 % of the CPU
/// of a delivery in a profile, with nothing logged).
struct TextLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String) {
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = StandardErrorLog.fields(metadata, event).sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let time = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        StandardErrorLog.write(Data("\(time) \(event.level) \(label):\(fields) [\(event.source)] \(event.message)\n".utf8))
    }
}
