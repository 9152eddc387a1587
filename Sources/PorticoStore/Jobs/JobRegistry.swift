import Foundation

/// The handlers a worker runs, by job kind. Modules register theirs at start-up.
public struct JobRegistry: Sendable {
    typealias Handler = @Sendable (_ payload: String, _ context: JobContext) async throws -> Void

    struct Registration: Sendable {
        let handler: Handler
        var deadline: Duration
    }

    private(set) var registrations: [String: Registration] = [:]
    private(set) var periodic: [PeriodicJob] = []

    public init() {}

    public mutating func register<Payload>(
        _ kind: JobKind<Payload>, _ handler: @escaping @Sendable (Payload, JobContext) async throws -> Void
    ) {
        let decoding: Handler = { json, context in
            let payload = try JSONDecoder().decode(Payload.self, from: Data(json.utf8))
            try await handler(payload, context)
        }
        registrations[kind.name] = Registration(handler: decoding, deadline: kind.deadline)
    }

    /// Runs a registered kind with another deadline than it declares (tests use short ones).
    public mutating func setDeadline<Payload>(_ deadline: Duration, for kind: JobKind<Payload>) {
        registrations[kind.name]?.deadline = deadline
    }

    /// A job enqueued once per `interval` across all workers together.
    public mutating func schedule(_ kind: JobKind<EmptyPayload>, every interval: Duration) {
        periodic.append(PeriodicJob(kind: kind, interval: interval))
    }

    /// The kinds of one module (names starting with `prefix`, such as `catalog.`): a benchmark's
    /// worker runs only those, so other modules' jobs do not share the cores it measures.
    public func only(kindsStartingWith prefix: String) -> JobRegistry {
        var registry = JobRegistry()
        registry.registrations = registrations.filter { $0.key.hasPrefix(prefix) }
        registry.periodic = periodic.filter { $0.name.hasPrefix(prefix) }
        return registry
    }

    var kinds: [String] { registrations.keys.sorted() }
}

struct PeriodicJob: Sendable {
    let kind: JobKind<EmptyPayload>
    let interval: Duration

    var name: String { kind.name }
}
