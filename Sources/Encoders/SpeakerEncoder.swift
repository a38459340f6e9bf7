import Foundation
import Media
import ModelHub
import Tensors

/// `config.json` of a GE2E speaker encoder (`model_type: "ge2e"`), with Resemblyzer's `hparams.py`
/// names for the sizes and the partial-utterance settings of `embed_utterance`.
public struct SpeakerEncoderConfig: Codable, Sendable, Equatable {
    /// Mel bands per input frame (`mel_n_channels`).
    public var melChannels: Int
    /// LSTM width (`hidden_size`).
    public var hiddenSize: Int
    /// Stacked LSTM layers (`num_hidden_layers`).
    public var numHiddenLayers: Int
    /// Output width of the linear layer (`embedding_size`).
    public var embeddingSize: Int
    /// Frames per partial utterance (`partials_n_frames`, 160 = 1.6 s).
    public var partialFrames: Int
    /// Partial utterances per second of audio (`partial_rate`).
    public var partialRate: Double
    /// Smallest share of its window the last partial must cover to be kept (`min_coverage`).
    public var minCoverage: Double

    enum CodingKeys: String, CodingKey {
        case melChannels = "mel_n_channels"
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case embeddingSize = "embedding_size"
        case partialFrames = "partials_n_frames"
        case partialRate = "partial_rate"
        case minCoverage = "min_coverage"
    }

    /// The sizes are required; the partial settings default to Resemblyzer's.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        melChannels = try c.decode(Int.self, forKey: .melChannels)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        embeddingSize = try c.decode(Int.self, forKey: .embeddingSize)
        partialFrames = try c.decodeIfPresent(Int.self, forKey: .partialFrames) ?? 160
        partialRate = try c.decodeIfPresent(Double.self, forKey: .partialRate) ?? 1.3
        minCoverage = try c.decodeIfPresent(Double.self, forKey: .minCoverage) ?? 0.75
    }
}

/// The partial utterances of one waveform and their embeddings (`embed_utterance(…, return_partials=True)`).
public struct SpeakerPartials: Sendable {
    /// Where each partial lies.
    public let slices: [SpeakerPartial]
    /// The mel frames of each partial, `[partials, frames, mels]`.
    public let mels: Tensor
    /// One unit-length embedding per partial, `[partials, embedding]`.
    public let embeddings: Tensor
    /// Their mean, scaled to unit length: the utterance embedding, `[embedding]`.
    public let utterance: Tensor
}

/// The GE2E speaker encoder (Wan et al., 2018) as Resemblyzer's `VoiceEncoder` runs it: 40-band power
/// mel frames → stacked LSTM → linear → ReLU → L2 normalisation, one unit vector per 1.6 s partial
/// utterance; an utterance embedding is the normalised mean of its partials.
///
/// ```swift
/// let encoder = try SpeakerEncoder.from(pretrained: "vectorbook/resemblyzer-ge2e")
/// let audio = try Audio(contentsOf: "Assets/audio/voice.wav").mono().resampled(to: 16000)
/// let embedding = try encoder.embedUtterance(audio)      // [256], unit length
/// ```
///
/// `embedUtterance` normalises the loudness first (to −30 dBFS, increase only, as Resemblyzer's
/// `preprocess_wav` does) but does not trim silences with a voice-activity detector as
/// `preprocess_wav` also does: pass audio without long pauses, or `normalizeVolume: false` with
/// a waveform already preprocessed elsewhere.
public final class SpeakerEncoder: PretrainedEncoder {
    public let config: SpeakerEncoderConfig
    /// Loudness normalisation and mel frames.
    public let features: SpeakerFeatureExtractor
    public let name: String
    public var modelType: String { "ge2e" }
    /// Width of the embeddings.
    public var embeddingSize: Int { config.embeddingSize }

    let lstm: LSTM
    let projection: Linear

    /// Loads `config.json`, `preprocessor_config.json` and `model.safetensors` from `folder`.
    public convenience init(folder: URL, name: String? = nil) throws {
        let configFile = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        try self.init(config: configFile.decode(SpeakerEncoderConfig.self), configPath: configFile.url.path,
                      folder: folder, name: name ?? folder.lastPathComponent)
    }

    init(config: SpeakerEncoderConfig, configPath: String, folder: URL, name: String) throws {
        for (key, value) in [("mel_n_channels", config.melChannels), ("hidden_size", config.hiddenSize),
                             ("num_hidden_layers", config.numHiddenLayers), ("embedding_size", config.embeddingSize),
                             ("partials_n_frames", config.partialFrames)] where value <= 0 {
            throw EncoderError.invalidConfig(path: configPath, reason: "\(key) must be positive, not \(value)")
        }
        let features = try SpeakerFeatureExtractor(folder: folder)
        guard features.config.nMels == config.melChannels else {
            throw EncoderError.invalidConfig(path: configPath, reason: "mel_n_channels \(config.melChannels) differs from "
                                             + "n_mels \(features.config.nMels) in preprocessor_config.json")
        }
        self.config = config
        self.features = features
        self.name = name
        let weights = try WeightStore(folder: folder, prefixes: [])
        let h = config.hiddenSize
        var layers: [LSTMLayer] = []
        for index in 0 ..< config.numHiddenLayers {
            let input = index == 0 ? config.melChannels : h
            layers.append(try LSTMLayer(inputWeight: weights.tensor("lstm.weight_ih_l\(index)", shape: [4 * h, input]),
                                        recurrentWeight: weights.tensor("lstm.weight_hh_l\(index)", shape: [4 * h, h]),
                                        inputBias: weights.tensor("lstm.bias_ih_l\(index)", shape: [4 * h]),
                                        recurrentBias: weights.tensor("lstm.bias_hh_l\(index)", shape: [4 * h]),
                                        name: "lstm layer \(index)"))
        }
        lstm = try LSTM(layers: layers)
        projection = try weights.linear("linear", input: h, output: config.embeddingSize)
        weights.warnAboutUnused(model: name)
    }

    /// Loads a speaker encoder from a local folder or a hub id (`vectorbook/resemblyzer-ge2e`, installed by
    /// `Scripts/install-models`).
    public static func from(pretrained id: String, revision: String = "main") throws -> SpeakerEncoder {
        let folder = try ModelLocator().resolve(id, revision: revision)
        let configFile = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        guard configFile.string("model_type") == "ge2e" else {
            throw EncoderError.invalidConfig(path: configFile.url.path, reason: "model_type \"\(configFile.string("model_type") ?? "")\" "
                                             + "is not a speaker encoder (expected \"ge2e\")")
        }
        return try SpeakerEncoder(config: configFile.decode(SpeakerEncoderConfig.self), configPath: configFile.url.path,
                                  folder: folder, name: id)
    }

    /// Mel frames `[frames, mels]` of `audio` exactly as given (Resemblyzer's `wav_to_mel_spectrogram`:
    /// no loudness normalisation, no padding beyond the centred frames).
    public func melFeatures(_ audio: Audio) throws -> Tensor {
        try features.melFrames(checked(audio))
    }

    /// `audio` normalised to the configured loudness (Resemblyzer's `preprocess_wav` without its
    /// silence trimming).
    public func preprocess(_ audio: Audio) throws -> Audio {
        try Audio(samples: features.normalizedVolume(checked(audio)), sampleRate: audio.sampleRate)
    }

    /// Where the partial utterances of `sampleCount` samples lie (`compute_partial_slices`).
    public func partialSlices(sampleCount: Int, rate: Double? = nil, minCoverage: Double? = nil) throws -> [SpeakerPartial] {
        try SpeakerPartial.slices(sampleCount: sampleCount, sampleRate: features.config.samplingRate,
                                  hopLength: features.config.hopLength, windowFrames: config.partialFrames,
                                  rate: rate ?? config.partialRate, minCoverage: minCoverage ?? config.minCoverage)
    }

    /// The partial utterances of `audio` with their embeddings and the utterance embedding
    /// (`embed_utterance(wav, return_partials=True)` on the loudness-normalised waveform, or on the
    /// waveform as given when `normalizeVolume` is false).
    public func embedPartials(_ audio: Audio, normalizeVolume: Bool = true, rate: Double? = nil,
                              minCoverage: Double? = nil) throws -> SpeakerPartials {
        var samples = try checked(audio)
        if normalizeVolume { samples = features.normalizedVolume(samples) }
        let slices = try partialSlices(sampleCount: samples.count, rate: rate, minCoverage: minCoverage)
        let end = slices.last?.samples.upperBound ?? samples.count
        if end > samples.count { samples += [Float](repeating: 0, count: end - samples.count) }
        let frames = features.melFrames(samples)
        let mels = try Self.windows(of: frames, slices, model: name)
        let embeddings = try self(mels: mels)
        return SpeakerPartials(slices: slices, mels: mels, embeddings: embeddings,
                               utterance: try Self.unitMean(embeddings, model: name))
    }

    /// The utterance embedding of `audio`, `[embedding]` with unit length (`embed_utterance`).
    public func embedUtterance(_ audio: Audio, normalizeVolume: Bool = true) throws -> Tensor {
        try embedPartials(audio, normalizeVolume: normalizeVolume).utterance
    }

    /// One embedding for several utterances of one speaker: the normalised mean of their utterance
    /// embeddings (`embed_speaker`).
    public func embedSpeaker(_ audios: [Audio], normalizeVolume: Bool = true) throws -> Tensor {
        guard !audios.isEmpty else { throw EncoderError.invalidInput(model: name, reason: "embedSpeaker needs at least one utterance") }
        let rows = try audios.map { try embedUtterance($0, normalizeVolume: normalizeVolume) }
        let stacked = Tensor(shape: [rows.count, embeddingSize]) { out, _ in
            for (index, row) in rows.enumerated() { (out + index * embeddingSize).update(from: row.pointer, count: embeddingSize) }
        }
        return try Self.unitMean(stacked, model: name)
    }

    /// The network on mel frames `[batch, frames, mels]` (or `[frames, mels]`): the last layer's final
    /// hidden state → linear → ReLU → L2 normalisation, `[batch, embedding]` (`[embedding]`).
    public func callAsFunction(mels: Tensor) throws -> Tensor {
        guard (mels.rank == 2 || mels.rank == 3), mels.shape.last == config.melChannels, mels.count > 0 else {
            throw EncoderError.invalidInput(model: name, reason: "mel frames of shape \(mels.shape) are not "
                                            + "[batch, frames, \(config.melChannels)] with at least one frame")
        }
        let states = try lstm(mels)
        let batch = mels.rank == 3 ? mels.shape[0] : 1, h = config.hiddenSize
        let layers = config.numHiddenLayers
        let last = try states.hidden.rows(layers - 1 ..< layers).reshaped([batch, h])
        var embeddings = projection(last, activation: .relu)
        let pointer = embeddings.mutablePointer(), e = embeddingSize
        for row in 0 ..< batch {
            var squares = 0.0
            for c in 0 ..< e { squares += Double(pointer[row * e + c]) * Double(pointer[row * e + c]) }
            guard squares > 0 else {
                throw EncoderError.invalidInput(model: name, reason: "partial \(row) has an all-zero embedding after the ReLU; it cannot be normalised")
            }
            let norm = Float(squares.squareRoot())
            for c in 0 ..< e { pointer[row * e + c] /= norm }
        }
        return mels.rank == 3 ? embeddings : try embeddings.reshaped([e])
    }

    /// The mono samples of `audio` after checking its rate and channel count.
    private func checked(_ audio: Audio) throws -> [Float] {
        let rate = features.config.samplingRate
        guard audio.sampleRate == rate else {
            throw EncoderError.invalidInput(model: name, reason: "the audio is sampled at \(audio.sampleRate) Hz, but the speaker "
                                            + "encoder needs \(rate) Hz; call `audio.resampled(to: \(rate))` first")
        }
        guard audio.channels == 1 else {
            throw EncoderError.invalidInput(model: name, reason: "the audio has \(audio.channels) channels, but the speaker "
                                            + "encoder needs mono; call `audio.mono()` first")
        }
        guard audio.frameCount > 0 else { throw EncoderError.invalidInput(model: name, reason: "the audio has no samples") }
        return audio.samples
    }

    /// The windows `slices` of `[frames, mels]` frames, stacked: `[partials, window, mels]`.
    private static func windows(of frames: Tensor, _ slices: [SpeakerPartial], model: String) throws -> Tensor {
        let available = frames.shape[0], width = frames.shape[1]
        guard let window = slices.first?.frames.count, slices.allSatisfy({ $0.frames.upperBound <= available }) else {
            throw EncoderError.invalidInput(model: model, reason: "the partial windows reach past the \(available) mel frames")
        }
        let source = frames.pointer
        return Tensor(shape: [slices.count, window, width]) { out, _ in
            for (index, slice) in slices.enumerated() {
                (out + index * window * width).update(from: source + slice.frames.lowerBound * width, count: window * width)
            }
        }
    }

    /// The mean of the rows of `[n, e]` scaled to unit length (accumulated in double precision).
    private static func unitMean(_ rows: Tensor, model: String) throws -> Tensor {
        let n = rows.shape[0], e = rows.shape[1], source = rows.pointer
        var mean = [Double](repeating: 0, count: e)
        for row in 0 ..< n { for c in 0 ..< e { mean[c] += Double(source[row * e + c]) } }
        let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { throw EncoderError.invalidInput(model: model, reason: "the partial embeddings average to zero") }
        return Tensor(mean.map { Float($0 / norm) })
    }
}

extension SpeakerEncoder: CustomStringConvertible {
    /// `SpeakerEncoder(ge2e, 3×LSTM 256 over 40 mels → 256, from vectorbook/resemblyzer-ge2e)`.
    public var description: String {
        "SpeakerEncoder(ge2e, \(config.numHiddenLayers)×LSTM \(config.hiddenSize) over \(config.melChannels) mels → "
            + "\(config.embeddingSize), from \(name))"
    }
}

extension Model {
    /// The utterance embedding of `audio` for a speaker encoder (`model_type` `ge2e`); see
    /// `SpeakerEncoder.embedUtterance(_:normalizeVolume:)`.
    public func embedUtterance(_ audio: Audio) throws -> Tensor {
        guard let speaker = encoder as? SpeakerEncoder else {
            throw EncoderError.unsupportedInput(model: id, input: "speaker-utterance (embedUtterance)")
        }
        return try speaker.embedUtterance(audio)
    }
}
