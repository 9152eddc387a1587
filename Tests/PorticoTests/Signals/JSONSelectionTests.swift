import Foundation
import Testing
@testable import PorticoSignals

/// Decoding only the selected members of a payload must decode what decoding it whole does, and
/// refuse every document that is not JSON, wherever in it the fault is.
@Suite struct JSONSelectionTests {
    /// A delivery with the noise GitHub's carries beside the run: nested objects and arrays,
    /// escapes, numbers in every form, a member name written with escapes.
    static let noisyWorkflowRun = Data(#"""
        { "action" : "completed",
          "workflow_run": {"id": 30433642, "name": "CI \"main\" \u00e9\ud83d\ude00", "head_branch": "main",
            "pull_requests": [{"id": 1, "head": {"ref": "x", "sha": "y"}}, [], {}, [[[]]]],
            "status": "completed", "conclusion": "failure", "html_url": "https:\/\/github.com\/acme\/payments",
            "created_at": "2026-11-30T10:00:00Z", "updated_at": "2026-11-30T10:04:10Z", "run_attempt": 2,
            "run_started_at": "2026-11-30T10:00:05Z", "numbers": [0, -0, 1.5, -2.25e-3, 1E5, 12e+2],
            "head_commit": {"id": "acb5", "timestamp": "2026-11-30T09:00:00Z", "author": {"name": "Ana", "n": null}},
            "flags": [true, false, null] },
          "repository": {"id": 186853002, "full\u005fname": "Acme/Payments", "private": false, "default_branch": "main",
            "topics": ["a\tb", "\\", "\/"], "owner": {"login": "acme", "site_admin": false}},
          "sender": {"login": "ana"}
        }\#r\#n\#t
        """#.utf8)

    @Test func selectedMembersDecodeAsTheWholeDocument() throws {
        let selected = try GitHubDelivery.WorkflowRunEvent.decode(selectedFrom: Self.noisyWorkflowRun)
        let whole = try JSONDecoder().decode(GitHubDelivery.WorkflowRunEvent.self, from: Self.noisyWorkflowRun)
        #expect(selected.workflowRun.id == whole.workflowRun.id)
        #expect(selected.workflowRun.name == "CI \"main\" é😀")
        #expect(selected.workflowRun.name == whole.workflowRun.name)
        #expect(selected.workflowRun.htmlUrl == "https://github.com/acme/payments")
        #expect(selected.workflowRun.runAttempt == 2 && whole.workflowRun.runAttempt == 2)
        #expect(selected.workflowRun.headCommit?.timestamp == whole.workflowRun.headCommit?.timestamp)
        #expect(selected.repository.fullName == "Acme/Payments" && whole.repository.fullName == "Acme/Payments")
        #expect(selected.repository.defaultBranch == whole.repository.defaultBranch)
        #expect(try GitHubDelivery.run(event: "workflow_run", body: Self.noisyWorkflowRun)?.repository == "acme/payments")
    }

    @Test func onlyTheSelectedMembersReachTheDecoder() throws {
        let selection = JSONSelection.members(["a": .whole, "b": .members(["c": .whole])])
        let document = Data(#"{"z": [1, {"a": 2}], "b": {"d": 1, "c": [3, "x"]}, "a": {"e": null}}"#.utf8)
        let pruned = try selection.select(from: document)
        #expect(String(decoding: pruned, as: UTF8.self) == #"{"b":{"c":[3, "x"]},"a":{"e": null}}"#)
    }

    /// Strings are skipped eight bytes at a time: an escape, an end or a control character must
    /// be seen at every offset.
    @Test func stringsAreReadWhereverTheirEscapesAndControlCharactersFall() throws {
        let selection = JSONSelection.members(["a": .whole])
        for length in 0...24 {
            for position in 0...length {
                var text = String(repeating: "é", count: length / 2) + String(repeating: "a", count: length - length / 2)
                text.insert(contentsOf: #"\""#, at: text.index(text.startIndex, offsetBy: position))
                let kept = try selection.select(from: Data(#"{"a": "\#(text)", "b": 1}"#.utf8))
                #expect(String(decoding: kept, as: UTF8.self) == #"{"a":"\#(text)"}"#)
                let control = Data(#"{"b": "\#(text.replacingOccurrences(of: #"\""#, with: "\u{1}"))", "a": 1}"#.utf8)
                #expect(throws: DecodingError.self) { try selection.select(from: control) }
            }
        }
    }

    /// A selected member that is not an object reaches the decoder whole, which names it.
    @Test func aMemberOfTheWrongTypeIsReportedAtItsPath() throws {
        let body = Data(#"{"workflow_run": [1, 2], "repository": {"full_name": "a/b"}}"#.utf8)
        #expect {
            try GitHubDelivery.WorkflowRunEvent.decode(selectedFrom: body)
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["workflow_run"]
        }
    }

    static let malformed: [String] = [
        "", " ", "{", "}", #"{"a": 1"#, #"{"a": 1,}"#, #"{"a" 1}"#, #"{a: 1}"#, #"{"a": [1, 2,]}"#, #"{"a": [1 2]}"#,
        #"{"a": tru}"#, #"{"a": nul}"#, #"{"a": True}"#, #"{"a": 01}"#, #"{"a": 1.}"#, #"{"a": -}"#, #"{"a": .5}"#,
        #"{"a": 1e}"#, #"{"a": +1}"#, #"{"a": "x\q"}"#, #"{"a": "\u12G4"}"#, "{\"a\": \"tab\there\"}", #"{"a": "open}"#,
        #"{} x"#, #"{"a": 1}}"#, #"{"workflow_run": {"id": 1,"#, #"{"a": [}"#, #"{"a": 'x'}"#, #"{"a": NaN}"#,
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        #"{"a": "#  + String(repeating: "{\"b\": ", count: 600) + "1" + String(repeating: "}", count: 601),
    ]

    /// RFC 8259's grammar: Foundation's own reader tolerates trailing commas, this one does not.
    @Test(arguments: malformed)
    func malformedDocumentsAreRefusedWherever(_ text: String) {
        let selection = JSONSelection.members(["workflow_run": .members(["id": .whole])])
        #expect {
            try selection.select(from: Data(text.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.isEmpty
        }
    }

    static let wellFormed: [String] = [
        "{}", "[]", "1", #""x""#, "null", " \n{ \"a\" : [ ] , \"b\" : { } }\t", #"{"a": -0.0e-0}"#, #"{"a": [[], [{}]]}"#,
        #"{"a": "\\\"\/\b\f\n\r\t\u0041"}"#, #"{"a": 1, "a": 2}"#,
    ]

    @Test(arguments: wellFormed)
    func wellFormedDocumentsAreRead(_ text: String) throws {
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil, "JSON")
        _ = try JSONSelection.members(["a": .whole]).select(from: Data(text.utf8))
    }
}
