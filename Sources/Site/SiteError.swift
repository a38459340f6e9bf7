import Foundation

/// Why a site could not be written. The previous site, if any, is left untouched.
public enum SiteError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The output path exists but cannot be replaced: a file, or a non-empty folder that is not
    /// a Vectorbook site (it has no `.vectorbook-site` marker), so replacing it could lose work.
    case outputNotReplaceable(path: String, reason: String)
    /// Creating, writing or moving a file or folder failed.
    case writeFailed(path: String, reason: String)
    /// Two chapters were given with the same display path, or a chapter is not part of the course.
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .outputNotReplaceable(path, reason):
            return "\(path): cannot replace the site folder: \(reason)"
        case let .writeFailed(path, reason):
            return "\(path): cannot write the site: \(reason)"
        case let .invalidInput(message):
            return "cannot build the site: \(message)"
        }
    }

    public var errorDescription: String? { description }
}
