import Foundation
import Tensors

/// An audio model's feature extractor, as transformers' `WhisperFeatureExtractor` and
/// `Wav2Vec2FeatureExtractor` compute it: mono clips at ``samplingRate`` in, model inputs out.
///
/// * Whisper: each clip is cut or zero-padded to `chunk_length` seconds (30 s, 480 000 samples), turned into a
///   log10 mel spectrogram (`n_fft` 400, hop 160, `feature_size` 80 Slaney mels up to 8 kHz, centred reflect
///   padding, float64 STFT as transformers' numpy path), clamped to `max − 8` and scaled by `(x + 4) / 4`:
///   `[batch, 80, 3000]`, with a mask over the mel frames.
/// * Wav2Vec2 (also HuBERT, WavLM): clips padded with `padding_value` to the longest, each normalised to zero
///   mean and unit variance (`(x − mean) / sqrt(var + 1e-7)`) when `do_normalize`: `[batch, samples]`. With
///   `return_attention_mask` the statistics cover each clip's real samples and padding is reset to
///   `padding_value`; without it transformers (`padding=True`) normalises each padded row as a whole, and so does
///   this, so batch clips of different lengths only with a masked config (one clip alone is unaffected). Left
///   padding normalises the real samples where they are (transformers would use the row's first samples).
///
/// ```swift
/// let extractor = try FeatureExtractor(folder: modelFolder)
/// let inputs = try extractor(audio.mono().resampled(to: extractor.samplingRate))
/// ```
public struct FeatureExtractor: Sendable {
    /// The transformers class a config names in `feature_extractor_type`.
    public enum Kind: String, Sendable, CaseIterable {
        case whisper = "WhisperFeatureExtractor"
        case wav2vec2 = "Wav2Vec2FeatureExtractor"

        /// The extractor transformers' `AutoFeatureExtractor` picks for a `config.json` `model_type`.
        public init?(modelType: String) {
            switch modelType {
            case "whisper": self = .whisper
            case "wav2vec2", "hubert", "wavlm", "data2vec-audio", "wav2vec2-conformer", "unispeech", "unispeech-sat",
                 "sew", "sew-d":
                self = .wav2vec2
            default: return nil
            }
        }
    }

    /// The extractor class.
    public let kind: Kind
    /// The config with every value the class needs filled in (the file's value, else the class default).
    public let config: FeatureExtractorConfig
    /// Where the config came from, for messages.
    public let source: String
    /// Whisper's `[bins, mels]` filter bank (transposed for a frames-major product).
    let melFiltersByBin: Tensor?
    /// Whisper's STFT.
    let stft: STFT?

    /// The rate, in Hz, audio must be sampled at (`sampling_rate`).
    public var samplingRate: Int { config.samplingRate ?? 16000 }

    /// The extractor `config` describes; `path` names its source in errors. Throws
    /// ``MediaError/unsupportedFeatureExtractor(_:path:supported:)`` for a class other than Whisper's or
    /// Wav2Vec2's, ``MediaError/missingFeatureExtractorType(path:)`` when none is named, and
    /// ``MediaError/invalidFeatureExtractorConfig(path:key:reason:)`` for a value that cannot be used.
    public init(config: FeatureExtractorConfig, path: String = "preprocessor_config.json") throws {
        guard let type = config.featureExtractorType else { throw MediaError.missingFeatureExtractorType(path: path) }
        guard let kind = Kind(rawValue: type) else {
            throw MediaError.unsupportedFeatureExtractor(type, path: path, supported: Kind.allCases.map(\.rawValue))
        }
        var filled = config
        switch kind {
        case .whisper:
            filled.featureSize = config.featureSize ?? 80
            filled.hopLength = config.hopLength ?? 160
            filled.chunkLength = config.chunkLength ?? 30
            filled.nFFT = config.nFFT ?? 400
            filled.dither = config.dither ?? 0
            filled.doNormalize = config.doNormalize ?? false
        case .wav2vec2:
            filled.featureSize = config.featureSize ?? 1
            filled.doNormalize = config.doNormalize ?? true
        }
        filled.samplingRate = config.samplingRate ?? 16000
        filled.paddingValue = config.paddingValue ?? 0
        filled.paddingSide = config.paddingSide ?? "right"
        filled.returnAttentionMask = config.returnAttentionMask ?? false
        try Self.validate(filled, kind: kind, path: path)
        self.kind = kind
        self.config = filled
        self.source = path
        if kind == .whisper, let nFFT = filled.nFFT, let hop = filled.hopLength, let mels = filled.featureSize,
           let rate = filled.samplingRate {
            let bank = try MelFilterBank.transformers(frequencyBins: 1 + nFFT / 2, melFilters: mels, minFrequency: 0,
                                                      maxFrequency: 8000, sampleRate: rate, norm: .slaney,
                                                      scale: .slaney)
            melFiltersByBin = bank.weights.transposed()
            stft = try STFT(frameLength: nFFT, hopLength: hop, window: STFT.Window.hann.values(length: nFFT),
                            center: true, padding: .reflect)
        } else {
            melFiltersByBin = nil
            stft = nil
        }
    }

    /// The extractor of a model folder, from `folder/preprocessor_config.json`; when that file names no
    /// `feature_extractor_type`, the `model_type` of the folder's `config.json` picks one, as transformers'
    /// `AutoFeatureExtractor` does. Throws ``MediaError/featureExtractorConfigNotFound(folder:)`` when the file
    /// is missing.
    public init(folder: URL) throws {
        let file = folder.appendingPathComponent("preprocessor_config.json")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw MediaError.featureExtractorConfigNotFound(folder: folder.path)
        }
        var config = try FeatureExtractorConfig(contentsOf: file)
        if config.featureExtractorType == nil {
            let modelConfig = folder.appendingPathComponent("config.json")
            if let data = try? Data(contentsOf: modelConfig),
               let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
               let modelType = object["model_type"] as? String {
                guard let kind = Kind(modelType: modelType) else {
                    throw MediaError.unsupportedFeatureExtractor("for model_type \"\(modelType)\"", path: file.path,
                                                                 supported: Kind.allCases.map(\.rawValue))
                }
                config.featureExtractorType = kind.rawValue
            }
        }
        try self.init(config: config, path: file.path)
    }

    /// The model inputs of one mono clip sampled at ``samplingRate`` (a batch of one).
    public func callAsFunction(_ audio: Audio) throws -> AudioInputs {
        try self([audio])
    }

    /// The model inputs of a batch of mono clips sampled at ``samplingRate``: Wav2Vec2 pads them to the longest,
    /// Whisper pads or cuts each to `chunk_length` seconds. Throws ``MediaError/sampleRateMismatch(extractor:expected:actual:)``
    /// (resample with `audio.resampled(to:)`), ``MediaError/audioNotMono(extractor:channels:)`` (call `mono()`)
    /// and ``MediaError/emptyAudioBatch``.
    public func callAsFunction(_ audios: [Audio]) throws -> AudioInputs {
        guard !audios.isEmpty else { throw MediaError.emptyAudioBatch }
        for audio in audios {
            guard audio.sampleRate == samplingRate else {
                throw MediaError.sampleRateMismatch(extractor: kind.rawValue, expected: samplingRate,
                                                    actual: audio.sampleRate)
            }
            guard audio.channels == 1 else {
                throw MediaError.audioNotMono(extractor: kind.rawValue, channels: audio.channels)
            }
        }
        switch kind {
        case .whisper: return try whisperFeatures(audios)
        case .wav2vec2: return try wav2vec2Values(audios)
        }
    }

    private static func validate(_ config: FeatureExtractorConfig, kind: Kind, path: String) throws {
        func positive(_ value: Int?, _ key: String) throws {
            if let value, value <= 0 {
                throw MediaError.invalidFeatureExtractorConfig(path: path, key: key, reason: "is \(value) but must be positive")
            }
        }
        try positive(config.samplingRate, "sampling_rate")
        try positive(config.featureSize, "feature_size")
        if let side = config.paddingSide, side != "right", side != "left" {
            throw MediaError.invalidFeatureExtractorConfig(path: path, key: "padding_side",
                                                           reason: "is \"\(side)\" but must be \"right\" or \"left\"")
        }
        if let value = config.paddingValue, !value.isFinite {
            throw MediaError.invalidFeatureExtractorConfig(path: path, key: "padding_value", reason: "must be finite")
        }
        guard kind == .whisper else { return }
        try positive(config.hopLength, "hop_length")
        try positive(config.chunkLength, "chunk_length")
        try positive(config.nFFT, "n_fft")
        if let dither = config.dither, dither != 0 {
            throw MediaError.invalidFeatureExtractorConfig(path: path, key: "dither",
                                                           reason: "is \(dither) but only 0 (no dithering) is supported")
        }
    }
}
