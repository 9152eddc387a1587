extension OpenAPIFragment {
    /// What the gateway answers on any route: problem+json errors.
    public static let gateway = OpenAPIFragment(owner: "gateway", parts: [#"""
        paths: {}
        components:
          schemas:
            Problem:
              type: object
              description: >-
                RFC 9457 problem details, with Portico's stable `code`, the offending `field` (for bad
                input) and the request id to quote when reporting it.
              properties:
                type: {type: string}
                title: {type: string}
                status: {type: integer, minimum: 100, maximum: 599}
                detail: {type: string}
                code: {type: string, description: "A stable machine-readable error code."}
                field: {type: string, description: "The request field at fault, when one is."}
                requestId: {type: string}
              required: [type, title, status, detail, code, requestId]
              additionalProperties: false
          responses:
            Problem:
              description: >-
                An error as problem+json: bad input (400, 413, 415, 422), missing or bad credentials (401),
                not allowed (403), not found (404), conflict (409), too many requests (429, with
                `Retry-After`), database unavailable (503, with `Retry-After`).
              content:
                application/problem+json:
                  schema: {$ref: '#/components/schemas/Problem'}
        """#])
}
