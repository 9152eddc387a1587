/// Reads a `text/event-stream` as its bytes arrive, split anywhere, and gives the data of each
/// complete event. Lines end in LF or CRLF; comments and fields other than `data` are skipped.
struct ServerSentEvents {
    private var line: [UInt8] = []
    private var data: [String] = []

    /// The data of the events that `bytes` completed.
    mutating func feed(_ bytes: [UInt8]) -> [String] {
        var events: [String] = []
        for byte in bytes {
            guard byte == UInt8(ascii: "\n") else {
                line.append(byte)
                continue
            }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if let event = take(line) { events.append(event) }
            line.removeAll(keepingCapacity: true)
        }
        return events
    }

    /// The data of an event the stream ended in without the blank line that closes it.
    mutating func finish() -> String? {
        if !line.isEmpty {
            _ = take(line)
            line = []
        }
        return take([])
    }

    /// Takes one line: a blank one closes the event and returns its data.
    private mutating func take(_ line: [UInt8]) -> String? {
        guard !line.isEmpty else {
            defer { data = [] }
            return data.isEmpty ? nil : data.joined(separator: "\n")
        }
        guard line.first != UInt8(ascii: ":") else { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        guard line[..<colon].elementsEqual("data".utf8) else { return nil }
        var value = line[colon...].dropFirst()
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        data.append(String(decoding: value, as: UTF8.self))
        return nil
    }
}
