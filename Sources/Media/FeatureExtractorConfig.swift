import Foundation

/// The contents of a Hugging Face `preprocessor_config.json` for audio models, as transformers' feature
/// extractors write it (`WhisperFeatureExtractor`, `Wav2Vec2FeatureExtractor`).
///
/// Every field is optional: a missing key (or JSON `null`) means "the extractor class's default", which
/// ``FeatureExtractor`` fills in for the class that `feature_extractor_type` names. Keys the extractors here
/// do not use (`processor_class`, `n_samples`, `nb_max_frames`, …) are ignored, as transformers recomputes or
/// ignores them.
///
/// ```swift
/// let config = try FeatureExtractorConfig(contentsOf: folder.appendingPathComponent("preprocessor_config.json"))
/// config.samplingRate      // 16000
/// ```
public struct FeatureExtractorConfig: Codable, Sendable, Equatable {
    /// `feature_extractor_type`, e.g. `"WhisperFeatureExtractor"`.
    public var featureExtractorType: String?
    /// `feature_size`: mel bins for Whisper (80, or 128 for large-v3), 1 for Wav2Vec2.
    public var featureSize: Int?
    /// `sampling_rate` the model was trained on, in Hz.
    public var samplingRate: Int?
    /// `padding_value` written into padding.
    public var paddingValue: Double?
    /// `padding_side`: `"right"` (default) or `"left"`.
    public var paddingSide: String?
    /// `return_attention_mask`.
    public var returnAttentionMask: Bool?
    /// `do_normalize` (Wav2Vec2: zero mean, unit variance per clip).
    public var doNormalize: Bool?
    /// `hop_length` of Whisper's STFT.
    public var hopLength: Int?
    /// `chunk_length`: Whisper's window in seconds (30).
    public var chunkLength: Int?
    /// `n_fft` of Whisper's STFT.
    public var nFFT: Int?
    /// `dither`: Gaussian noise added before Whisper's STFT (only 0 is supported).
    public var dither: Double?
    /// `processor_class`, informational.
    public var processorClass: String?

    /// A config with the given values; `nil` leaves a value to the extractor class's default.
    public init(featureExtractorType: String? = nil, featureSize: Int? = nil, samplingRate: Int? = nil,
                paddingValue: Double? = nil, paddingSide: String? = nil, returnAttentionMask: Bool? = nil,
                doNormalize: Bool? = nil, hopLength: Int? = nil, chunkLength: Int? = nil, nFFT: Int? = nil,
                dither: Double? = nil, processorClass: String? = nil) {
        self.featureExtractorType = featureExtractorType
        self.featureSize = featureSize
        self.samplingRate = samplingRate
        self.paddingValue = paddingValue
        self.paddingSide = paddingSide
        self.returnAttentionMask = returnAttentionMask
        self.doNormalize = doNormalize
        self.hopLength = hopLength
        self.chunkLength = chunkLength
        self.nFFT = nFFT
        self.dither = dither
        self.processorClass = processorClass
    }

    /// Reads and decodes `url`. Errors name the file and, for a bad value, the key.
    public init(contentsOf url: URL) throws {
        self = try Self.decode(try ConfigJSON.read(url, error: Self.error(path: url.path)), path: url.path)
    }

    /// Decodes JSON `data`; `path` names the source in errors.
    public static func decode(_ data: Data, path: String = "preprocessor_config.json") throws -> FeatureExtractorConfig {
        try ConfigJSON.decode(FeatureExtractorConfig.self, from: data, error: error(path: path))
    }

    private static func error(path: String) -> (ConfigJSON.Failure) -> MediaError {
        { failure in
            switch failure {
            case .unreadable(let reason): return .unreadableFeatureExtractorConfig(path: path, reason: reason)
            case .invalid(let key, let reason): return .invalidFeatureExtractorConfig(path: path, key: key, reason: reason)
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case featureExtractorType = "feature_extractor_type"
        case featureSize = "feature_size"
        case samplingRate = "sampling_rate"
        case paddingValue = "padding_value"
        case paddingSide = "padding_side"
        case returnAttentionMask = "return_attention_mask"
        case doNormalize = "do_normalize"
        case hopLength = "hop_length"
        case chunkLength = "chunk_length"
        case nFFT = "n_fft"
        case dither
        case processorClass = "processor_class"
    }
}
