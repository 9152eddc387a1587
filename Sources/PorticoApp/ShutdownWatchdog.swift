import Dispatch
import Foundation
import Logging
import ServiceLifecycle

/// The last line of defence for "SIGTERM stops the process within its grace period": once a stop
/// signal arrives, the process exits at the end of the grace period plus a short margin for
/// cancellation, even if some task ignores cancellation (one stuck on a connection the database
/// dropped). ServiceGroup drains and cancels first; this only fires if that did not finish.
enum ShutdownWatchdog {
    static let cancellationMargin: Duration = .seconds(3)

    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func arm(grace: Duration, logger: Logger) {
        let limit = grace + cancellationMargin
        for signalNumber in [SIGTERM, SIGINT] {
            // ServiceGroup turns these signals into a graceful shutdown; ignoring their default
            // action here keeps them from killing the process before it is listening.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(limit / .nanoseconds(1)))) {
                    logger.error("shutdown did not finish within the grace period and cancellation margin; exiting", metadata: [
                        "grace_seconds": "\(grace.components.seconds)",
                    ])
                    exit(1)
                }
            }
            source.resume()
            sources.append(source)
        }
    }
}

extension Runtime {
    /// Runs a process's services until SIGTERM or SIGINT, bounded by the shutdown grace period.
    public func runUntilStopped(_ group: ServiceGroup) async throws {
        ShutdownWatchdog.arm(grace: settings.shutdownGrace, logger: logger)
        try await group.run()
    }
}
