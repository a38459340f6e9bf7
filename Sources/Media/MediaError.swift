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

    // MARK: Audio

    /// An audio file that cannot be read (missing, a folder, no permission).
    case unreadableAudioFile(path: String, reason: String)
    /// An audio file (or data) that holds no bytes.
    case emptyAudioFile(path: String)
    /// Bytes that libsndfile does not recognise; `signature` describes what they look like.
    case unsupportedAudioFormat(path: String, signature: String)
    /// A file of a known audio format whose header or data is broken or cut short.
    case corruptAudio(path: String, format: String, detail: String)
    /// The file declares or decodes to more samples than ``Audio/maxSampleCount`` (refused before allocating).
    case audioTooLarge(path: String, samples: Int, limit: Int)
    /// A URL other than a `file` URL given to `Audio(contentsOf:)`.
    case unsupportedAudioURL(url: String)
    /// A resampling target rate that is not positive, or a rate ratio too large to filter.
    case invalidResampleRate(from: Int, to: Int, reason: String)
    /// A parameter of an STFT, spectrogram, filter bank or MFCC that cannot be used.
    case invalidSpectrogramParameter(name: String, value: String, reason: String)
    /// Audio whose sample rate differs from the rate a feature extractor's model was trained on.
    case sampleRateMismatch(extractor: String, expected: Int, actual: Int)
    /// Multi-channel audio given to a feature extractor, which takes mono audio.
    case audioNotMono(extractor: String, channels: Int)
    /// A feature extractor was given an empty list of audio clips.
    case emptyAudioBatch
    /// A model folder without `preprocessor_config.json`.
    case featureExtractorConfigNotFound(folder: String)
    /// A feature extractor config that cannot be read or is not a JSON object.
    case unreadableFeatureExtractorConfig(path: String, reason: String)
    /// A key of a feature extractor config holds a value that cannot be used.
    case invalidFeatureExtractorConfig(path: String, key: String, reason: String)
    /// The config names a feature extractor that is not implemented.
    case unsupportedFeatureExtractor(String, path: String, supported: [String])
    /// The config names no feature extractor (`feature_extractor_type`) and the model folder's `config.json`
    /// has no `model_type` that implies one.
    case missingFeatureExtractorType(path: String)
    /// A video path that cannot be read (missing, no permission).
    case unreadableVideo(path: String, reason: String)
    /// A file that is not a RIFF AVI; `detail` says what it looks like.
    case notAVI(path: String, detail: String)
    /// An AVI that ends before a chunk it declares (a size beyond the end of the file).
    case truncatedVideo(path: String, detail: String)
    /// An AVI whose structure is broken: a chunk larger than its parent, a missing header list, bad header values.
    case corruptVideo(path: String, detail: String)
    /// An AVI without a video stream; `streams` lists the stream types it has.
    case noVideoStream(path: String, streams: [String])
    /// A video stream compressed with something other than Motion-JPEG; `codec` names its FourCC.
    case unsupportedVideoCodec(path: String, codec: String)
    /// An AVI or frame folder without a single frame.
    case noVideoFrames(path: String, detail: String)
    /// A valid AVI using a feature this reader does not handle.
    case unsupportedVideo(path: String, detail: String)
    /// A frame rate (from `fps.txt`, a header or a parameter) that is not a finite positive number.
    case invalidFrameRate(path: String, value: String)
    /// A frame index outside `0 ..< frameCount`.
    case frameIndexOutOfRange(path: String, index: Int, count: Int)

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
        case let .unreadableAudioFile(path, reason):
            return "cannot read audio file \(path): \(reason)"
        case let .emptyAudioFile(path):
            return "audio file \(path) is empty (0 bytes)"
        case let .unsupportedAudioFormat(path, signature):
            return "unsupported audio format in \(path): \(signature); supported are WAV, FLAC, Ogg (Vorbis, Opus),"
                + " MP3, AIFF and the other formats of libsndfile"
        case let .corruptAudio(path, format, detail):
            return "corrupt or truncated \(format) audio \(path): \(detail)"
        case let .audioTooLarge(path, samples, limit):
            return "audio \(path) holds \(samples) samples, more than the limit of \(limit) samples"
                + " (Audio.maxSampleCount); cut it into shorter files"
        case let .unsupportedAudioURL(url):
            return "cannot load audio from \(url): only file URLs are supported; download the file first"
        case let .invalidResampleRate(from, to, reason):
            return "cannot resample audio from \(from) Hz to \(to) Hz: \(reason)"
        case let .invalidSpectrogramParameter(name, value, reason):
            return "invalid \(name) \(value): \(reason)"
        case let .sampleRateMismatch(extractor, expected, actual):
            return "\(extractor) expects audio sampled at \(expected) Hz but got \(actual) Hz; call"
                + " audio.resampled(to: \(expected)) first (features of audio at the wrong rate are silently wrong)"
        case let .audioNotMono(extractor, channels):
            return "\(extractor) expects mono audio but got \(channels) channels; call audio.mono() first"
        case .emptyAudioBatch:
            return "the feature extractor was given an empty list of audio clips"
        case let .featureExtractorConfigNotFound(folder):
            return "no preprocessor_config.json in \(folder): the model has no feature extractor config"
        case let .unreadableFeatureExtractorConfig(path, reason):
            return "cannot read feature extractor config \(path): \(reason)"
        case let .invalidFeatureExtractorConfig(path, key, reason):
            return "feature extractor config \(path): \"\(key)\" \(reason)"
        case let .unsupportedFeatureExtractor(name, path, supported):
            return "unsupported feature extractor \(name) in \(path); supported: \(supported.joined(separator: ", "))"
        case let .missingFeatureExtractorType(path):
            return "\(path) names no feature extractor: it has no \"feature_extractor_type\" and the model's"
                + " config.json has no model_type that implies one"
        case let .unreadableVideo(path, reason):
            return "cannot read video \(path): \(reason)"
        case let .notAVI(path, detail):
            return "\(path) is not a Motion-JPEG AVI video: \(detail); videos are read from AVI files or folders of"
                + " numbered JPEG/PNG frames"
        case let .truncatedVideo(path, detail):
            return "AVI video \(path) is truncated: \(detail)"
        case let .corruptVideo(path, detail):
            return "corrupt AVI video \(path): \(detail)"
        case let .noVideoStream(path, streams):
            let found = streams.isEmpty ? "no streams at all" : "only \(streams.joined(separator: ", ")) streams"
            return "AVI file \(path) has no video stream (\(found))"
        case let .unsupportedVideoCodec(path, codec):
            return "the video stream of \(path) is \(codec), not Motion-JPEG; only MJPEG AVIs are read"
                + " (convert with: ffmpeg -i INPUT -c:v mjpeg -q:v 3 OUTPUT.avi)"
        case let .noVideoFrames(path, detail):
            return "video \(path) has no frames: \(detail)"
        case let .unsupportedVideo(path, detail):
            return "unsupported AVI video \(path): \(detail)"
        case let .invalidFrameRate(path, value):
            return "invalid frame rate \(value) for \(path): it must be a finite number of frames per second above 0"
        case let .frameIndexOutOfRange(path, index, count):
            return "frame \(index) is outside video \(path), which has \(count) frames (0..<\(count))"
        }
    }
}
