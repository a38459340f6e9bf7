import Foundation
import Glibc

/// A minimal HTTP/1.1 server on 127.0.0.1 (a local course for one learner): one thread per
/// connection, one request per connection. Every socket call is in this file.
public final class LoopbackServer: Sendable {
    /// Why the server could not start or stopped.
    public struct Failure: LocalizedError {
        public let message: String
        public var errorDescription: String? { message }
    }

    private let socket: Int32
    /// The port the server listens on (the one asked for, or the system's choice for 0).
    public let port: Int

    /// Binds 127.0.0.1:`port` (0: any free port) and starts listening.
    public init(port: Int) throws {
        guard (0 ... 65535).contains(port) else { throw Failure(message: "port \(port) is outside 0…65535") }
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(message: "cannot open a socket: \(String(cString: strerror(errno)))") }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(message: "cannot listen on 127.0.0.1:\(port): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        socket = descriptor
        self.port = Int(UInt16(bigEndian: actual.sin_port))
    }

    deinit { close(socket) }

    /// Accepts connections until the process ends, answering each on its own thread with `handle`
    /// (browsers open several connections at once, some of them idle). A request that does not
    /// arrive within `readTimeout` seconds is dropped.
    public func run(readTimeout: Int = 10, handle: @escaping @Sendable (HTTPRequest) -> HTTPResponse) -> Never {
        while true {
            let client = accept(socket, nil, nil)
            guard client >= 0 else {
                usleep(10_000)  // out of descriptors or interrupted: do not spin
                continue
            }
            let connection = Thread { [self] in
                serve(client, readTimeout: readTimeout, handle: handle)
                close(client)
            }
            connection.start()
        }
    }

    /// Answers one request on `client` (accepts exactly one connection; for tests).
    public func serveOne(readTimeout: Int = 10, handle: (HTTPRequest) -> HTTPResponse) {
        let client = accept(socket, nil, nil)
        guard client >= 0 else { return }
        serve(client, readTimeout: readTimeout, handle: handle)
        close(client)
    }

    private func serve(_ client: Int32, readTimeout: Int, handle: (HTTPRequest) -> HTTPResponse) {
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var response: HTTPResponse?
        while response == nil {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }  // closed, timed out or failed: nothing to answer
            received.append(contentsOf: buffer[0 ..< count])
            do throws(HTTPRequest.ParseError) {
                response = handle(try HTTPRequest.parse(received))
            } catch {
                switch error {
                case .incomplete: continue
                case .tooLarge(let size): response = .text(413, "The request is too large (\(size) bytes).\n")
                case .malformed(let reason): response = .text(400, "Malformed request: \(reason).\n")
                }
            }
        }
        guard let response else { return }
        let bytes = [UInt8](response.serialized())
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }
}
