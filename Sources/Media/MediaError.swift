import Foundation

/// Errors from decoding, encoding and processing media. Messages name the file,
/// the value or the limit at fault.
public enum MediaError: LocalizedError, Equatable {
    case invalidDimensions(width: Int, height: Int)
    case pixelCountMismatch(width: Int, height: Int, mode: String, count: Int)
    case invalidAudio(reason: String)
    /// The file could not be read (missing, a folder, no permission).
    case unreadableFile(path: String, reason: String)
    /// The file (or data) holds no bytes.
    case emptyFile(path: String)
    /// The bytes are not JPEG or PNG; `signature` describes what they look like.
    case unsupportedImageFormat(path: String, signature: String)
    /// A JPEG or PNG that ends before its image data does.
    case truncatedImage(path: String, format: String, detail: String)
    /// A JPEG or PNG whose structure or data is broken.
    case corruptImage(path: String, format: String, detail: String)
    /// A valid file of a kind the decoder does not handle (e.g. a 12-bit JPEG).
    case unsupportedImage(path: String, format: String, detail: String)
    /// The header declares a zero width or height.
    case zeroSizedImage(path: String, width: Int, height: Int)
    /// The header declares more pixels than ``Image/maxPixels`` (refused before allocating).
    case imageTooLarge(path: String, width: Int, height: Int, limit: Int)
    /// Encoding failed (a library error, or a parameter out of range).
    case encodingFailed(format: String, detail: String)
    /// A URL scheme other than `file`, `http` or `https`.
    case unsupportedURL(url: String)
    /// The download of an image failed.
    case downloadFailed(url: String, reason: String)
    /// Offline (`HF_HUB_OFFLINE` / `VECTORBOOK_OFFLINE` / `--offline`) and the image is not cached.
    case offlineNotCached(url: String, cachePath: String)
    /// A resize target that is not at least 1×1 pixel, or too large to allocate.
    case invalidResizeTarget(width: Int, height: Int)
    /// A crop box that is not at least 1×1 pixel, or whose edges overflow.
    case invalidCrop(x: Int, y: Int, width: Int, height: Int)
    /// An image processor config (`preprocessor_config.json`) that cannot be read or is not a JSON object.
    case unreadableProcessorConfig(path: String, reason: String)
    /// A key of an image processor config holds a value that cannot be used.
    case invalidProcessorConfig(path: String, key: String, reason: String)
    /// The config names an image processor that is not implemented.
    case unsupportedImageProcessor(String, path: String, supported: [String])
    /// The config names no image processor (`image_processor_type` or `feature_extractor_type`).
    case missingImageProcessorType(path: String)
    /// A model folder without `preprocessor_config.json`.
    case processorConfigNotFound(folder: String)
    /// An image processor was given an empty list of images.
    case emptyImageBatch
    /// Images of one batch leave the processor with different sizes (the config neither resizes to a
    /// fixed size nor crops), so they cannot form one tensor.
    case processedSizeMismatch(index: Int, width: Int, height: Int, expectedWidth: Int, expectedHeight: Int)

    public var errorDescription: String? {
        switch self {
        case let .invalidDimensions(width, height):
            return "invalid image size \(width)×\(height): both sides must be at least 1 pixel"
        case let .pixelCountMismatch(width, height, mode, count):
            return "\(count) bytes do not form a \(width)×\(height) \(mode) image"
        case let .invalidAudio(reason):
            return "invalid audio: \(reason)"
        case let .unreadableFile(path, reason):
            return "cannot read image file \(path): \(reason)"
        case let .emptyFile(path):
            return "image file \(path) is empty (0 bytes)"
        case let .unsupportedImageFormat(path, signature):
            return "unsupported image format in \(path): \(signature); only JPEG and PNG are supported"
        case let .truncatedImage(path, format, detail):
            return "\(format) image \(path) is truncated: \(detail)"
        case let .corruptImage(path, format, detail):
            return "corrupt \(format) image \(path): \(detail)"
        case let .unsupportedImage(path, format, detail):
            return "unsupported \(format) image \(path): \(detail)"
        case let .zeroSizedImage(path, width, height):
            return "image \(path) declares a size of \(width)×\(height): both sides must be at least 1 pixel"
        case let .imageTooLarge(path, width, height, limit):
            return "image \(path) declares \(width)×\(height) pixels, more than the limit of \(limit) pixels"
                + " (a possible decompression bomb; Pillow refuses the same)"
        case let .encodingFailed(format, detail):
            return "cannot encode \(format): \(detail)"
        case let .unsupportedURL(url):
            return "cannot load an image from \(url): only file, http and https URLs are supported"
        case let .downloadFailed(url, reason):
            return "cannot download image \(url): \(reason)"
        case let .offlineNotCached(url, cachePath):
            return "image \(url) is not in the cache (\(cachePath)) and downloads are off"
                + " (HF_HUB_OFFLINE / VECTORBOOK_OFFLINE / --offline); run once online to cache it"
        case let .invalidResizeTarget(width, height):
            return "cannot resize to \(width)×\(height): both sides must be at least 1 pixel and the image must fit in memory"
        case let .invalidCrop(x, y, width, height):
            return "invalid crop box at (\(x), \(y)) of \(width)×\(height): both sides must be at least 1 pixel"
        case let .unreadableProcessorConfig(path, reason):
            return "cannot read image processor config \(path): \(reason)"
        case let .invalidProcessorConfig(path, key, reason):
            return "image processor config \(path): \"\(key)\" \(reason)"
        case let .unsupportedImageProcessor(name, path, supported):
            return "unsupported image processor \(name) in \(path); supported: \(supported.joined(separator: ", "))"
        case let .missingImageProcessorType(path):
            return "\(path) names no image processor: it has neither \"image_processor_type\" nor \"feature_extractor_type\""
        case let .processorConfigNotFound(folder):
            return "no preprocessor_config.json in \(folder): the model has no image processor config"
        case .emptyImageBatch:
            return "the image processor was given an empty list of images"
        case let .processedSizeMismatch(index, width, height, expectedWidth, expectedHeight):
            return "image \(index + 1) leaves the image processor as \(width)×\(height) but image 1 as"
                + " \(expectedWidth)×\(expectedHeight); a batch needs one size (the config neither resizes to a"
                + " fixed size nor crops)"
        }
    }
}
