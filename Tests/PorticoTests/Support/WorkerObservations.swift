import Foundation
import Logging
import PorticoApp
import PorticoCore
import PorticoStore
import PostgresNIO
import ServiceLifecycle
import Synchronization
import Testing

/// Values a test's job handlers record from worker tasks.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }

    var all: [Value] { values.withLock { $0 } }
}

/// A flag test code flips while workers read it.
final class Flag: Sendable {
    private let value: Atomic<Bool>

    init(_ initial: Bool) { value = Atomic(initial) }

    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }

    func set(_ newValue: Bool) { value.store(newValue, ordering: .sequentiallyConsistent) }
}

/// An error with a readable description, as job handlers throw it.
struct TestJobFailure: Error, CustomStringConvertible {
    let description: String
}
