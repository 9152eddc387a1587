import Foundation
import PorticoCore
import PorticoGateway
import Testing
@testable import PorticoInsights

/// An event's fingerprint tells a retry from a different event under a used id: it must not
/// depend on how the client serialized the event, and must stay the value stored for events
/// accepted before (else their retries would be reported as `id_reused`).
@Suite struct InsightsFingerprintTests {
    static let event = #"""
        {"id":"evt-1","timestamp":"2026-11-02T10:00:00.000Z","user":"user:default/ana","action":"navigate","subject":"/catalog",
         "value":2.5,"attributes":{"to":"/docs/a","n":3,"b":[true,null,"x\"y"]},
         "context":{"pluginId":"catalog","routeRef":"catalog:root","extension":"App","searchTypes":["techdocs"]}}
        """#
    /// The same event: keys in another order, numbers and strings spelled differently, whitespace.
    static let respelled = #"""
        { "context" : { "searchTypes" : [ "techdocs" ], "extension" : "App", "routeRef" : "catalog:root", "pluginId" : "catalog" },
          "attributes" : { "b" : [ true, null, "x\u0022y" ], "to" : "\/docs\/a", "n" : 3.0 }, "value" : 25e-1,
          "subject" : "\/catalog", "action" : "navigate", "user" : "user:default/ana", "timestamp" : "2026-11-02T10:00:00.000Z", "id" : "evt-1" }
        """#

    static func validated(_ json: String) throws -> ValidEvent {
        let event = try IncomingEvent.reading(Data(json.utf8))
        let now = try #require(EventTimestamp.parse("2026-11-02T11:00:00.000Z"))
        return try EventValidator(now: now).validate(event)
    }

    @Test func theSameEventSerializedAnotherWayHasTheSameFingerprint() throws {
        let event = try Self.validated(Self.event), respelled = try Self.validated(Self.respelled)
        #expect(event.fingerprint == respelled.fingerprint)
        #expect(event.attributes == #"{"b":[true,null,"x\"y"],"n":3,"to":"/docs/a"}"#)
        #expect(event.context == #"{"searchTypes":["techdocs"]}"#)
    }

    /// The value the sorted-keys `JSONEncoder` implementation stored for this event.
    @Test func theFingerprintIsTheOneStoredBefore() throws {
        #expect(try Self.validated(Self.event).fingerprint == -2_941_894_571_793_368_897)
    }

    @Test func aDifferentEventHasADifferentFingerprint() throws {
        let base = try Self.validated(Self.event).fingerprint
        let changed = [
            Self.event.replacingOccurrences(of: #""n":3"#, with: #""n":4"#),
            Self.event.replacingOccurrences(of: #""value":2.5,"#, with: ""),
            // Text moved from one field to the next.
            Self.event.replacingOccurrences(of: #""action":"navigate","subject":"/catalog""#, with: #""action":"navigat","subject":"e/catalog""#),
        ]
        for json in changed { #expect(try Self.validated(json).fingerprint != base, "\(json)") }
    }

    /// Byte for byte what `JSONEncoder.portico` writes, which made the fingerprints stored so far.
    @Test func canonicalJSONIsWhatTheSortedKeysEncoderWrote() throws {
        let values: [String: JSONValue] = [
            "b": .number(1), "B": .number(-0.0), "é": .string("ünï/cødé \u{7f}"), "a/b": .array([.null, .bool(false)]),
            "\u{1}\t\"\\\u{8}\u{c}\n\r\u{1f}": .string("\u{1}\t\"\\\u{8}\u{c}\n\r\u{1f}"), "z": .object(["y": .number(1e15), "x": .number(1e20)]),
            "numbers": .array([0.1, 1.5, -2.25, 1e-7, 1.2345678901234568e17, 1e300, 1.0 / 3, 999_999_999_999_999].map(JSONValue.number)),
            "": .object([:]), "10": .array([]), "9": .string(""),
        ]
        let expected = String(decoding: try JSONEncoder.portico.encode(values), as: UTF8.self)
        #expect(CanonicalJSON(values).text == expected)
        #expect(!CanonicalJSON(values).holdsNUL)
        #expect(CanonicalJSON(["a": .string("x\u{0}y")]).holdsNUL)
    }
}

/// User refs are checked byte by byte when ASCII, by characters otherwise; both must agree.
@Suite struct InsightsUserRefTests {
    @Test func refsAreReadTheSameWayInASCIIAndBeyond() {
        let valid = ["user:default/ana", "u:n/x", "user:default/ana.b-c_d", "user:défault/ana", "user:default/anä"]
        let invalid = ["", "user", "user:default", ":default/ana", "user:/ana", "user:default/", "user:default/a/b",
                       "user:default/an a", "user:default/ana\n", "user:default/ana\t", "user:default/ana\u{a0}", "usér:default/a b",
                       "user/default:ana", "user:default/ana\u{2028}"]
        for ref in valid { #expect(EventValidator.isEntityRef(ref), "\(ref)") }
        for ref in invalid { #expect(!EventValidator.isEntityRef(ref), "\(ref)") }
    }
}
