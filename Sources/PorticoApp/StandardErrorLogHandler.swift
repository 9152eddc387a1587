import Foundation
import Logging
import Synchronization

/// One line per event on stderr: for people (`text`, the line swift-log's `StreamLogHandler`
/// writes: `2026-12-03T14:35:48.120Z info portico: request_id=… [PorticoGateway] message`) or for
/// log pipelines (`json`: `ts`, `level`, `label`, `msg` and the metadata as fields, indexed without
/// parsing rules). Metadata is rendered when a line is written, not each time a key is set:
/// `StreamLogHandler` renders all of it again on every change, and every request sets its id and
/// its tenant (2 % of the CPU of a webhook delivery in a profile, with nothing logged).
struct StandardErrorLogHandler: LogHandler {
    private static let output = Mutex(FileHandle.standardError)

    let label: String
    let format: Settings.LogFormat
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String, format: Settings.LogFormat) {
        self.label = label
        self.format = format
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let explicit = event.metadata { fields.merge(explicit, uniquingKeysWith: { _, new in new }) }
        let line = switch format {
        case .text: textLine(event, fields: fields)
        case .json: jsonLine(event, fields: fields)
        }
        guard let line else { return }
        Self.output.withLock { $0.write(line) }
    }

    private func textLine(_ event: LogEvent, fields: Logger.Metadata) -> Data {
        let time = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        let rendered = fields.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        return Data("\(time) \(event.level) \(label):\(rendered) [\(event.source)] \(event.message)\n".utf8)
    }

    private func jsonLine(_ event: LogEvent, fields: Logger.Metadata) -> Data? {
        var object: [String: String] = [
            "ts": Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)),
            "level": event.level.rawValue, "label": label, "msg": "\(event.message)",
        ]
        for (key, value) in fields { object[key] = "\(value)" }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        line.append(0x0A)
        return line
    }
}
