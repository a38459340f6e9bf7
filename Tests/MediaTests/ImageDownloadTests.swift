import Foundation
import Synchronization
import ModelHub
import Testing
import Media
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback HTTP/1.1 server for image downloads: 127.0.0.1 on an ephemeral port, one thread per
/// connection, `Connection: close`, fixed routes (path → status + body), and a log of request paths.
final class ImageTestServer: Sendable {
    private struct State {
        var routes: [String: (status: Int, body: Data)] = [:]
        var log: [String] = []
    }

    let port: UInt16
    private let listener: Int32
    private let state = Mutex(State())
    private let stopped = Mutex(false)

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: actual.sin_port)
        Thread { [self] in acceptLoop() }.start()
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    func serve(_ path: String, status: Int = 200, body: Data) { state.withLock { $0.routes[path] = (status, body) } }

    /// Paths requested so far, in order.
    var requests: [String] { state.withLock { $0.log } }

    /// Stops accepting connections. The accept loop closes the socket itself, so its descriptor
    /// cannot be reused by another server while the loop still polls it.
    func stop() {
        stopped.withLock { $0 = true }
    }

    private func acceptLoop() {
        defer { close(listener) }
        while !stopped.withLock({ $0 }) {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let client = accept(listener, nil, nil)
            if client < 0 { continue }
            if stopped.withLock({ $0 }) {
                close(client)
                return
            }
            Thread { [self] in handle(client) }.start()
        }
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: [13, 10, 13, 10]) && request.count < 65536 {
            let count = read(client, &buffer, buffer.count)
            if count <= 0 { return }
            request += buffer[0 ..< count]
        }
        let line = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self).split(separator: " ")
        guard line.count >= 2 else { return }
        let path = String(line[1])
        let route = state.withLock { state -> (status: Int, body: Data)? in
            state.log.append(path)
            return state.routes[path]
        }
        let (status, body) = route ?? (404, Data("not found".utf8))
        let header = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Error")\r\nContent-Length: \(body.count)\r\n"
            + "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
        let response = [UInt8](header.utf8) + [UInt8](body)
        let total = response.count
        var sent = 0
        while sent < total {
            let offset = sent
            let count = response.withUnsafeBytes { write(client, $0.baseAddress! + offset, total - offset) }
            if count <= 0 { return }
            sent += count
        }
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}

@Suite("Image downloads and the image cache")
struct ImageDownloadTests {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("vectorbook-image-cache-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func fixture(_ file: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: DecodeFixtures.path(file)))
    }

    @Test("downloads once, caches under the URL's SHA-256, and reuses the file without a request")
    func downloadsAndReuses() throws {
        let server = try ImageTestServer()
        defer { server.stop() }
        let cache = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        server.serve("/images/cat.png", body: try Self.fixture("png_rgba8.png"))
        let url = server.url("/images/cat.png")

        let first = try Image(url: url, cacheDirectory: cache, offline: false)
        #expect(first == (try Image(contentsOf: DecodeFixtures.path("png_rgba8.png"))))
        #expect(server.requests == ["/images/cat.png"])
        let key = SHA256.hash(Data(url.absoluteString.utf8)).hexString
        #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent("\(key).png").path))

        let second = try Image(url: url, cacheDirectory: cache, offline: false)
        #expect(second == first)
        #expect(server.requests.count == 1, "the second call must not touch the network")
        // Offline works from the cache too.
        #expect(try Image(url: url, cacheDirectory: cache, offline: true) == first)
        #expect(server.requests.count == 1)
    }

    @Test("the cache extension comes from the content: a JPEG behind an extension-less URL is .jpg")
    func extensionFromContent() throws {
        let server = try ImageTestServer()
        defer { server.stop() }
        let cache = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        server.serve("/photo?id=7", body: try Self.fixture("jpeg_444.jpg"))
        let url = server.url("/photo?id=7")
        let image = try Image(url: url, cacheDirectory: cache, offline: false)
        #expect(image == (try Image(contentsOf: DecodeFixtures.path("jpeg_444.jpg"))))
        let key = SHA256.hash(Data(url.absoluteString.utf8)).hexString
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path) == ["\(key).jpg"])
    }

    @Test("offline and not cached: the error names the URL and the cache path; no request is made")
    func offlineNotCached() throws {
        let server = try ImageTestServer()
        defer { server.stop() }
        let cache = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let url = server.url("/dog.jpg")
        let error = try #require(throws: MediaError.self) { try Image(url: url, cacheDirectory: cache, offline: true) }
        guard case let .offlineNotCached(named, cachePath) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(named == url.absoluteString)
        #expect(cachePath.hasPrefix(cache.path))
        #expect(error.localizedDescription.contains(url.absoluteString))
        #expect(error.localizedDescription.contains(cache.path))
        #expect(server.requests.isEmpty)
    }

    @Test("HTTP errors and non-image bodies fail with the URL in the message and are not cached")
    func failures() throws {
        let server = try ImageTestServer()
        defer { server.stop() }
        let cache = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        server.serve("/page.png", body: Data("<!doctype html><html>moved</html>".utf8))
        server.serve("/gone.png", status: 410, body: Data("gone".utf8))
        server.serve("/cut.png", body: try Self.fixture("errors/truncated.png"))

        let missing = server.url("/missing.png")
        let notFound = try #require(throws: MediaError.self) { try Image(url: missing, cacheDirectory: cache, offline: false) }
        #expect(notFound == .downloadFailed(url: missing.absoluteString, reason: "the server answered HTTP 404"))
        let gone = try #require(throws: MediaError.self) {
            try Image(url: server.url("/gone.png"), cacheDirectory: cache, offline: false)
        }
        #expect(gone.localizedDescription.contains("HTTP 410"))

        let page = server.url("/page.png")
        let html = try #require(throws: MediaError.self) { try Image(url: page, cacheDirectory: cache, offline: false) }
        guard case let .unsupportedImageFormat(source, signature) = html else {
            Issue.record("unexpected error \(html)")
            return
        }
        #expect(source == page.absoluteString)
        #expect(signature.contains("text"))

        let cut = server.url("/cut.png")
        let truncated = try #require(throws: MediaError.self) { try Image(url: cut, cacheDirectory: cache, offline: false) }
        #expect(truncated.localizedDescription.contains(cut.absoluteString))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).isEmpty)
    }

    @Test("a refused connection is a download error naming the URL")
    func connectionRefused() throws {
        let server = try ImageTestServer()
        let url = server.url("/x.png")
        server.stop()
        Thread.sleep(forTimeInterval: 0.2)   // the accept loop notices within 50 ms and closes the socket
        let cache = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let error = try #require(throws: MediaError.self) { try Image(url: url, cacheDirectory: cache, offline: false, timeout: 5) }
        guard case .downloadFailed(let named, _) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(named == url.absoluteString)
    }

    @Test("the --offline override forces offline for init(url:) and nil restores the environment")
    func offlineOverride() throws {
        let server = try ImageTestServer()
        defer { server.stop() }
        server.serve("/override.png", body: try Self.fixture("png_rgb8.png"))
        // A URL with a fresh port and a unique query is never in the real cache.
        let url = server.url("/override.png?\(UUID().uuidString)")
        HubOptions.setOfflineOverride(true)
        defer { HubOptions.setOfflineOverride(nil) }
        #expect(MediaOptions.isOffline)
        let error = try #require(throws: MediaError.self) { try Image(url: url) }
        guard case .offlineNotCached(let named, let cachePath) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(named == url.absoluteString)
        #expect(cachePath.hasPrefix(MediaOptions.imageCacheDirectory.path))
        #expect(server.requests.isEmpty)
        HubOptions.setOfflineOverride(false)
        #expect(!MediaOptions.isOffline)
    }
}
