import PorticoCore

/// The errors signals' clients see, with their stable codes.
enum SignalsProblem {
    static let hookNotFound = PorticoError.notFound("No webhook with this id.")
    static let clusterNotFound = PorticoError.notFound("No cluster with this name.")

    static let keyNotConfigured = PorticoError(
        status: 503, code: "signals_key_not_configured", title: "Signals key not configured",
        detail: "This deployment has no key to seal webhook secrets and cluster tokens (signals.keyEncryptionKey); ask the operator.")

    static let invalidSignature = PorticoError(
        status: 401, code: "invalid_signature", title: "Invalid signature",
        detail: "The delivery's signature (X-Hub-Signature-256) or token (X-Gitlab-Token) does not match the webhook's secret; nothing was stored.")

    static func limit(hooks: Int) -> PorticoError {
        PorticoError(status: 403, code: "plan_limit_reached", title: "Plan limit reached",
                     detail: "The plan allows \(hooks) webhooks; delete one or upgrade the plan.")
    }

    static func limit(clusters: Int) -> PorticoError {
        PorticoError(status: 403, code: "plan_limit_reached", title: "Plan limit reached",
                     detail: "The plan allows \(clusters) Kubernetes clusters; delete one or upgrade the plan.")
    }

    static let nulByte = PorticoError(
        status: 400, code: "nul_byte", title: "NUL byte in body",
        detail: "The body holds a NUL byte (raw or as \\u0000), which no stored value may contain.", field: "body")

    /// Past `DeliveryIngestion.maximumWaiting` deliveries of one tenant waiting to be written.
    static let deliveriesBusy = PorticoError(
        status: 503, code: "signals_deliveries_busy", title: "Too many deliveries waiting",
        detail: "This tenant's deliveries are arriving faster than they can be written; retry shortly.",
        headers: ["Retry-After": "1"])

    static func payload(_ detail: String, field: String) -> PorticoError {
        PorticoError(status: 422, code: "invalid_payload", title: "Invalid payload", detail: detail, field: field)
    }
}
