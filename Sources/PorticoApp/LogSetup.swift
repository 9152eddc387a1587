import Foundation
import Logging
import Synchronization

/// Process-wide logging, bootstrapped once (swift-log allows one bootstrap per process).
public enum LogSetup {
    private static let bootstrapped = Mutex(false)

    public static func bootstrap(level: Logger.Level, format: Settings.LogFormat) {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler = StandardErrorLogHandler(label: label, format: format)
            handler.logLevel = level
            return handler
        }
    }

    public static func logger(_ label: String, level: Logger.Level) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
