@testable import PorticoAika
import Testing

/// How a streamed chat answer is judged: complete only with `[DONE]` or a finish reason, and an
/// error event quoted without the key.
struct ChatStreamReadingTests {
    func event(_ json: String) -> [UInt8] { Array("data: \(json)\n\n".utf8) }

    @Test func anAnswerCutShortIsAnInvalidResponse() throws {
        var reading = ChatStreamReading(key: nil)
        #expect(try reading.feed(event(#"{"choices":[{"delta":{"content":"Half"}}]}"#)) == ["Half"])
        #expect(throws: ModelFailure.invalidResponse("the stream ended before the answer did")) { try reading.end() }
    }

    @Test func aFinishReasonWithoutDoneIsComplete() throws {
        var reading = ChatStreamReading(key: nil)
        _ = try reading.feed(event(#"{"choices":[{"delta":{"content":"All"}}]}"#))
        // The last event is closed by the end of the stream, not by a blank line.
        _ = try reading.feed(Array(#"data: {"choices":[{"delta":{"content":"."},"finish_reason":"stop"}]}"#.utf8))
        #expect(try reading.end() == ".")
        #expect(reading.text == "All.")
        #expect(reading.usage == nil)
    }

    @Test func anErrorEventIsQuotedWithoutTheKey() {
        var reading = ChatStreamReading(key: "sk-secret")
        #expect {
            _ = try reading.feed(event(#"{"error":{"message":"key sk-secret is over its quota"}}"#))
        } throws: { error in
            let failure = error as? ModelFailure
            return failure?.code == .invalidResponse && failure?.description.contains("key [key] is over its quota") == true
        }
    }
}
