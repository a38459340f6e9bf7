import Foundation
import ModelHub
import Tensors

/// `config.json` of a Whisper checkpoint (`model_type: "whisper"`); only the encoder's keys are read.
public struct WhisperConfig: Codable, Sendable {
    public var dModel: Int
    public var encoderLayers: Int
    public var encoderAttentionHeads: Int
    public var encoderFfnDim: Int
    public var numMelBins: Int
    public var maxSourcePositions: Int
    public var activationFunction: String

    enum CodingKeys: String, CodingKey {
        case dModel = "d_model"
        case encoderLayers = "encoder_layers"
        case encoderAttentionHeads = "encoder_attention_heads"
        case encoderFfnDim = "encoder_ffn_dim"
        case numMelBins = "num_mel_bins"
        case maxSourcePositions = "max_source_positions"
        case activationFunction = "activation_function"
    }

    /// The sizes that must match the weights are required; the rest default as in `transformers`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dModel = try c.decode(Int.self, forKey: .dModel)
        encoderLayers = try c.decode(Int.self, forKey: .encoderLayers)
        encoderAttentionHeads = try c.decode(Int.self, forKey: .encoderAttentionHeads)
        encoderFfnDim = try c.decodeIfPresent(Int.self, forKey: .encoderFfnDim) ?? 1536
        numMelBins = try c.decodeIfPresent(Int.self, forKey: .numMelBins) ?? 80
        maxSourcePositions = try c.decodeIfPresent(Int.self, forKey: .maxSourcePositions) ?? 1500
        activationFunction = try c.decodeIfPresent(String.self, forKey: .activationFunction) ?? "gelu"
    }

    /// Mel frames the encoder takes: two per output position (30 s at a 10 ms hop for real checkpoints).
    public var inputFrames: Int { 2 * maxSourcePositions }
}

/// Whisper's audio encoder (`transformers.WhisperEncoder` in eval mode): two convolutions with
/// GELU (the second halves the frame rate), the stored sinusoidal position table, pre-LN layers
/// (`k_proj` without bias) and a final layer norm. The input is the log-mel spectrogram of a
/// padded 30 s window, `[batch, num_mel_bins, 2 · max_source_positions]`; the output has
/// `max_source_positions` frames of 20 ms. Like `transformers`, attention is never masked: the
/// encoder attends over the padding too.
///
/// Loads the encoder from a full `WhisperForConditionalGeneration` (`model.encoder.*`) or
/// `WhisperModel` (`encoder.*`) checkpoint; the decoder's tensors (`model.decoder.*`, `decoder.*`,
/// `proj_out.*`) are skipped silently, since a seq2seq checkpoint always carries them.
public final class WhisperEncoder: AudioEncoder {
    public let config: WhisperConfig
    public let name: String
    public var modelType: String { "whisper" }
    public var hiddenSize: Int { config.dModel }

    /// Whisper builds its layer norms with PyTorch's default epsilon.
    private static let epsilon: Float = 1e-5
    private let conv1: Conv1d
    private let conv2: Conv1d
    private let positions: Tensor
    private let encoder: PreLNEncoder
    private let finalNorm: LayerNormWeights

    /// Loads config.json and the safetensors weights of `folder`.
    public convenience init(folder: URL, name: String? = nil) throws {
        let configFile = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        try self.init(config: configFile.decode(WhisperConfig.self), configPath: configFile.url.path,
                      folder: folder, name: name ?? folder.lastPathComponent)
    }

    init(config: WhisperConfig, configPath: String, folder: URL, name: String) throws {
        guard config.dModel > 0, config.encoderAttentionHeads > 0, config.dModel % config.encoderAttentionHeads == 0 else {
            throw EncoderError.invalidConfig(path: configPath, reason: "d_model \(config.dModel) is not a multiple of encoder_attention_heads \(config.encoderAttentionHeads)")
        }
        guard config.numMelBins > 0, config.maxSourcePositions > 0 else {
            throw EncoderError.invalidConfig(path: configPath, reason: "num_mel_bins \(config.numMelBins) and max_source_positions \(config.maxSourcePositions) must be positive")
        }
        self.config = config
        self.name = name
        let h = config.dModel, inner = config.encoderFfnDim
        let weights = try WeightStore(folder: folder, prefixes: ["model.encoder.", "encoder."])
        conv1 = Conv1d(weight: try weights.tensor("conv1.weight", shape: [h, config.numMelBins, 3]),
                       bias: try weights.tensor("conv1.bias", shape: [h]), stride: 1, padding: 1)
        conv2 = Conv1d(weight: try weights.tensor("conv2.weight", shape: [h, h, 3]),
                       bias: try weights.tensor("conv2.bias", shape: [h]), stride: 2, padding: 1)
        positions = try weights.tensor("embed_positions.weight", shape: [config.maxSourcePositions, h])
        let layers = try (0 ..< config.encoderLayers).map { i -> PreLNEncoderLayer in
            let l = "layers.\(i)"
            return PreLNEncoderLayer(
                norm1: try weights.layerNorm("\(l).self_attn_layer_norm", size: h),
                qkv: Linear.concatenated([try weights.linear("\(l).self_attn.q_proj", input: h, output: h),
                                          try weights.linear("\(l).self_attn.k_proj", input: h, output: h, bias: false),
                                          try weights.linear("\(l).self_attn.v_proj", input: h, output: h)]),
                attentionOutput: try weights.linear("\(l).self_attn.out_proj", input: h, output: h),
                layerScale1: nil,
                norm2: try weights.layerNorm("\(l).final_layer_norm", size: h),
                fc1: try weights.linear("\(l).fc1", input: h, output: inner),
                fc2: try weights.linear("\(l).fc2", input: inner, output: h),
                layerScale2: nil)
        }
        encoder = PreLNEncoder(layers: layers, hidden: h, heads: config.encoderAttentionHeads, intermediateSize: inner,
                               activation: try activation(named: config.activationFunction, path: configPath),
                               epsilon: Self.epsilon)
        finalNorm = try weights.layerNorm("layer_norm", size: h)
        weights.warnAboutUnused(model: name, skippedPrefixes: ["model.decoder.", "decoder.", "proj_out."],
                                skippedSuffixes: [])
    }

    /// Runs the encoder on `[batch, num_mel_bins, 2 · max_source_positions]` log-mel features.
    ///
    /// `attentionMask` does not change the result (as in `transformers`); it only marks which output
    /// frames hold audio, for pooling: give the feature extractor's mel-frame mask
    /// (`[batch][2 · max_source_positions]`, `return_attention_mask=True`; every second value is
    /// kept) or a mask over the output frames (`[batch][max_source_positions]`).
    public func encode(inputValues features: Tensor, attentionMask: [[Int]]?, outputHiddenStates: Bool) throws -> ModelOutput {
        let mels = config.numMelBins, inputFrames = config.inputFrames, frames = config.maxSourcePositions
        guard features.rank == 3, features.shape[0] > 0, features.shape[1] == mels, features.shape[2] == inputFrames else {
            throw EncoderError.invalidInput(model: name, reason: "input features must be [batch, \(mels), \(inputFrames)] (log-mel frames of the padded window, as the feature extractor returns them), got \(features.shape)")
        }
        let batch = features.shape[0], h = hiddenSize
        var frameMask = Array(repeating: Array(repeating: 1, count: frames), count: batch)
        if let attentionMask {
            let width = attentionMask.first?.count ?? 0
            guard width == inputFrames || width == frames else {
                throw EncoderError.invalidInput(model: name, reason: "the attention mask must have \(inputFrames) values per row (mel frames) or \(frames) (encoder frames), got \(width)")
            }
            let flags = try validateAudioMask(attentionMask, batch: batch, width: width, what: "frames", model: name)
            let step = width / frames
            frameMask = flags.map { row in (0 ..< frames).map { row[$0 * step] ? 1 : 0 } }
        }

        let embedded = Tensor(shape: [batch * frames, h]) { out, _ in
            let timeMajor = UnsafeMutablePointer<Float>.allocate(capacity: inputFrames * mels)
            defer { timeMajor.deallocate() }
            for row in 0 ..< batch {
                AudioKernels.transposePadded(features.pointer + row * mels * inputFrames, channels: mels,
                                             length: inputFrames, padding: 0, into: timeMajor)
                // transformers applies the exact GELU after both convolutions, whatever activation_function says.
                let first = conv1(timeMajor, length: inputFrames, activation: .gelu)
                let second = conv2(first.pointer, length: inputFrames, activation: .gelu)
                let target = out + row * frames * h
                target.update(from: second.pointer, count: frames * h)
                Kernels.scaledAdd(target, positions.pointer, scale: nil, rows: frames, columns: h)
            }
        }
        var (encoded, states) = encoder(embedded, segments: imageSegments(images: batch, tokens: frames),
                                        outputHiddenStates: outputHiddenStates)
        encoded = encoded.layerNormed(finalNorm, epsilon: Self.epsilon)
        // transformers ties the last hidden state to the normalised output.
        if var collected = states, !collected.isEmpty {
            collected[collected.count - 1] = encoded
            states = collected
        }
        return ModelOutput(lastHiddenState: try framesShaped(encoded, batch: batch, frames: frames, mask: frameMask),
                           poolerOutput: nil,
                           hiddenStates: try states?.map { try framesShaped($0, batch: batch, frames: frames, mask: frameMask) },
                           attentionMask: frameMask)
    }
}
