import Foundation
import Synchronization

/// Where models live and how the hub is reached, read from the environment
/// variables Python `huggingface_hub` uses, so both share one cache.
public struct HubOptions: Sendable, Equatable {
    /// `VECTORBOOK_MODELS`: a folder of plain model folders (`<id>/config.json …`), searched first.
    public var modelsDirectory: URL?
    /// The Hugging Face hub cache: `HF_HUB_CACHE`, else `HF_HOME/hub`, else
    /// `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`.
    public var cacheDirectory: URL
    /// `HF_ENDPOINT`, default `https://huggingface.co`.
    public var endpoint: URL
    /// `HF_HUB_OFFLINE` (or `TRANSFORMERS_OFFLINE`, `VECTORBOOK_OFFLINE`) is 1/ON/YES/TRUE, or `--offline` was given:
    /// nothing touches the network.
    public var offline: Bool
    /// `HF_TOKEN` (or the older `HUGGING_FACE_HUB_TOKEN`): sent to the endpoint as a Bearer token.
    public var token: String?
    /// Seconds to wait for the first byte, or between bytes, of a file download
    /// (`HF_HUB_DOWNLOAD_TIMEOUT`, default 10).
    public var downloadTimeout: Double
    /// Seconds to wait for the file listing and metadata requests (`HF_HUB_ETAG_TIMEOUT`, default 10).
    public var metadataTimeout: Double

    /// The public hub, `https://huggingface.co`.
    public static let defaultEndpoint: URL = {
        var components = URLComponents()
        components.scheme = "https"
        components.host = "huggingface.co"
        return components.url ?? URL(fileURLWithPath: "/")   // the fallback is unreachable: the parts are constant
    }()

    /// Options with every field given.
    public init(modelsDirectory: URL? = nil, cacheDirectory: URL, endpoint: URL = HubOptions.defaultEndpoint,
                offline: Bool = false, token: String? = nil, downloadTimeout: Double = 10, metadataTimeout: Double = 10) {
        self.modelsDirectory = modelsDirectory
        self.cacheDirectory = cacheDirectory
        self.endpoint = endpoint
        self.offline = offline
        self.token = token
        self.downloadTimeout = downloadTimeout
        self.metadataTimeout = metadataTimeout
    }

    /// Reads the options from `env` (the process environment by default); ignores the `--offline` override.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> HubOptions {
        func value(_ key: String) -> String? {
            guard let raw = env[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        let home = value("HOME").map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        func path(_ raw: String) -> URL {
            var expanded = raw
            if expanded == "~" {
                expanded = home.path
            } else if expanded.hasPrefix("~/") {
                expanded = home.path + expanded.dropFirst(1)
            }
            return URL(fileURLWithPath: expanded, isDirectory: true).standardizedFileURL
        }

        let cache: URL
        if let hubCache = value("HF_HUB_CACHE") {
            cache = path(hubCache)
        } else if let hfHome = value("HF_HOME") {
            cache = path(hfHome).appendingPathComponent("hub", isDirectory: true)
        } else if let xdg = value("XDG_CACHE_HOME") {
            cache = path(xdg).appendingPathComponent("huggingface/hub", isDirectory: true)
        } else {
            cache = home.appendingPathComponent(".cache/huggingface/hub", isDirectory: true)
        }

        var endpoint = defaultEndpoint
        if let raw = value("HF_ENDPOINT") {
            let trimmed = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            if let url = URL(string: trimmed), url.scheme != nil, url.host != nil { endpoint = url }
        }

        func seconds(_ key: String) -> Double {
            guard let raw = value(key), let number = Double(raw), number > 0 else { return 10 }
            return number
        }

        return HubOptions(
            modelsDirectory: value("VECTORBOOK_MODELS").map(path),
            cacheDirectory: cache,
            endpoint: endpoint,
            offline: isTrue(value("HF_HUB_OFFLINE")) || isTrue(value("TRANSFORMERS_OFFLINE")) || isTrue(value("VECTORBOOK_OFFLINE")),
            token: value("HF_TOKEN") ?? value("HUGGING_FACE_HUB_TOKEN"),
            downloadTimeout: seconds("HF_HUB_DOWNLOAD_TIMEOUT"),
            metadataTimeout: seconds("HF_HUB_ETAG_TIMEOUT")
        )
    }

    /// The process environment with the process-wide overrides (``setOfflineOverride(_:)``) applied.
    public static var current: HubOptions {
        var options = fromEnvironment()
        if let forced = offlineOverride.withLock({ $0 }) { options.offline = forced }
        return options
    }

    /// Forces ``offline`` in ``current`` (the CLI's `--offline` sets `true`); `nil` restores the environment's value.
    public static func setOfflineOverride(_ offline: Bool?) {
        offlineOverride.withLock { $0 = offline }
    }

    private static let offlineOverride = Mutex<Bool?>(nil)

    /// huggingface_hub's truthy values: 1, ON, YES, TRUE (any case).
    static func isTrue(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "ON", "YES", "TRUE"].contains(value.uppercased())
    }
}
