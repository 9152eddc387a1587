import Foundation
import PorticoCore
import Testing
@testable import PorticoInsights

/// The batch reader reads bodies byte by byte at ingestion rates: it must refuse whatever is not
/// JSON as a whole (and never trap on it), reject what is JSON but not an event one by one, and
/// read strings and numbers exactly as Foundation's decoder did, since stored fingerprints hash
/// them.
@Suite struct InsightsBatchReaderTests {
    static let event = #"""
        {"id":"e1","timestamp":"2026-11-02T10:00:00.000Z","user":"user:default/ana","action":"navigate","subject":"/catalog",
         "value":2.5,"attributes":{"to":"/docs","n":[1,true,null,-0.5e-3]},"context":{"pluginId":"catalog","routeRef":"catalog:root","searchTypes":["techdocs"]}}
        """#

    static func batch(_ events: [String]) -> String { "{\"events\":[" + events.joined(separator: ",") + "]}" }

    /// The whole-batch error code, nil when the batch was read.
    static func code(_ bytes: some Sequence<UInt8>) -> String? {
        do {
            _ = try EventBatch.reading(bytes)
            return nil
        } catch {
            return error.code
        }
    }

    static func rejections(_ events: [String]) throws -> [String?] {
        try EventBatch.reading(Self.batch(events).utf8).slots.map { slot in
            switch slot.event {
            case .success: nil
            case .failure(let rejection): rejection.code.rawValue
            }
        }
    }

    @Test func everyCutOfAValidBatchIsMalformed() {
        let text = Array(Self.batch([Self.event, Self.event]).utf8)
        #expect(Self.code(text) == nil)
        for end in 0..<text.count {
            #expect(Self.code(text[..<end]) == "malformed_json", "cut at \(end)")
        }
    }

    @Test func textThatIsNotJSONIsRefusedWhole() {
        let valid = Array(Self.event.utf8)
        func with(subject bytes: [UInt8]) -> [UInt8] {
            Array(Self.batch([#"{"id":"x","subject":""#]).utf8.dropLast(3)) + bytes + Array(#"","user":"user:default/a"}]}"#.utf8)
        }
        let cases: [(String, [UInt8])] = [
            ("raw NUL in a string", with(subject: [0x61, 0x00, 0x62])),
            ("raw NUL between tokens", Array("{\"events\":[".utf8) + [0x00] + valid + Array("]}".utf8)),
            ("raw tab in a string", with(subject: [0x61, 0x09])),
            ("a byte that is never UTF-8", with(subject: [0x61, 0xff])),
            ("a cut UTF-8 sequence", with(subject: [0xe2, 0x82])),
            ("an overlong encoding", with(subject: [0xc0, 0xaf])),
            ("an encoded surrogate", with(subject: [0xed, 0xa0, 0x80])),
            ("a lone high surrogate", with(subject: Array(#"\ud800"#.utf8))),
            ("a high surrogate then text", with(subject: Array(#"\ud800abcdef"#.utf8))),
            ("a lone low surrogate", with(subject: Array(#"\udc00"#.utf8))),
            ("an unknown escape", with(subject: Array(#"\q"#.utf8))),
            ("a cut \\u escape", Array(#"{"events":["\u12"#.utf8)),
            ("a \\u escape with a non-hex digit", with(subject: Array(#"\u12g4"#.utf8))),
            ("NaN", Array(Self.batch([#"{"value":NaN}"#]).utf8)),
            ("Infinity", Array(Self.batch([#"{"value":Infinity}"#]).utf8)),
            ("a leading zero", Array(Self.batch([#"{"value":01}"#]).utf8)),
            ("a bare minus", Array(Self.batch([#"{"value":-}"#]).utf8)),
            ("a plus", Array(Self.batch([#"{"value":+1}"#]).utf8)),
            ("a dot without digits", Array(Self.batch([#"{"value":1.}"#]).utf8)),
            ("a leading dot", Array(Self.batch([#"{"value":.5}"#]).utf8)),
            ("an exponent without digits", Array(Self.batch([#"{"value":1e+}"#]).utf8)),
            ("text after the body", Array((Self.batch([Self.event]) + " x").utf8)),
            ("two bodies", Array((Self.batch([Self.event]) + Self.batch([])).utf8)),
            ("a trailing comma in the array", Array(#"{"events":[1,]}"#.utf8)),
            ("a trailing comma in an object", Array(#"{"events":[{"a":1,}]}"#.utf8)),
            ("a missing comma", Array(#"{"events":[1 2]}"#.utf8)),
            ("single quotes", Array(#"{'events':[]}"#.utf8)),
            ("an unquoted key", Array(#"{events:[]}"#.utf8)),
            ("a comment", Array(#"{"events":[] /* x */}"#.utf8)),
            ("a misspelled literal", Array(#"{"events":[nul]}"#.utf8)),
            ("a cut literal", Array(#"{"events":[tr"#.utf8)),
            ("only a BOM", [0xef, 0xbb, 0xbf]),
            ("only whitespace", Array(" \n\t".utf8)),
            ("nested 513 deep", Array(Self.batch([#"{"attributes":{"a":"# + String(repeating: "[", count: 509) + String(repeating: "]", count: 509) + "}}"]).utf8)),
            ("nested a million deep", Array(String(repeating: "[", count: 1_000_000).utf8)),
        ]
        for (label, bytes) in cases {
            #expect(Self.code(bytes) == "malformed_json", "\(label)")
        }
        #expect(Self.code([0xef, 0xbb, 0xbf] + Array(Self.batch([Self.event]).utf8)) == nil, "a UTF-8 byte order mark is skipped")
        let deepest = Self.batch([#"{"attributes":{"a":"# + String(repeating: "[", count: 508) + String(repeating: "]", count: 508) + "}}"])
        #expect(Self.code(deepest.utf8) == nil, "512 levels, as Foundation's decoder allows")
    }

    @Test func wholeBatchShapesAreRefusedWithTheirField() throws {
        let cases: [(String, String, String?)] = [
            ("[]", "validation_failed", nil),
            ("42", "validation_failed", nil),
            ("{}", "validation_failed", "events"),
            (#"{"events":null}"#, "validation_failed", "events"),
            (#"{"events":{"id":"x"}}"#, "validation_failed", "events"),
            (#"{"zzz":1,"events":[],"dryRun":true}"#, "validation_failed", "dryRun"),
            (Self.batch(Array(repeating: "{}", count: 1_001)), "too_many_events", "events"),
        ]
        for (body, code, field) in cases {
            #expect(throws: PorticoError.self, "\(body.prefix(60))") { try EventBatch.reading(body.utf8) }
            do {
                _ = try EventBatch.reading(body.utf8)
            } catch {
                #expect(error.code == code, "\(body.prefix(60))")
                #expect(error.field == field, "\(body.prefix(60))")
                #expect(!error.detail.isEmpty)
            }
        }
        #expect(Self.code((Self.batch(Array(repeating: "{}", count: 1_001)) + "x").utf8) == "malformed_json", "text that is not JSON first")
        #expect(try EventBatch.reading(Self.batch(Array(repeating: Self.event, count: 1_000)).utf8).slots.count == 1_000)
        let twice = try EventBatch.reading(#"{"events":[\#(Self.event)],"events":[1,2]}"#.utf8)
        #expect(twice.slots.count == 1, "a repeated key keeps its first value")
    }

    @Test func jsonThatIsNotAnEventIsRejectedByItself() throws {
        func changed(_ change: (inout [String: Any]) -> Void) throws -> String {
            var event = try JSONSerialization.jsonObject(with: Data(Self.event.utf8)) as! [String: Any]
            change(&event)
            return String(decoding: try JSONSerialization.data(withJSONObject: event), as: UTF8.self)
        }
        let cases: [(String, String?)] = [
            (Self.event, nil),
            ("null", "invalid_event"), ("42", "invalid_event"), (#""an event""#, "invalid_event"), ("[]", "invalid_event"),
            (try changed { $0["userAgent"] = "curl" }, "invalid_event"),
            (try changed { $0["user"] = 5 }, "invalid_event"),
            (try changed { $0["user"] = nil }, "invalid_event"),
            (try changed { $0["id"] = NSNull() }, "invalid_event"),
            (try changed { $0["value"] = "5" }, "invalid_event"),
            (try changed { $0["value"] = true }, "invalid_event"),
            (try changed { $0["value"] = NSNull() }, nil),
            (try changed { $0["attributes"] = [1] }, "invalid_event"),
            (try changed { $0["attributes"] = NSNull() }, nil),
            (try changed { $0["context"] = "catalog" }, "invalid_event"),
            (try changed { $0["context"] = nil }, "invalid_event"),
            (try changed { $0["context"] = ["pluginId": 7] }, "invalid_event"),
            (try changed { $0["context"] = ["pluginId": NSNull()] }, "invalid_event"),
            (try changed { $0["context"] = ["pluginId": "p", "routeRef": NSNull(), "other": NSNull()] }, nil),
            (try changed { $0["context"] = ["pluginId": "p", "entityRef": ["x"]] }, "invalid_event"),
            (Self.event.replacingOccurrences(of: #""value":2.5"#, with: #""value":1e400"#), "invalid_event"),
            (Self.event.replacingOccurrences(of: #""value":2.5"#, with: #""value":-1e400"#), "invalid_event"),
            (Self.event.replacingOccurrences(of: #""value":2.5"#, with: #""value":1e-400"#), "invalid_event"),
            (Self.event.replacingOccurrences(of: #""value":2.5"#, with: #""value":0e-400"#), nil),
            (Self.event.replacingOccurrences(of: #""value":2.5"#, with: #""value":123456789012345678901234567890"#), nil),
            (Self.event.replacingOccurrences(of: #""n":[1,"#, with: #""n":[1e99999999999999999999,"#), "invalid_event"),
            (Self.event.replacingOccurrences(of: #""searchTypes""#, with: #""big":1e309,"searchTypes""#), "invalid_event"),
        ]
        #expect(try Self.rejections(cases.map(\.0)) == cases.map(\.1))
    }

    @Test func aRepeatedKeyKeepsItsFirstValueAsFoundationDid() throws {
        let event = try IncomingEvent.reading(Data(Self.event.replacingOccurrences(
            of: #""subject":"/catalog","#, with: #""subject":"/catalog","subject":"/other","attributes":{},"#).utf8))
        #expect(event.subject == "/catalog")
        #expect(event.attributes == [:], "the first of two attributes")
        let attributes = #"{"k":1,"j":{"a":"x","a":"y"},"k":2}"#
        let foundation = try JSONDecoder().decode([String: JSONValue].self, from: Data(attributes.utf8))
        let ours = try IncomingEvent.reading(Data(Self.event.replacingOccurrences(
            of: #""attributes":{"to":"/docs","n":[1,true,null,-0.5e-3]}"#, with: #""attributes":\#(attributes)"#).utf8)).attributes
        #expect(ours == foundation)
    }

    @Test func numbersAreTheDoublesFoundationReads() throws {
        var generator = SeededGenerator(state: 9)
        var texts = ["0", "-0", "1", "-1", "0.1", "2.5", "1e15", "999999999999999", "1000000000000000", "9007199254740993",
                     "123456789012345678901234567890", "0.1000000000000000055511151231257827021181583404541015625000001",
                     "4.9406564584124654e-324", "2.2250738585072014E-308", "1.7976931348623157e308", "5e-324", "1E+2", "-0.0e0"]
        for _ in 0..<3_000 {
            let double = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            if double.isFinite { texts.append("\(double)".replacingOccurrences(of: "e+", with: "e")) }
            let digits = (0..<Int.random(in: 1...25, using: &generator)).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let integer = digits.drop { $0 == "0" }
            texts.append(integer.isEmpty ? "0" : String(integer))
            texts.append("\(integer.isEmpty ? "0" : String(integer)).\(digits)e\(Int.random(in: -280...280, using: &generator))")
        }
        let json = "[" + texts.joined(separator: ",") + "]"
        let foundation = try JSONDecoder().decode([Double].self, from: Data(json.utf8))
        let ours = try Array(json.utf8).withUnsafeBufferPointer { bytes throws(JSONSyntaxError) in
            var scanner = JSONScanner(bytes)
            return try scanner.readValue()
        }
        let values = try #require(ours.arrayValue).map { value -> Double in
            guard case .number(let number) = value else { return .nan }
            return number
        }
        #expect(values.count == foundation.count)
        for (index, (mine, theirs)) in zip(values, foundation).enumerated() {
            #expect(mine.bitPattern == theirs.bitPattern, "\(texts[index]): \(mine) != \(theirs)")
        }
    }

    @Test func stringsAreTheTextFoundationReads() throws {
        var generator = SeededGenerator(state: 11)
        let alphabet: [Unicode.Scalar] = ["a", "Z", "/", "\\", "\"", "\u{0}", "\u{1f}", "\u{7f}", "é", "検", "🚀", "\u{202e}", "\u{ffff}", "\u{10ffff}", "\n", "\t"]
        var strings = [#"\u00e9\ud83d\ude80\/\b\f\n\r\t\"\\"#]
        for _ in 0..<500 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...20, using: &generator) { text.append(alphabet.randomElement(using: &generator)!) }
            strings.append(String(decoding: try JSONEncoder().encode(String(text)), as: UTF8.self).dropFirst().dropLast().description)
            // Every scalar escaped, as some clients write.
            strings.append(String(text).utf16.map { String(format: "\\u%04x", $0) }.joined())
        }
        let json = "[" + strings.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        let foundation = try JSONDecoder().decode([String].self, from: Data(json.utf8))
        let ours = try Array(json.utf8).withUnsafeBufferPointer { bytes throws(JSONSyntaxError) in
            var scanner = JSONScanner(bytes)
            return try scanner.readValue()
        }
        #expect(try #require(ours.arrayValue).map(\.stringValue) == foundation)
    }

    /// Random damage to a valid batch: the reader never traps, and refuses as malformed exactly
    /// what Foundation's `JSONSerialization` (which reads every value) refuses.
    @Test func damagedBatchesAreJudgedAsFoundationJudgesThem() {
        var generator = SeededGenerator(state: 5)
        let valid = Array(Self.batch([Self.event, #"{"id":"\u00e9\ud83d\ude80","value":-0.25e+2,"context":{"a":[{}],"b":false}}"#]).utf8)
        let interesting = Array(#"{}[]":,\ -+.0159eEtfnu/"#.utf8) + [0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xe2, 0xed, 0xf4, 0xff]
        for round in 0..<4_000 {
            var bytes = valid
            for _ in 0...Int.random(in: 0...2, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0...2, using: &generator) {
                case 0: bytes[at] = interesting.randomElement(using: &generator)!
                case 1: bytes.insert(interesting.randomElement(using: &generator)!, at: at)
                default: bytes.remove(at: at)
                }
            }
            let foundationReads = (try? JSONSerialization.jsonObject(with: Data(bytes))) != nil
            let ours = Self.code(bytes)
            #expect((ours == "malformed_json") == !foundationReads, "round \(round): \(String(decoding: bytes, as: UTF8.self)) → \(ours ?? "read")")
        }
    }
}
