import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// One HTTP response: status, headers (names lower-cased) and the URL that gave it.
struct HTTPResponse: Sendable, Equatable {
    let url: URL
    let status: Int
    let headers: [String: String]

    /// The value of header `name` (any case).
    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// `Content-Length` as a number.
    var contentLength: Int64? { header("Content-Length").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) } }

    init(url: URL, status: Int, headers: [String: String]) {
        self.url = url
        self.status = status
        var lowered = [String: String]()
        for (name, value) in headers { lowered[name.lowercased()] = value }
        self.headers = lowered
    }

    init(_ response: HTTPURLResponse, fallbackURL: URL) {
        var headers = [String: String]()
        for (name, value) in response.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        self.init(url: response.url ?? fallbackURL, status: response.statusCode, headers: headers)
    }
}

/// Which redirects a request follows.
enum RedirectPolicy: Sendable {
    /// None: a 3xx answer is returned as is (how metadata `HEAD`s read the hub's own headers).
    case none
    /// Only redirects whose `Location` is relative (the hub's renamed-repo redirects), as huggingface_hub does.
    case relativeOnly
    /// All of them (a file `GET` that the hub sends on to its CDN).
    case all
}

/// What a streamed download produced.
struct DownloadResult: Sendable {
    /// The final response (after redirects).
    let response: HTTPResponse
    /// Where in the file writing began: the resume offset for a 206 answer, 0 for a 200.
    let startOffset: Int64
    /// Bytes written to the file by this request.
    let bytesWritten: Int64
    /// The body of a non-2xx answer (at most 64 KiB), for error messages.
    let errorBody: Data
    /// A transport failure after the response arrived (the body stopped early), if any.
    let failure: HubError?
}

/// A small synchronous HTTP/1.1 client over `URLSession` (libcurl on Linux): bodies of downloads
/// stream straight to disk through a session delegate, redirects are followed only as asked, and
/// the token is sent to the hub endpoint's host alone (never to the CDN a file redirects to).
struct HTTPClient: Sendable {
    /// Sent as `Authorization: Bearer …` to `authorizedHost`.
    let token: String?
    /// host:port of the endpoint.
    let authorizedHost: String?
    let userAgent = "vectorbook/1.0 (Swift; hf_hub-compatible)"

    init(token: String?, endpoint: URL) {
        self.token = token
        self.authorizedHost = Self.hostKey(endpoint)
    }

    /// Requests `url` and collects the body in memory (at most `maxBytes`; more is an error).
    func fetch(_ url: URL, method: String = "GET", redirects: RedirectPolicy, timeout: Double,
               maxBytes: Int = 32 << 20) throws -> (HTTPResponse, Data) {
        let delegate = TaskDelegate(client: self, redirects: redirects, sink: .memory(limit: maxBytes), timeout: timeout)
        let outcome = try delegate.run(request(url, method: method, timeout: timeout))
        if let failure = outcome.failure { throw failure }
        return (outcome.response, outcome.body)
    }

    /// `GET`s `url` into `file`, following all redirects. With `resumeFrom` > 0 it asks for
    /// `Range: bytes=N-` and appends when the server answers 206; a 200 answer rewrites the file from
    /// zero. `started` gets the offset writing begins at and the body's length when a 2xx answer
    /// arrives; `progress` gets the number of bytes written with each chunk.
    func download(_ url: URL, into file: URL, resumeFrom: Int64, timeout: Double,
                  started: @escaping @Sendable (_ startOffset: Int64, _ bodyLength: Int64?) -> Void,
                  progress: @escaping @Sendable (Int64) -> Void) throws -> DownloadResult {
        var request = request(url, method: "GET", timeout: timeout)
        if resumeFrom > 0 { request.setValue("bytes=\(resumeFrom)-", forHTTPHeaderField: "Range") }
        let delegate = TaskDelegate(client: self, redirects: .all,
                                    sink: .file(file, resumeFrom: resumeFrom, started: started, progress: progress),
                                    timeout: timeout)
        let outcome = try delegate.run(request)
        return DownloadResult(response: outcome.response, startOffset: outcome.startOffset,
                              bytesWritten: outcome.written, errorBody: outcome.body, failure: outcome.failure)
    }

    /// The request for `url` with the standard headers; the token only when `url` is on the endpoint's host.
    func request(_ url: URL, method: String, timeout: Double, copying original: URLRequest? = nil) -> URLRequest {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        if let original {
            for (name, value) in original.allHTTPHeaderFields ?? [:] where name.lowercased() != "authorization" {
                request.setValue(value, forHTTPHeaderField: name)
            }
        } else {
            request.setValue(userAgent, forHTTPHeaderField: "User-Agent")
            // Sizes and digests are of the stored bytes: never let a transfer encoding change them.
            request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        }
        if let token, Self.hostKey(url) == authorizedHost {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        return request
    }

    static func hostKey(_ url: URL) -> String? {
        guard let host = url.host?.lowercased() else { return nil }
        let port = url.port ?? (url.scheme?.lowercased() == "http" ? 80 : 443)
        return "\(host):\(port)"
    }

    /// Maps a transport error to a ``HubError``.
    static func hubError(_ error: any Error, url: URL, timeout: Double) -> HubError {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .timedOut: return .timedOut(url: url.absoluteString, seconds: timeout)
            case .cannotConnectToHost: return .network(url: url.absoluteString, reason: "connection refused")
            case .cannotFindHost, .dnsLookupFailed:
                return .network(url: url.absoluteString, reason: "host not found (no network? set HF_HUB_OFFLINE=1 to work offline)")
            case .networkConnectionLost: return .network(url: url.absoluteString, reason: "connection lost")
            case .notConnectedToInternet: return .network(url: url.absoluteString, reason: "not connected to the internet")
            default: break
            }
        }
        return .network(url: url.absoluteString, reason: error.localizedDescription)
    }
}

/// Where a task's body goes.
private enum Sink: Sendable {
    case memory(limit: Int)
    case file(URL, resumeFrom: Int64, started: @Sendable (Int64, Int64?) -> Void, progress: @Sendable (Int64) -> Void)
}

/// What a finished task produced.
private struct Outcome: Sendable {
    var response: HTTPResponse
    var body: Data
    var startOffset: Int64
    var written: Int64
    var failure: HubError?
}

/// The session delegate of one request: decides redirects, streams the body, and wakes the caller.
private final class TaskDelegate: NSObject, URLSessionDataDelegate, Sendable {
    private struct State {
        var response: HTTPURLResponse?
        var body = Data()
        var handle: FileHandle?
        var startOffset: Int64 = 0
        var written: Int64 = 0
        var redirectCount = 0
        var failure: HubError?
        var transportError: (any Error)?
    }

    private let client: HTTPClient
    private let redirects: RedirectPolicy
    private let sink: Sink
    private let timeout: Double
    private let state = Mutex(State())
    private let done = DispatchSemaphore(value: 0)
    private let originalRequest = Mutex<URLRequest?>(nil)

    init(client: HTTPClient, redirects: RedirectPolicy, sink: Sink, timeout: Double) {
        self.client = client
        self.redirects = redirects
        self.sink = sink
        self.timeout = timeout
    }

    /// Runs `request` to completion and returns what it produced; throws when no response came at all.
    func run(_ request: URLRequest) throws -> Outcome {
        originalRequest.withLock { $0 = request }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = 7 * 24 * 3600
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
        session.dataTask(with: request).resume()
        done.wait()
        session.finishTasksAndInvalidate()

        let url = request.url ?? URL(fileURLWithPath: "/")
        return try state.withLock { state in
            try? state.handle?.close()
            state.handle = nil
            if let failure = state.failure, state.response == nil { throw failure }
            guard let response = state.response else {
                if let error = state.transportError { throw HTTPClient.hubError(error, url: url, timeout: timeout) }
                throw HubError.invalidResponse(url: url.absoluteString, reason: "no HTTP response")
            }
            var failure = state.failure
            if failure == nil, let error = state.transportError {
                failure = HTTPClient.hubError(error, url: response.url ?? url, timeout: timeout)
            }
            return Outcome(response: HTTPResponse(response, fallbackURL: url), body: state.body,
                           startOffset: state.startOffset, written: state.written, failure: failure)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        let location = response.value(forHTTPHeaderField: "Location") ?? ""
        let isAbsolute = location.lowercased().hasPrefix("http://") || location.lowercased().hasPrefix("https://")
            || location.hasPrefix("//")
        let follow: Bool
        switch redirects {
        case .none: follow = false
        case .relativeOnly: follow = !isAbsolute
        case .all: follow = true
        }
        guard follow, let target = request.url else {
            completionHandler(nil)
            return
        }
        let tooMany = state.withLock { state -> Bool in
            state.redirectCount += 1
            if state.redirectCount > 10 {
                state.failure = .tooManyRedirects(url: response.url?.absoluteString ?? location)
                return true
            }
            return false
        }
        if tooMany {
            completionHandler(nil)
            task.cancel()
            return
        }
        let original = originalRequest.withLock { $0 }
        completionHandler(client.request(target, method: original?.httpMethod ?? "GET", timeout: timeout, copying: original))
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        guard let http = response as? HTTPURLResponse else {
            state.withLock { $0.failure = .invalidResponse(url: response.url?.absoluteString ?? "?", reason: "not an HTTP response") }
            completionHandler(.cancel)
            return
        }
        let proceed = state.withLock { state -> Bool in
            state.response = http
            guard case let .file(url, resumeFrom, _, _) = sink, (200..<300).contains(http.statusCode) else { return true }
            do {
                if http.statusCode == 206, resumeFrom > 0 {
                    let range = http.value(forHTTPHeaderField: "Content-Range") ?? ""
                    guard Self.rangeStart(range) == resumeFrom else {
                        state.failure = .invalidResponse(url: http.url?.absoluteString ?? url.path,
                                                         reason: "asked for bytes from \(resumeFrom), got Content-Range '\(range)'")
                        return false
                    }
                    let handle = try FileHandle(forWritingTo: url)
                    try handle.truncate(atOffset: UInt64(resumeFrom))
                    try handle.seekToEnd()
                    state.handle = handle
                    state.startOffset = resumeFrom
                } else {
                    // A full answer (the server ignored Range, or none was asked for): start from zero.
                    if !FileManager.default.createFile(atPath: url.path, contents: nil) {
                        throw HubError.fileSystem(path: url.path, operation: "create", reason: "cannot create the file")
                    }
                    state.handle = try FileHandle(forWritingTo: url)
                    state.startOffset = 0
                }
                return true
            } catch {
                state.failure = (error as? HubError)
                    ?? .fileSystem(path: url.path, operation: "write", reason: error.localizedDescription)
                return false
            }
        }
        if proceed, (200..<300).contains(http.statusCode), case let .file(_, _, started, _) = sink {
            let length = http.expectedContentLength >= 0 ? http.expectedContentLength : nil
            started(state.withLock { $0.startOffset }, length)
        }
        completionHandler(proceed ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let (keepGoing, progress) = state.withLock { state -> (Bool, Int64) in
            if let handle = state.handle {
                do {
                    try handle.write(contentsOf: data)
                    state.written += Int64(data.count)
                    return (true, Int64(data.count))
                } catch {
                    let path: String
                    if case let .file(url, _, _, _) = sink { path = url.path } else { path = "?" }
                    state.failure = .fileSystem(path: path, operation: "write", reason: error.localizedDescription)
                    return (false, 0)
                }
            }
            let limit: Int
            switch sink {
            case let .memory(maximum): limit = maximum
            case .file: limit = 64 << 10   // the body of an error answer, kept for the message
            }
            if state.body.count + data.count > limit {
                if case .memory = sink {
                    state.failure = .invalidResponse(url: dataTask.originalRequest?.url?.absoluteString ?? "?",
                                                     reason: "the answer is larger than \(limit) bytes")
                    return (false, 0)
                }
                return (true, 0)
            }
            state.body.append(data)
            return (true, 0)
        }
        if progress > 0, case let .file(_, _, _, report) = sink { report(progress) }
        if !keepGoing { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        state.withLock { state in
            if let error, state.failure == nil { state.transportError = error }
            try? state.handle?.synchronize()
        }
        done.signal()
    }

    /// The first byte of `Content-Range: bytes N-M/T`.
    private static func rangeStart(_ header: String) -> Int64? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bytes ") else { return nil }
        let spec = trimmed.dropFirst("bytes ".count)
        guard let dash = spec.firstIndex(of: "-") else { return nil }
        return Int64(spec[..<dash].trimmingCharacters(in: .whitespaces))
    }
}
