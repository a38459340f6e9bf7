import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Process-wide settings of the `Media` module that the command line can override.
public enum MediaOptions {
    /// True when images must not be downloaded: ``setOfflineOverride(_:)`` if set, else
    /// `HF_HUB_OFFLINE`, `TRANSFORMERS_OFFLINE` or `VECTORBOOK_OFFLINE` is 1/ON/YES/TRUE (any case).
    public static var isOffline: Bool {
        if let forced = offlineOverride.withLock({ $0 }) { return forced }
        let env = ProcessInfo.processInfo.environment
        return ["HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "VECTORBOOK_OFFLINE"].contains { isTrue(env[$0]) }
    }

    /// Forces ``isOffline`` (the CLI's `--offline` sets `true`); `nil` restores the environment's value.
    public static func setOfflineOverride(_ offline: Bool?) {
        offlineOverride.withLock { $0 = offline }
    }

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

    private static let offlineOverride = Mutex<Bool?>(nil)

    private static func isTrue(_ value: String?) -> Bool {
        guard let value = value?.trimmingCharacters(in: .whitespaces) else { return false }
        return ["1", "ON", "YES", "TRUE"].contains(value.uppercased())
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
        let key = MediaDigest.sha256Hex(Array(url.absoluteString.utf8))
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

/// SHA-256 (FIPS 180-4), for cache keys and fixture checks. Media cannot use ModelHub's digest.
package enum MediaDigest {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// The digest of `bytes` as 64 lower-case hex digits.
    package static func sha256Hex(_ bytes: [UInt8]) -> String {
        sha256(bytes).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// The 32-byte digest of `bytes`.
    package static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var message = bytes
        let bitLength = UInt64(bytes.count) &* 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }

        var w = [UInt32](repeating: 0, count: 64)
        message.withUnsafeBufferPointer { m in
            for block in stride(from: 0, to: m.count, by: 64) {
                for t in 0 ..< 16 {
                    let i = block + 4 * t
                    w[t] = UInt32(m[i]) << 24 | UInt32(m[i + 1]) << 16 | UInt32(m[i + 2]) << 8 | UInt32(m[i + 3])
                }
                for t in 16 ..< 64 {
                    let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                    let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                    w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                }
                var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
                for t in 0 ..< 64 {
                    let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let choice = (e & f) ^ (~e & g)
                    let t1 = hh &+ s1 &+ choice &+ k[t] &+ w[t]
                    let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ majority
                    (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
                }
                h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d
                h[4] = h[4] &+ e; h[5] = h[5] &+ f; h[6] = h[6] &+ g; h[7] = h[7] &+ hh
            }
        }
        return h.flatMap { word in (0 ..< 4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * $0)) } }
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
