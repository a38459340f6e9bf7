import Foundation
import Synchronization
@testable import ModelHub
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request the test server received.
struct LoggedRequest: Sendable, Equatable {
    let method: String
    let path: String
    /// Header names lower-cased.
    let headers: [String: String]
}

/// A loopback HTTP/1.1 server (127.0.0.1, ephemeral port, one thread per connection,
/// `Connection: close`) that imitates the parts of the Hugging Face hub a download uses:
///
/// - `GET /api/models/{id}/revision/{revision}` → `{"sha", "siblings": [{"rfilename"}]}`
///   (404 + `X-Error-Code: RepoNotFound` / `RevisionNotFound`; 401 for gated repos without the token);
/// - `HEAD|GET /{id}/resolve/{revision}/{file}`: small files answer 200 with `ETag` = git blob SHA-1;
///   LFS files answer 302 to `/cdn/{sha256}` with `X-Linked-Etag` / `X-Linked-Size`;
///   both carry `X-Repo-Commit`; 404 + `EntryNotFound` for unknown files;
/// - `HEAD|GET /cdn/{sha256}`: the LFS content;
///
/// with `Range: bytes=N-` support and scripted faults: a truncated body, a stall, an ignored Range,
/// and advertised etags that do not match the content.
final class TestHubServer: Sendable {
    struct Repo: Sendable {
        var id: String
        var commit: String
        var files: [String: Data]
        /// Files stored in LFS (served through the CDN redirect with a SHA-256 etag).
        var lfs: Set<String>
        /// Etags to advertise instead of the real digest (to script corruption).
        var advertisedEtag: [String: String] = [:]
        /// Answer 401 unless `Authorization: Bearer <token>` is sent.
        var requiredToken: String?
    }

    private struct State {
        var repos: [String: Repo] = [:]
        var log: [LoggedRequest] = []
        var connections = 0
        /// file name → bytes of the body to send on the next GET before closing.
        var truncateNext: [String: Int] = [:]
        /// file name → (bytes, seconds): send that many bytes, then wait before closing.
        var stallNext: [String: (Int, Double)] = [:]
        var ignoreRange = false
        /// Seconds to wait before answering any request (to script metadata timeouts).
        var silence: Double = 0
        /// file name → (pieces, seconds between them): send the next GET's body slowly.
        var trickleNext: [String: (Int, Double)] = [:]
        /// Old id → current id: the hub's answer for a renamed repository (a relative redirect).
        var renamed: [String: (to: String, status: Int)] = [:]
    }

    let port: UInt16
    private let listener: Int32
    private let state = Mutex(State())

    /// The server's base URL, the `endpoint` to give ``HubOptions``.
    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

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
        guard bound == 0, listen(fd, 64) == 0 else {
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
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    private let stopped = Mutex(false)

    /// Stops accepting connections (call it when a test ends; idempotent).
    func stop() {
        let already = stopped.withLock { value -> Bool in
            defer { value = true }
            return value
        }
        guard !already else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    // MARK: - Scripting

    func add(_ repo: Repo) { state.withLock { $0.repos[repo.id] = repo } }
    func truncateNextGet(of file: String, afterBytes bytes: Int) { state.withLock { $0.truncateNext[file] = bytes } }
    func stallNextGet(of file: String, afterBytes bytes: Int, seconds: Double) {
        state.withLock { $0.stallNext[file] = (bytes, seconds) }
    }
    func trickleNextGet(of file: String, pieces: Int, secondsApart: Double) {
        state.withLock { $0.trickleNext[file] = (pieces, secondsApart) }
    }
    func setSilence(seconds: Double) { state.withLock { $0.silence = seconds } }
    func setIgnoreRange(_ ignore: Bool) { state.withLock { $0.ignoreRange = ignore } }
    /// Answers requests for `old` with a relative redirect (`status`) to the same path under `new`.
    func rename(_ old: String, to new: String, status: Int = 307) {
        state.withLock { $0.renamed[old] = (new, status) }
    }

    /// The host LFS downloads are redirected to: another name for this server, so that requests to
    /// the "CDN" are told apart from requests to the hub (the token must not go there).
    static let cdnHost = "localhost"

    /// Every request so far, in order of arrival.
    var requests: [LoggedRequest] { state.withLock { $0.log } }
    /// Connections accepted so far (a client that connects but sends nothing still counts).
    var connectionCount: Int { state.withLock { $0.connections } }
    func clearLog() { state.withLock { $0.log.removeAll() } }

    // MARK: - Digests the hub would announce

    static func sha256(_ data: Data) -> String { SHA256.hash(data).hexString }
    static func gitBlobSHA1(_ data: Data) -> String {
        var hasher = SHA1()
        hasher.update(SHA1.gitBlobHeader(size: Int64(data.count)))
        hasher.update(data)
        return hasher.finalize().hexString
    }

    // MARK: - Serving

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            state.withLock { $0.connections += 1 }
            let thread = Thread { [self] in
                handle(client)
                close(client)
            }
            thread.start()
        }
    }

    private struct Reply {
        var status: Int
        var headers: [(String, String)] = []
        var body = Data()
        /// Send only this many body bytes, then close (the headers still announce the full length).
        var sendOnly: Int?
        var stallSeconds: Double = 0
        var trickle: (pieces: Int, secondsApart: Double)?
        var headOnly = false
    }

    private func handle(_ fd: Int32) {
        guard let request = readRequest(fd) else { return }
        let silence = state.withLock { state -> Double in
            state.log.append(request)
            return state.silence
        }
        if silence > 0 { Thread.sleep(forTimeInterval: silence) }
        var reply = route(request)
        reply.headOnly = request.method == "HEAD"
        transmit(reply, to: fd)
    }

    private func readRequest(_ fd: Int32) -> LoggedRequest? {
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        let terminator: [UInt8] = [13, 10, 13, 10]
        while buffer.count < 64 << 10 {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<count])
            if buffer.count >= 4, (0...(buffer.count - 4)).contains(where: { Array(buffer[$0..<$0 + 4]) == terminator }) { break }
        }
        let text = String(decoding: buffer, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2 else { return nil }
        var headers = [String: String]()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return LoggedRequest(method: String(parts[0]), path: String(parts[1]), headers: headers)
    }

    private func route(_ request: LoggedRequest) -> Reply {
        let path = request.path.removingPercentEncoding ?? request.path
        let renamed = state.withLock { $0.renamed }
        for (old, target) in renamed {
            for prefix in ["/api/models/\(old)/", "/\(old)/resolve/"] where request.path.hasPrefix(prefix) {
                let location = prefix.replacingOccurrences(of: old, with: target.to) + request.path.dropFirst(prefix.count)
                return Reply(status: target.status, headers: [("Location", location)], body: Data())
            }
        }
        if path.hasPrefix("/api/models/"), let marker = path.range(of: "/revision/") {
            let id = String(path[path.index(path.startIndex, offsetBy: "/api/models/".count)..<marker.lowerBound])
            let revision = String(path[marker.upperBound...])
            return apiReply(id: id, revision: revision, request: request)
        }
        if path.hasPrefix("/cdn/") {
            let sha = String(path.dropFirst("/cdn/".count))
            let found = state.withLock { state -> (String, Data)? in
                for repo in state.repos.values {
                    for name in repo.lfs {
                        if let data = repo.files[name], Self.sha256(data) == sha { return (name, data) }
                    }
                }
                return nil
            }
            guard let (name, data) = found else { return Reply(status: 404, body: Data("no such object".utf8)) }
            return contentReply(file: name, data: data, extraHeaders: [], request: request)
        }
        if let marker = path.range(of: "/resolve/") {
            let id = String(path[path.index(after: path.startIndex)..<marker.lowerBound])
            let rest = path[marker.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { return Reply(status: 404) }
            let revision = String(rest[..<slash])
            let file = String(rest[rest.index(after: slash)...])
            return resolveReply(id: id, revision: revision, file: file, request: request)
        }
        return Reply(status: 404, body: Data("not found".utf8))
    }

    private enum RepoCheck { case success(Repo), failure(Reply) }

    private func repoCheck(id: String, revision: String, request: LoggedRequest) -> RepoCheck {
        guard let repo = state.withLock({ $0.repos[id] }) else {
            return .failure(Reply(status: 404, headers: [("X-Error-Code", "RepoNotFound")],
                                  body: Data(#"{"error":"Repository not found"}"#.utf8)))
        }
        if let token = repo.requiredToken, request.headers["authorization"] != "Bearer \(token)" {
            return .failure(Reply(status: 401, headers: [("X-Error-Code", "GatedRepo")],
                                  body: Data(#"{"error":"Access to this model is restricted"}"#.utf8)))
        }
        guard revision == "main" || revision == repo.commit else {
            return .failure(Reply(status: 404, headers: [("X-Error-Code", "RevisionNotFound")],
                                  body: Data(#"{"error":"Invalid rev id"}"#.utf8)))
        }
        return .success(repo)
    }

    private func apiReply(id: String, revision: String, request: LoggedRequest) -> Reply {
        switch repoCheck(id: id, revision: revision, request: request) {
        case .failure(let reply): return reply
        case .success(let repo):
            let siblings = repo.files.keys.sorted().map { ["rfilename": $0] }
            let object: [String: Any] = ["id": repo.id, "modelId": repo.id, "sha": repo.commit, "siblings": siblings]
            let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
            return Reply(status: 200, headers: [("Content-Type", "application/json")], body: body)
        }
    }

    private func resolveReply(id: String, revision: String, file: String, request: LoggedRequest) -> Reply {
        let repo: Repo
        switch repoCheck(id: id, revision: revision, request: request) {
        case .failure(let reply): return reply
        case .success(let found): repo = found
        }
        guard let data = repo.files[file] else {
            return Reply(status: 404, headers: [("X-Error-Code", "EntryNotFound"), ("X-Repo-Commit", repo.commit)],
                         body: Data("Entry not found".utf8))
        }
        if repo.lfs.contains(file) {
            let sha = Self.sha256(data)
            let location = "http://\(Self.cdnHost):\(port)/cdn/\(sha)"
            return Reply(status: 302, headers: [
                ("Location", location),
                ("X-Repo-Commit", repo.commit),
                ("X-Linked-Etag", "\"\(repo.advertisedEtag[file] ?? sha)\""),
                ("X-Linked-Size", String(data.count)),
                ("ETag", "W/\"\(Self.gitBlobSHA1(Data("pointer \(sha)".utf8)))\""),
            ], body: Data())
        }
        let etag = repo.advertisedEtag[file] ?? Self.gitBlobSHA1(data)
        return contentReply(file: file, data: data,
                            extraHeaders: [("X-Repo-Commit", repo.commit), ("ETag", "\"\(etag)\"")], request: request)
    }

    private func contentReply(file: String, data: Data, extraHeaders: [(String, String)], request: LoggedRequest) -> Reply {
        var reply = Reply(status: 200, headers: extraHeaders)
        var body = data
        let ignoreRange = state.withLock { $0.ignoreRange }
        if let range = request.headers["range"], !ignoreRange, range.hasPrefix("bytes="), range.hasSuffix("-"),
           let start = Int(range.dropFirst("bytes=".count).dropLast()) {
            if start >= data.count {
                return Reply(status: 416, headers: [("Content-Range", "bytes */\(data.count)")])
            }
            reply.status = 206
            reply.headers.append(("Content-Range", "bytes \(start)-\(data.count - 1)/\(data.count)"))
            body = data.subdata(in: start..<data.count)
        }
        reply.body = body
        reply.headers.append(("Accept-Ranges", "bytes"))
        reply.headers.append(("Content-Type", "application/octet-stream"))
        if request.method == "GET" {
            state.withLock { state in
                if let bytes = state.truncateNext.removeValue(forKey: file) { reply.sendOnly = bytes }
                if let trickle = state.trickleNext.removeValue(forKey: file) { reply.trickle = trickle }
                if let (bytes, seconds) = state.stallNext.removeValue(forKey: file) {
                    reply.sendOnly = bytes
                    reply.stallSeconds = seconds
                }
            }
        }
        return reply
    }

    private func transmit(_ reply: Reply, to fd: Int32) {
        var head = "HTTP/1.1 \(reply.status) \(Self.reason(reply.status))\r\n"
        for (name, value) in reply.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(reply.body.count)\r\nConnection: close\r\n\r\n"
        writeAll(Data(head.utf8), to: fd)
        guard !reply.headOnly else { return }
        let count = min(reply.sendOnly ?? reply.body.count, reply.body.count)
        if let trickle = reply.trickle, trickle.pieces > 1 {
            let piece = (count + trickle.pieces - 1) / trickle.pieces
            var offset = 0
            while offset < count {
                if offset > 0 { Thread.sleep(forTimeInterval: trickle.secondsApart) }
                let end = min(offset + piece, count)
                writeAll(reply.body.subdata(in: offset..<end), to: fd)
                offset = end
            }
        } else {
            writeAll(reply.body.prefix(count), to: fd)
        }
        if reply.stallSeconds > 0 { Thread.sleep(forTimeInterval: reply.stallSeconds) }
    }

    private func writeAll(_ data: Data, to fd: Int32) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let sent = send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return }
                offset += sent
            }
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 416: "Range Not Satisfiable"
        default: "Status"
        }
    }
}
