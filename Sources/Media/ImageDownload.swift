import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ModelHub
import Synchronization

/// Settings of the `Media` module.
public enum MediaOptions {
    /// True when images must not be downloaded: the same switch as model downloads
    /// (`HF_HUB_OFFLINE`, `TRANSFORMERS_OFFLINE`, `VECTORBOOK_OFFLINE`, or `--offline`).
    public static var isOffline: Bool { HubOptions.current.offline }

    /// Where downloaded images are cached: `$VECTORBOOK_CACHE/images`, else
    /// `$XDG_CACHE_HOME/vectorbook/images`, else `~/.cache/vectorbook/images`.
    public static var imageCacheDirectory: URL {
        let env = ProcessInfo.processInfo.environment
        func value(_ key: String) -> String? {
            guard let raw = env[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        let home = value("HOME") ?? FileManager.default.homeDirectoryForCurrentUser.path
        func expand(_ path: String) -> URL {
            var path = path
            if path == "~" { path = home } else if path.hasPrefix("~/") { path = home + path.dropFirst(1) }
            return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        }
        let root: URL
        if let cache = value("VECTORBOOK_CACHE") {
            root = expand(cache)
        } else if let xdg = value("XDG_CACHE_HOME") {
            root = expand(xdg).appendingPathComponent("vectorbook", isDirectory: true)
        } else {
            root = expand(home).appendingPathComponent(".cache/vectorbook", isDirectory: true)
        }
        return root.appendingPathComponent("images", isDirectory: true)
    }

}

extension Image {
    /// Downloads the JPEG or PNG at an `http(s)` URL once into ``MediaOptions/imageCacheDirectory``
    /// (`<SHA-256 of the URL>.jpg|png`) and decodes it; later calls read the cached file without
    /// touching the network. Offline (``MediaOptions/isOffline``) and not cached → an error naming
    /// the URL and the cache path. A `file` URL is decoded directly.
    public init(url: URL) throws {
        try self.init(url: url, cacheDirectory: MediaOptions.imageCacheDirectory, offline: MediaOptions.isOffline)
    }

    /// ``init(url:)`` with the cache folder and the offline switch given (tests use it).
    package init(url: URL, cacheDirectory: URL, offline: Bool, timeout: Double = 30) throws {
        if url.isFileURL {
            try self.init(contentsOf: url.path)
            return
        }
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw MediaError.unsupportedURL(url: url.absoluteString)
        }
        let key = SHA256.hash(Data(url.absoluteString.utf8)).hexString
        for format in [ImageFormat.jpeg, .png] {
            let cached = cacheDirectory.appendingPathComponent("\(key).\(format.fileExtension)")
            guard FileManager.default.fileExists(atPath: cached.path) else { continue }
            do {
                try self.init(contentsOf: cached.path)
                return
            } catch {
                // A damaged cache file is replaced by a fresh download when that is allowed.
                if offline { throw error }
                try? FileManager.default.removeItem(at: cached)
            }
        }
        let expected = cacheDirectory.appendingPathComponent("\(key).jpg|png").path
        guard !offline else { throw MediaError.offlineNotCached(url: url.absoluteString, cachePath: expected) }

        let data = try ImageDownloader.fetch(url, timeout: timeout)
        // Decode before caching, so a broken or unsupported download is never stored.
        try self.init(data: data, source: url.absoluteString)
        guard let format = ImageFormat.sniff(data) else { return }
        let file = cacheDirectory.appendingPathComponent("\(key).\(format.fileExtension)")
        do {
            try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
        } catch {
            throw MediaError.downloadFailed(url: url.absoluteString,
                                            reason: "cannot write the cache file \(file.path): \(error.localizedDescription)")
        }
    }
}

/// A synchronous HTTP GET with a body limit.
enum ImageDownloader {
    /// Downloads larger than this are refused (256 MiB).
    static let maxBytes = 256 << 20

    private final class Outcome: Sendable {
        let value = Mutex<(Data?, URLResponse?, (any Error)?)>((nil, nil, nil))
        let done = DispatchSemaphore(value: 0)
    }

    static func fetch(_ url: URL, timeout: Double) throws -> Data {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("vectorbook/1.0 (Swift; image download)", forHTTPHeaderField: "User-Agent")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }

        let outcome = Outcome()
        let task = session.dataTask(with: request) { data, response, error in
            outcome.value.withLock { $0 = (data, response, error) }
            outcome.done.signal()
        }
        task.resume()
        outcome.done.wait()
        let (data, response, error) = outcome.value.withLock { $0 }

        if let error {
            throw MediaError.downloadFailed(url: url.absoluteString, reason: error.localizedDescription)
        }
        if let http = response as? HTTPURLResponse, !(200 ..< 300).contains(http.statusCode) {
            throw MediaError.downloadFailed(url: url.absoluteString, reason: "the server answered HTTP \(http.statusCode)")
        }
        guard let data, !data.isEmpty else {
            throw MediaError.downloadFailed(url: url.absoluteString, reason: "the server sent an empty body")
        }
        guard data.count <= maxBytes else {
            throw MediaError.downloadFailed(url: url.absoluteString, reason: "the body is larger than \(maxBytes) bytes")
        }
        return data
    }
}

