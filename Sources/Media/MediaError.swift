import Foundation

/// Errors from decoding, encoding and processing media. Messages name the file,
/// the value or the limit at fault.
public enum MediaError: LocalizedError, Equatable {
    case invalidDimensions(width: Int, height: Int)
    case pixelCountMismatch(width: Int, height: Int, mode: String, count: Int)

    public var errorDescription: String? {
        switch self {
        case let .invalidDimensions(width, height):
            return "invalid image size \(width)×\(height): both sides must be at least 1 pixel"
        case let .pixelCountMismatch(width, height, mode, count):
            return "\(count) bytes do not form a \(width)×\(height) \(mode) image"
        }
    }
}
