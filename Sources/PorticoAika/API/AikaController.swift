import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PorticoCore
import PorticoGateway

/// `/api/aika`: questions, feedback, knowledge search.
struct AikaController: Sendable {
    static let askBodyLimit = 64 << 10

    let asking: AskService
    let search: PassageSearch
    let log: QuestionLog

    func addRoutes(to routes: GatewayRouter) {
        let entitlement = AikaModule.entitlement
        routes.post("/api/aika/ask", .tenant(.aikaAsk, entitlement: entitlement), bodyLimit: Self.askBodyLimit) { request, context in
            let principal = try context.requireTenant()
            let body = try await request.decodeJSON(AskRequest.self, context: context)
            let question = try await asking.prepare(body, tenant: principal.context, askedBy: principal.keyID.uuidString.lowercased())
            guard EventStreamFrames.accepts(request) else {
                return try .json(try await asking.answer(question, events: nil))
            }
            return streamedAnswer(to: question, logger: context.logger)
        }
        routes.post("/api/aika/answers/{answerId}/feedback", .tenant(.aikaAsk, entitlement: entitlement), bodyLimit: Self.askBodyLimit) { request, context in
            let tenant = try context.tenantContext()
            guard let answer = context.parameters.get("answerId").flatMap(UUID.init(uuidString:)) else {
                throw PorticoError.invalidRequest("The path must name an answer by its id (a UUID).", field: "answerId")
            }
            let body = try await request.decodeJSON(FeedbackRequest.self, context: context)
            let comment = try body.validatedComment()
            guard try await log.recordFeedback(on: answer, helpful: body.helpful, comment: comment, for: tenant.id) else {
                throw PorticoError.notFound("No answer \(answer) was found.")
            }
            return .noContent()
        }
        routes.get("/api/aika/search", .tenant(.aikaAsk, entitlement: entitlement)) { request, context in
            let tenant = try context.tenantContext()
            let query = request.uri.queryParameters
            let text = try AskService.validated(query.get("q") ?? "")
            let limit = try query.integer("limit", default: 10, range: 1...50) ?? 10
            let found = try await search.search(text, limit: limit, for: tenant.id)
            return try .json(SearchResponse(items: found.passages.map(Citation.init)))
        }
    }
}

extension AikaController {
    /// The answer as server-sent events: `citations`, then `delta`s of text, then `done` with the
    /// whole answer (or `error` with a problem). The answer is made in a task of its own that
    /// hands frames to the writer, which the response body owns.
    func streamedAnswer(to question: AskService.PreparedQuestion, logger: Logger) -> Response {
        let asking = self.asking
        return Response(
            status: .ok, headers: [.contentType: EventStreamFrames.contentType, .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                let (frames, output) = AsyncStream<ByteBuffer>.makeStream()
                // Not a child of the response: an asker who hangs up does not cancel the answer,
                // so it is still logged and metered (the model call is bounded by its deadline and
                // the tenant's rate limit either way).
                let answering = Task {
                    do {
                        let answer = try await asking.answer(question) { event in
                            switch event {
                            case .citations(let citations): output.yield(try EventStreamFrames.frame("citations", citations))
                            case .delta(let text): output.yield(try EventStreamFrames.frame("delta", ["text": text]))
                            }
                        }
                        output.yield(try EventStreamFrames.frame("done", answer))
                    } catch {
                        let problem = error as? PorticoError
                        if problem == nil { logger.error("aika streamed answer failed", metadata: ["error": "\(error)"]) }
                        let frame = try? EventStreamFrames.frame("error", [
                            "code": problem?.code ?? "internal_error",
                            "detail": problem?.detail ?? "Something went wrong on our side; quote the request id when reporting it.",
                        ])
                        if let frame { output.yield(frame) }
                    }
                    output.finish()
                }
                for await frame in frames { try await writer.write(frame) }
                await answering.value
                try await writer.finish(nil)
            })
    }
}

struct FeedbackRequest: Decodable, Sendable {
    let helpful: Bool
    let comment: String?

    static let maximumCommentCharacters = 2_000

    func validatedComment() throws -> String? {
        guard let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines), !comment.isEmpty else { return nil }
        guard comment.count <= Self.maximumCommentCharacters, !comment.unicodeScalars.contains(where: { $0.value == 0 }) else {
            throw PorticoError.invalidRequest(
                "'comment' must be at most \(Self.maximumCommentCharacters) characters without NUL.", field: "comment")
        }
        return comment
    }
}

struct SearchResponse: Encodable, Sendable {
    let items: [Citation]
}
