import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// Documentation served on loopback for the fetcher tests: markdown and `mkdocs.yml` files by
/// path, plus pages that misbehave. Paths not served answer 404.
enum TechDocsTestSite {
    /// How many requests were in flight at once, at most.
    final class Gauge: Sendable {
        private let counts = Mutex((current: 0, maximum: 0))

        func enter() { counts.withLock { $0.current += 1; $0.maximum = max($0.maximum, $0.current) } }
        func leave() { counts.withLock { $0.current -= 1 } }
        var maximum: Int { counts.withLock { $0.maximum } }
    }

    static func router(files: [String: String], gauge: Gauge = Gauge(), delay: Duration = .zero) -> Router<BasicRequestContext> {
        let router = Router()
        for (path, text) in files {
            router.get(RouterPath(path)) { _, _ -> String in
                gauge.enter()
                defer { gauge.leave() }
                try await Task.sleep(for: delay)
                return text
            }
        }
        router.get("/oversized.md") { _, _ -> String in String(repeating: "a", count: 2 << 20) }
        router.get("/latin1.md") { _, _ -> Response in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array("# Caf".utf8) + [0xE9])))
        }
        router.get("/broken.md") { _, _ -> Response in Response(status: .internalServerError) }
        router.get("/moved.md") { _, _ -> Response in
            Response(status: .found, headers: [.location: "http://metadata.test/latest/meta-data.md"])
        }
        router.get("/slow.md") { _, _ -> String in
            try await Task.sleep(for: .seconds(3))
            return "# Late"
        }
        return router
    }
}
