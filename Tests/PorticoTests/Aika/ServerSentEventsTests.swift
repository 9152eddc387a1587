@testable import PorticoAika
import Testing

/// Server-sent events read as they arrive, however the bytes are split.
struct ServerSentEventsTests {
    func data(of text: String, splitEvery size: Int) -> [String] {
        var events = ServerSentEvents()
        let bytes = Array(text.utf8)
        var data: [String] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            data += events.feed(Array(bytes[start..<min(start + size, bytes.count)]))
        }
        if let last = events.finish() { data.append(last) }
        return data
    }

    @Test(arguments: [1, 2, 3, 7, 1_000]) func eventsSplitAnywhereAreWhole(size: Int) {
        let stream = ": comment\r\n\r\ndata: {\"a\":1}\r\n\r\nevent: message\nid: 7\ndata: first\ndata:second\n\ndata: [DONE]\n\n"
        #expect(data(of: stream, splitEvery: size) == ["{\"a\":1}", "first\nsecond", "[DONE]"])
    }

    @Test func anEventTheStreamEndsInIsKept() {
        #expect(data(of: "data: one\n\ndata: two", splitEvery: 4) == ["one", "two"])
    }

    @Test func linesWithoutDataMakeNoEvent() {
        #expect(data(of: ":keep-alive\n\nretry: 100\n\n\n\n", splitEvery: 5).isEmpty)
    }
}
