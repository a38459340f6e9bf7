import Foundation

/// Everything that can go wrong while resolving or downloading a model.
///
/// Every message names what is at fault: the model id, the file, the URL, the
/// HTTP status, the expected and actual digest, the path.
public enum HubError: LocalizedError, Sendable, Equatable {
    /// The string is neither an existing folder nor a valid `name` / `org/name` model id.
    case invalidModelID(String, reason: String)
    /// The revision (branch, tag or commit) cannot be used in a URL or a cache path.
    case invalidRevision(String, reason: String)
    /// A path (absolute, `./…`, `~/…`) that names no existing folder.
    case folderNotFound(String)
    /// The model is in none of the searched places and may not be downloaded.
    /// `offline` is true when HF_HUB_OFFLINE / `--offline` is what prevented the download.
    case notInstalled(id: String, revision: String, searched: [String], offline: Bool)
    /// The hub answered 404 for the model.
    case modelNotFound(id: String, endpoint: String, status: Int)
    /// The model exists but the revision does not.
    case revisionNotFound(id: String, revision: String, endpoint: String)
    /// 401/403: the model is gated or private (or does not exist and the hub will not say).
    case accessDenied(id: String, url: String, status: Int, tokenSet: Bool)
    /// A file listed for the model is not on the hub.
    case fileNotFound(id: String, file: String, url: String)
    /// Any other unexpected HTTP status.
    case httpStatus(id: String, file: String?, url: String, status: Int)
    /// The connection failed (refused, reset, DNS, TLS …).
    case network(url: String, reason: String)
    /// No response, or no progress, within the timeout.
    case timedOut(url: String, seconds: Double)
    /// The hub's answer lacks something Vectorbook needs (JSON, commit, etag …).
    case invalidResponse(url: String, reason: String)
    /// The downloaded content does not match the digest the hub announced; the partial file was deleted.
    case digestMismatch(id: String, file: String, algorithm: String, expected: String, actual: String)
    /// The body ended early; the `.incomplete` file is kept so the next attempt resumes.
    case truncated(id: String, file: String, url: String, received: Int64, expected: Int64?, reason: String)
    /// Following redirects went on too long.
    case tooManyRedirects(url: String)
    /// A file-system operation on the cache failed.
    case fileSystem(path: String, operation: String, reason: String)
    /// Another process held the download lock for too long.
    case lockTimeout(path: String, seconds: Double)

    public var errorDescription: String? {
        switch self {
        case let .invalidModelID(id, reason):
            return "invalid model id '\(id)': \(reason) (expected 'name' or 'org/name', or an existing folder)"
        case let .invalidRevision(revision, reason):
            return "invalid revision '\(revision)': \(reason)"
        case let .folderNotFound(path):
            return "no model folder at '\(path)': the path does not exist or is not a folder"
        case let .notInstalled(id, revision, searched, offline):
            var lines = [String]()
            let what = revision == "main" ? "model '\(id)'" : "model '\(id)' (revision '\(revision)')"
            if offline {
                lines.append("\(what) is not installed, and HF_HUB_OFFLINE / --offline prevented downloading it.")
            } else {
                lines.append("\(what) is not installed.")
            }
            lines.append("Searched:")
            lines.append(contentsOf: searched.map { "  - \($0)" })
            lines.append("Install it with: vectorbook models install \(id)"
                         + (offline ? " (with network access, without --offline / HF_HUB_OFFLINE)" : ""))
            return lines.joined(separator: "\n")
        case let .modelNotFound(id, endpoint, status):
            return "model '\(id)' not found at \(endpoint) (HTTP \(status)); check the id's spelling"
        case let .revisionNotFound(id, revision, endpoint):
            return "revision '\(revision)' of model '\(id)' not found at \(endpoint) (HTTP 404)"
        case let .accessDenied(id, url, status, tokenSet):
            let hint = tokenSet
                ? "the token in HF_TOKEN was refused: check that it has access to this model"
                : "set HF_TOKEN to an access token that may read it (accept the model's terms on the hub first if it is gated)"
            return "model '\(id)' is gated or private, or does not exist (HTTP \(status) from \(url)); \(hint)"
        case let .fileNotFound(id, file, url):
            return "file '\(file)' of model '\(id)' not found (HTTP 404 from \(url))"
        case let .httpStatus(id, file, url, status):
            let subject = file.map { "file '\($0)' of model '\(id)'" } ?? "model '\(id)'"
            return "could not fetch \(subject): HTTP \(status) from \(url)"
        case let .network(url, reason):
            return "network error for \(url): \(reason)"
        case let .timedOut(url, seconds):
            return "timed out after \(Self.format(seconds)) s without a response from \(url)"
                + " (set HF_HUB_DOWNLOAD_TIMEOUT / HF_HUB_ETAG_TIMEOUT to wait longer)"
        case let .invalidResponse(url, reason):
            return "unexpected answer from \(url): \(reason)"
        case let .digestMismatch(id, file, algorithm, expected, actual):
            return "file '\(file)' of model '\(id)' is corrupt: \(algorithm) expected \(expected), got \(actual); "
                + "the partial download was deleted, try again"
        case let .truncated(id, file, url, received, expected, reason):
            return "download of file '\(file)' of model '\(id)' from \(url) stopped early (\(reason)): "
                + "\(received) of \(expected.map { String($0) } ?? "an unknown number of") bytes received; "
                + "run the command again to resume"
        case let .tooManyRedirects(url):
            return "too many redirects starting at \(url)"
        case let .fileSystem(path, operation, reason):
            return "cannot \(operation) '\(path)': \(reason)"
        case let .lockTimeout(path, seconds):
            return "another download held the lock '\(path)' for more than \(Self.format(seconds)) s; "
                + "if no other download is running, delete the lock file"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
