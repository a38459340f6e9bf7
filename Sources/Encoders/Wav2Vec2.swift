import Foundation
import ModelHub
import Tensors

/// `config.json` of a Wav2Vec2 checkpoint (`model_type: "wav2vec2"`): the keys shared with HuBERT plus
/// the adapter options, which are read so that a checkpoint using them is refused by name.
public struct Wav2Vec2Config: Codable, Sendable {
    /// `hidden_size`, `conv_dim`, `do_stable_layer_norm`, … (shared with HuBERT).
    public var shared: SpeechEncoderConfig
    public var addAdapter: Bool
    public var adapterAttnDim: Int?

    enum CodingKeys: String, CodingKey {
        case addAdapter = "add_adapter"
        case adapterAttnDim = "adapter_attn_dim"
    }

    public init(from decoder: any Decoder) throws {
        shared = try SpeechEncoderConfig(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        addAdapter = try c.decodeIfPresent(Bool.self, forKey: .addAdapter) ?? false
        adapterAttnDim = try c.decodeIfPresent(Int.self, forKey: .adapterAttnDim)
    }

    public func encode(to encoder: any Encoder) throws {
        try shared.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(addAdapter, forKey: .addAdapter)
        try c.encodeIfPresent(adapterAttnDim, forKey: .adapterAttnDim)
    }

    var settings: SpeechEncoderSettings {
        shared.settings(featProjLayerNorm: true, convPosBatchNorm: false, addAdapter: addAdapter, adapterAttnDim: adapterAttnDim)
    }
}

/// Wav2Vec2 (`transformers.Wav2Vec2Model` in eval mode): a convolutional feature encoder over raw
/// 16 kHz samples (group norm on the first layer, or layer norm on every layer), a feature
/// projection, a convolutional position embedding, and a post-LN or stable-layer-norm (pre-LN)
/// Transformer. Loads `Wav2Vec2Model` checkpoints and the `wav2vec2.*` part of task checkpoints
/// (`Wav2Vec2ForCTC`, …); `masked_spec_embed` (training only) is ignored.
public final class Wav2Vec2Model: AudioEncoder {
    public let config: Wav2Vec2Config
    public let name: String
    public var modelType: String { "wav2vec2" }
    public var hiddenSize: Int { config.shared.hiddenSize }
    let backbone: Wav2Vec2Backbone

    /// Loads config.json and the safetensors weights of `folder`.
    public convenience init(folder: URL, name: String? = nil) throws {
        let configFile = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        try self.init(config: configFile.decode(Wav2Vec2Config.self), configPath: configFile.url.path,
                      folder: folder, name: name ?? folder.lastPathComponent)
    }

    init(config: Wav2Vec2Config, configPath: String, folder: URL, name: String) throws {
        self.config = config
        self.name = name
        let weights = try WeightStore(folder: folder, prefixes: ["wav2vec2."])
        backbone = try Wav2Vec2Backbone(settings: config.settings, weights: weights, configPath: configPath)
        weights.warnAboutUnused(model: name, skippedPrefixes: [], skippedSuffixes: ["masked_spec_embed"])
    }

    /// Number of frames the feature encoder makes of `samples` samples (0 when too short).
    public func featureLength(samples: Int) -> Int { backbone.featureLength(samples: samples) }

    /// Runs the model on `[batch, samples]` input values and returns every output, `extract_features` included.
    public func forward(inputValues: Tensor, attentionMask: [[Int]]? = nil,
                        outputHiddenStates: Bool = false) throws -> SpeechEncoderOutput {
        try backbone.forward(inputValues: inputValues, attentionMask: attentionMask,
                             outputHiddenStates: outputHiddenStates, model: name)
    }

    public func encode(inputValues: Tensor, attentionMask: [[Int]]?, outputHiddenStates: Bool) throws -> ModelOutput {
        try forward(inputValues: inputValues, attentionMask: attentionMask, outputHiddenStates: outputHiddenStates).modelOutput
    }
}

/// The options shared by Wav2Vec2 and HuBERT configs, as the common backbone reads them.
struct SpeechEncoderSettings: Sendable {
    static let defaultConvDim = [512, 512, 512, 512, 512, 512, 512]
    static let defaultConvStride = [5, 2, 2, 2, 2, 2, 2]
    static let defaultConvKernel = [10, 3, 3, 3, 3, 2, 2]

    var hiddenSize: Int
    var numHiddenLayers: Int
    var numAttentionHeads: Int
    var intermediateSize: Int
    var hiddenAct: String
    var layerNormEps: Float
    var featExtractNorm: String
    var featExtractActivation: String
    var convDim: [Int]
    var convStride: [Int]
    var convKernel: [Int]
    var convBias: Bool
    var numConvPosEmbeddings: Int
    var numConvPosEmbeddingGroups: Int
    var doStableLayerNorm: Bool
    /// HuBERT's `feat_proj_layer_norm` (Wav2Vec2 always normalises before projecting).
    var featProjLayerNorm: Bool
    /// HuBERT's `conv_pos_batch_norm`.
    var convPosBatchNorm: Bool
    var addAdapter: Bool
    var adapterAttnDim: Int?

    /// Rejects values the backbone cannot run, naming the key.
    func validate(path: String) throws {
        func fail(_ reason: String) -> EncoderError { .invalidConfig(path: path, reason: reason) }
        guard hiddenSize > 0, numAttentionHeads > 0, hiddenSize % numAttentionHeads == 0 else {
            throw fail("hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(numAttentionHeads)")
        }
        guard ["group", "layer"].contains(featExtractNorm) else {
            throw fail("feat_extract_norm \"\(featExtractNorm)\" is not supported (\"group\" or \"layer\")")
        }
        guard !convDim.isEmpty, convDim.count == convStride.count, convDim.count == convKernel.count else {
            throw fail("conv_dim (\(convDim.count)), conv_stride (\(convStride.count)) and conv_kernel (\(convKernel.count)) must list the same, non-zero number of layers")
        }
        guard (convDim + convStride + convKernel).allSatisfy({ $0 > 0 }) else {
            throw fail("conv_dim \(convDim), conv_stride \(convStride) and conv_kernel \(convKernel) must be positive")
        }
        guard numConvPosEmbeddings > 0, numConvPosEmbeddingGroups > 0, hiddenSize % numConvPosEmbeddingGroups == 0 else {
            throw fail("num_conv_pos_embeddings \(numConvPosEmbeddings) / num_conv_pos_embedding_groups \(numConvPosEmbeddingGroups) do not fit hidden_size \(hiddenSize)")
        }
        guard !addAdapter else { throw fail("add_adapter true (the convolutional adapter after the encoder) is not supported") }
        if let adapterAttnDim {
            throw fail("adapter_attn_dim \(adapterAttnDim) (attention adapters, as in MMS) is not supported")
        }
    }
}

/// The network Wav2Vec2 and HuBERT share: feature encoder, feature projection, positional
/// convolution and Transformer.
struct Wav2Vec2Backbone: Sendable {
    /// The Transformer variant.
    enum Layers: Sendable {
        /// `do_stable_layer_norm` false: the encoder's layer norm, then post-LN layers.
        case postLN(PostLNEncoder)
        /// `do_stable_layer_norm` true: pre-LN layers, then the encoder's layer norm.
        case preLN(PreLNEncoder)
    }

    let featureLayers: [FeatureConvLayer]
    let projectionNorm: LayerNormWeights?
    let projection: Linear
    let positional: PositionalConvEmbedding
    let encoderNorm: LayerNormWeights
    let layers: Layers
    let settings: SpeechEncoderSettings
    /// Whether `extract_features` is part of the output (Wav2Vec2, not HuBERT).
    let returnsExtractFeatures: Bool

    init(settings s: SpeechEncoderSettings, weights: WeightStore, configPath: String,
         returnsExtractFeatures: Bool = true) throws {
        try s.validate(path: configPath)
        settings = s
        self.returnsExtractFeatures = returnsExtractFeatures
        let h = s.hiddenSize, inner = s.intermediateSize
        let convActivation = try activation(named: s.featExtractActivation, path: configPath)
        var convLayers: [FeatureConvLayer] = []
        for (i, channels) in s.convDim.enumerated() {
            let p = "feature_extractor.conv_layers.\(i)"
            let input = i == 0 ? 1 : s.convDim[i - 1]
            let conv = Conv1d(weight: try weights.tensor("\(p).conv.weight", shape: [channels, input, s.convKernel[i]]),
                              bias: s.convBias ? try weights.tensor("\(p).conv.bias", shape: [channels]) : nil,
                              stride: s.convStride[i])
            let normalization: FeatureConvLayer.Normalization
            if s.featExtractNorm == "layer" {
                normalization = .layer(try weights.layerNorm("\(p).layer_norm", size: channels))
            } else if i == 0 {
                normalization = .group(try weights.layerNorm("\(p).layer_norm", size: channels))
            } else {
                normalization = .none
            }
            convLayers.append(FeatureConvLayer(conv: conv, normalization: normalization, activation: convActivation))
        }
        featureLayers = convLayers
        let features = s.convDim[s.convDim.count - 1]
        projectionNorm = s.featProjLayerNorm ? try weights.layerNorm("feature_projection.layer_norm", size: features) : nil
        projection = try weights.linear("feature_projection.projection", input: features, output: h)
        positional = try PositionalConvEmbedding(weights: weights, prefix: "encoder.pos_conv_embed", hidden: h,
                                                 kernel: s.numConvPosEmbeddings, groups: s.numConvPosEmbeddingGroups,
                                                 batchNorm: s.convPosBatchNorm, activation: convActivation)
        encoderNorm = try weights.layerNorm("encoder.layer_norm", size: h)
        let encoderActivation = try activation(named: s.hiddenAct, path: configPath)
        func attention(_ l: String) throws -> (Linear, Linear) {
            (Linear.concatenated([try weights.linear("\(l).attention.q_proj", input: h, output: h),
                                  try weights.linear("\(l).attention.k_proj", input: h, output: h),
                                  try weights.linear("\(l).attention.v_proj", input: h, output: h)]),
             try weights.linear("\(l).attention.out_proj", input: h, output: h))
        }
        if s.doStableLayerNorm {
            let stack = try (0 ..< s.numHiddenLayers).map { i -> PreLNEncoderLayer in
                let l = "encoder.layers.\(i)"
                let (qkv, output) = try attention(l)
                return PreLNEncoderLayer(
                    norm1: try weights.layerNorm("\(l).layer_norm", size: h), qkv: qkv, attentionOutput: output,
                    layerScale1: nil, norm2: try weights.layerNorm("\(l).final_layer_norm", size: h),
                    fc1: try weights.linear("\(l).feed_forward.intermediate_dense", input: h, output: inner),
                    fc2: try weights.linear("\(l).feed_forward.output_dense", input: inner, output: h), layerScale2: nil)
            }
            self.layers = .preLN(PreLNEncoder(layers: stack, hidden: h, heads: s.numAttentionHeads,
                                              intermediateSize: inner, activation: encoderActivation,
                                              epsilon: s.layerNormEps))
        } else {
            let stack = try (0 ..< s.numHiddenLayers).map { i -> PostLNEncoderLayer in
                let l = "encoder.layers.\(i)"
                let (qkv, output) = try attention(l)
                return PostLNEncoderLayer(
                    qkv: qkv, attentionOutput: output, attentionNorm: try weights.layerNorm("\(l).layer_norm", size: h),
                    intermediate: try weights.linear("\(l).feed_forward.intermediate_dense", input: h, output: inner),
                    output: try weights.linear("\(l).feed_forward.output_dense", input: inner, output: h),
                    outputNorm: try weights.layerNorm("\(l).final_layer_norm", size: h))
            }
            self.layers = .postLN(PostLNEncoder(layers: stack, hidden: h, heads: s.numAttentionHeads,
                                                intermediateSize: inner, activation: encoderActivation,
                                                epsilon: s.layerNormEps))
        }
    }

    /// Frames for `samples` input samples: `⌊(n − kernel) / stride⌋ + 1` per convolution (0 when too short).
    func featureLength(samples: Int) -> Int {
        var length = samples
        for (kernel, stride) in zip(settings.convKernel, settings.convStride) {
            guard length >= kernel else { return 0 }
            length = (length - kernel) / stride + 1
        }
        return length
    }

    /// The smallest input that yields one frame.
    var receptiveField: Int {
        var field = 1
        for (kernel, stride) in zip(settings.convKernel, settings.convStride).reversed() {
            field = (field - 1) * stride + kernel
        }
        return field
    }

    func forward(inputValues: Tensor, attentionMask: [[Int]]?, outputHiddenStates: Bool,
                 model: String) throws -> SpeechEncoderOutput {
        guard inputValues.rank == 2 else {
            throw EncoderError.invalidInput(model: model, reason: "input values must be [batch, samples] (16 kHz mono, as the feature extractor returns them), got \(inputValues.shape)")
        }
        let batch = inputValues.shape[0], samples = inputValues.shape[1]
        let frames = featureLength(samples: samples)
        guard batch > 0, frames > 0 else {
            throw EncoderError.invalidInput(model: model, reason: "\(samples) samples are fewer than the \(receptiveField) the convolutions need for one frame (input \(inputValues.shape))")
        }
        // transformers: the first conv_out_length(sum(mask)) frames of each row are real.
        var frameMask = Array(repeating: Array(repeating: 1, count: frames), count: batch)
        var keyMasks: [[Bool]?] = Array(repeating: nil, count: batch)
        if let attentionMask {
            let flags = try validateAudioMask(attentionMask, batch: batch, width: samples, what: "samples", model: model)
            for (row, values) in flags.enumerated() {
                let real = values.reduce(0) { $0 + ($1 ? 1 : 0) }
                let length = featureLength(samples: real)
                guard length > 0 else {
                    throw EncoderError.invalidInput(model: model, reason: "row \(row) of the attention mask marks \(real) real samples, fewer than the \(receptiveField) needed for one frame")
                }
                frameMask[row] = (0 ..< frames).map { $0 < length ? 1 : 0 }
                if length < frames { keyMasks[row] = (0 ..< frames).map { $0 < length } }
            }
        }

        let s = settings, h = s.hiddenSize, rows = batch * frames
        let featureWidth = s.convDim[s.convDim.count - 1]
        // Feature encoder, one row at a time (group norm statistics are per row).
        var extracted = Tensor(shape: [rows, featureWidth]) { out, _ in
            for row in 0 ..< batch {
                var current = Tensor(copying: inputValues.pointer + row * samples, shape: [samples, 1])
                for layer in featureLayers {
                    current = layer(current.pointer, length: current.shape[0])
                }
                (out + row * frames * featureWidth).update(from: current.pointer, count: frames * featureWidth)
            }
        }
        if let projectionNorm {
            extracted = extracted.layerNormed(projectionNorm, epsilon: s.layerNormEps)
        }
        var hidden = projection(extracted)
        let x = hidden.mutablePointer()
        for (row, keys) in keyMasks.enumerated() {
            guard let keys else { continue }
            for frame in 0 ..< frames where !keys[frame] {
                (x + (row * frames + frame) * h).update(repeating: 0, count: h)
            }
        }
        let sequences = (0 ..< batch).map { $0 * frames ..< ($0 + 1) * frames }
        positional.add(to: x, sequences: sequences, hidden: h)
        let segments = (0 ..< batch).map { AttentionSegment(start: $0 * frames, length: frames, keyMask: keyMasks[$0]) }

        var states: [Tensor]?
        let last: Tensor
        switch layers {
        case let .postLN(postLN):
            Kernels.layerNorm(x, rows: rows, columns: h, gamma: encoderNorm.weight.pointer,
                              beta: encoderNorm.bias.pointer, epsilon: s.layerNormEps)
            var collected = outputHiddenStates ? [Tensor(copying: x, shape: [rows, h])] : []
            postLN.run(x, rows: rows, segments: segments,
                       afterLayer: outputHiddenStates ? { collected.append(Tensor(copying: $0, shape: [rows, h])) } : nil)
            states = outputHiddenStates ? collected : nil
            last = hidden
        case let .preLN(preLN):
            let (encoded, collected) = preLN(hidden, segments: segments, outputHiddenStates: outputHiddenStates)
            states = collected
            last = encoded.layerNormed(encoderNorm, epsilon: s.layerNormEps)
        }
        return SpeechEncoderOutput(
            lastHiddenState: try framesShaped(last, batch: batch, frames: frames, mask: frameMask),
            extractFeatures: returnsExtractFeatures ? try framesShaped(extracted, batch: batch, frames: frames, mask: frameMask) : nil,
            hiddenStates: try states?.map { try framesShaped($0, batch: batch, frames: frames, mask: frameMask) },
            attentionMask: frameMask)
    }
}
