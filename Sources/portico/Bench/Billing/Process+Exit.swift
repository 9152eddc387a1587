import Foundation

extension Process {
    /// Starts the process; the task returned ends when it has exited. Awaiting it holds no thread
    /// of the concurrency pool (an in-process server under test needs them).
    func start() throws -> Task<Void, Never> {
        let (exited, exit) = AsyncStream<Void>.makeStream()
        terminationHandler = { _ in exit.finish() }
        try run()
        return Task { for await _ in exited {} }
    }
}
