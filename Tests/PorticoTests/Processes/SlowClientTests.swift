import Foundation
import Glibc
import Testing

/// A client that opens a connection and sends half a request header must not hold it open for ever.
@Suite struct SlowClientTests {
    @Test func aPartialRequestHeaderIsClosedAfterTheIdleTimeout() async throws {
        let (server, base) = try await PorticoProcess.serve(
            databaseURL: try await TestDatabase.sharedURL(), environment: ["PORTICO_HTTP_IDLE_TIMEOUT_SECONDS": "1"])
        defer { server.stop() }
        let port = try #require(base.split(separator: ":").last.flatMap { UInt16($0) })

        let socket = try RawSocket(port: port)
        defer { socket.close() }
        try socket.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        // recv returns 0 once the server closes; the socket's own receive timeout (far longer than the
        // server's) only keeps a broken server from hanging the test.
        #expect(socket.receive() == 0, "the server closed the connection")
    }
}

/// A plain blocking TCP socket, for talking to the server below any HTTP client.
struct RawSocket {
    let descriptor: Int32

    init(port: UInt16) throws {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ProcessFailure(message: "socket() failed") }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw ProcessFailure(message: "connect() failed: errno \(errno)") }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw ProcessFailure(message: "send() failed") }
    }

    /// Bytes read by one recv: 0 when the peer closed, -1 on error or timeout.
    func receive() -> Int {
        var buffer = [UInt8](repeating: 0, count: 4096)
        return Glibc.recv(descriptor, &buffer, buffer.count, 0)
    }

    func close() { _ = Glibc.close(descriptor) }
}
