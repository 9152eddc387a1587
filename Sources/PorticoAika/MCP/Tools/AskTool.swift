extension MCPTool {
    /// `ask`: the same as `POST /api/aika/ask`, validated, logged and metered by the same service.
    static func ask(_ asking: AskService) -> MCPTool {
        MCPTool(
            name: "ask", title: "Ask AiKA",
            description: """
                Answers a question from this organization's own software catalog and documents only, with citations. \
                Catalog questions ("who owns X?", "which APIs does X consume?", "what does team Y own?") are answered \
                exactly from the catalog's relations; others from the best matching passages. The answer says \
                `answered: false` when the organization's knowledge holds no answer. To ask a follow-up, pass the \
                conversationId of the earlier answer.
                """,
            inputSchema: MCPSchema.object([
                "question": MCPSchema.string("The question, in plain words.", maxLength: AskRequest.maximumQuestionCharacters),
                "conversationId": MCPSchema.string("The conversationId of an earlier answer, to ask a follow-up.", format: "uuid"),
            ], required: ["question"]),
            readOnly: false
        ) { arguments, caller in
            let request = AskRequest(question: try arguments.string("question") ?? "", conversationId: try arguments.uuid("conversationId"))
            let answer = try await asking.ask(request, tenant: caller.tenant, askedBy: caller.askedBy)
            return .success([answer.answer, try MCPToolResult.jsonText(answer.citations)], structured: answer)
        }
    }
}
