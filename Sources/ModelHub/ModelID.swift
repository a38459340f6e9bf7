import Foundation

/// A validated hub model id: `name` or `org/name`.
///
/// The rules follow the hub's own (`huggingface_hub.validate_repo_id`): each
/// part is 1–96 characters of letters, digits, `-`, `_` and `.`, does not start
/// or end with `-` or `.`, and contains neither `--` nor `..` (the cache folder
/// name `models--org--name` must map back to one id).
public struct ModelID: Sendable, Hashable, CustomStringConvertible {
    /// The organisation or user, when the id has one.
    public let organization: String?
    /// The model's name.
    public let name: String

    /// `org/name` or `name`.
    public var description: String { organization.map { "\($0)/\(name)" } ?? name }

    /// The folder name the Hugging Face cache uses: `models--org--name`.
    public var cacheFolderName: String { "models--" + description.replacingOccurrences(of: "/", with: "--") }

    /// Validates `string`; throws ``HubError/invalidModelID(_:reason:)`` saying what is wrong.
    public init(_ string: String) throws {
        let parts = string.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !string.isEmpty else { throw HubError.invalidModelID(string, reason: "the id is empty") }
        guard parts.count <= 2 else {
            throw HubError.invalidModelID(string, reason: "an id has at most one '/'")
        }
        for part in parts { try Self.validate(part: part, of: string) }
        organization = parts.count == 2 ? parts[0] : nil
        name = parts[parts.count - 1]
    }

    /// The id a cache folder named `models--org--name` holds, or `nil` for other folders.
    public init?(cacheFolderName folder: String) {
        guard folder.hasPrefix("models--") else { return nil }
        let rest = folder.dropFirst("models--".count)
        let id = rest.components(separatedBy: "--").joined(separator: "/")
        guard let parsed = try? ModelID(id) else { return nil }
        self = parsed
    }

    private static func validate(part: String, of id: String) throws {
        if part.isEmpty { throw HubError.invalidModelID(id, reason: "it has an empty part") }
        if part == "." { throw HubError.invalidModelID(id, reason: "'.' is not a model name") }
        if part.contains("..") {
            throw HubError.invalidModelID(id, reason: "'..' is not allowed")
        }
        if part.contains("--") { throw HubError.invalidModelID(id, reason: "'--' is not allowed") }
        if part.count > 96 { throw HubError.invalidModelID(id, reason: "'\(part)' is longer than 96 characters") }
        let allowed = part.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
        if !allowed {
            throw HubError.invalidModelID(id, reason: "only letters, digits, '-', '_' and '.' are allowed")
        }
        if let first = part.first, let last = part.last, "-.".contains(first) || "-.".contains(last) {
            throw HubError.invalidModelID(id, reason: "a part may not start or end with '-' or '.'")
        }
    }
}

/// Checks for names that become paths inside the cache (revisions, repo file names, commits, etags).
enum PathRules {
    /// A revision: a branch, tag, commit or `refs/pr/N`; relative, no `..`, no empty parts.
    static func validateRevision(_ revision: String) throws {
        if revision.isEmpty { throw HubError.invalidRevision(revision, reason: "the revision is empty") }
        if let reason = relativePathProblem(revision) { throw HubError.invalidRevision(revision, reason: reason) }
    }

    /// What makes `path` unusable as a relative path inside a cache folder, or `nil` when it is fine.
    static func relativePathProblem(_ path: String) -> String? {
        if path.hasPrefix("/") { return "absolute paths are not allowed" }
        if path.contains("\\") || path.contains("\u{0}") || path.contains("\n") {
            return "backslashes, NUL and newlines are not allowed"
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0.isEmpty }) { return "it has an empty part" }
        if parts.contains(where: { $0 == "." || $0 == ".." }) { return "'.' and '..' parts are not allowed" }
        return nil
    }

    /// A single safe file-name component made of letters, digits, `-`, `_` and `.` (commits, etags).
    static func isSafeComponent(_ value: String) -> Bool {
        guard !value.isEmpty, value.utf8.count <= 200, !value.hasPrefix(".") else { return false }
        return value.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
    }

    /// True for a full 40-hex commit id.
    static func isCommitHash(_ value: String) -> Bool {
        value.utf8.count == 40 && value.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
