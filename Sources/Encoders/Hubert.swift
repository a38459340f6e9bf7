import Foundation
import ModelHub
import Tensors

/// `config.json` of a HuBERT checkpoint (`model_type: "hubert"`).
public struct HubertConfig: Codable, Sendable {
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var hiddenAct: String
    public var layerNormEps: Float
    public var featExtractNorm: String
    public var featExtractActivation: String
    public var convDim: [Int]
    public var convStride: [Int]
    public var convKernel: [Int]
    public var convBias: Bool
    public var numConvPosEmbeddings: Int
    public var numConvPosEmbeddingGroups: Int
    public var doStableLayerNorm: Bool
    public var featProjLayerNorm: Bool
    public var convPosBatchNorm: Bool

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case hiddenAct = "hidden_act"
        case layerNormEps = "layer_norm_eps"
        case featExtractNorm = "feat_extract_norm"
        case featExtractActivation = "feat_extract_activation"
        case convDim = "conv_dim"
        case convStride = "conv_stride"
        case convKernel = "conv_kernel"
        case convBias = "conv_bias"
        case numConvPosEmbeddings = "num_conv_pos_embeddings"
        case numConvPosEmbeddingGroups = "num_conv_pos_embedding_groups"
        case doStableLayerNorm = "do_stable_layer_norm"
        case featProjLayerNorm = "feat_proj_layer_norm"
        case convPosBatchNorm = "conv_pos_batch_norm"
    }

    /// The sizes that must match the weights are required; the rest default as in `transformers`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? 4 * hiddenSize
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? 1e-5
        featExtractNorm = try c.decodeIfPresent(String.self, forKey: .featExtractNorm) ?? "group"
        featExtractActivation = try c.decodeIfPresent(String.self, forKey: .featExtractActivation) ?? "gelu"
        convDim = try c.decodeIfPresent([Int].self, forKey: .convDim) ?? SpeechEncoderSettings.defaultConvDim
        convStride = try c.decodeIfPresent([Int].self, forKey: .convStride) ?? SpeechEncoderSettings.defaultConvStride
        convKernel = try c.decodeIfPresent([Int].self, forKey: .convKernel) ?? SpeechEncoderSettings.defaultConvKernel
        convBias = try c.decodeIfPresent(Bool.self, forKey: .convBias) ?? false
        numConvPosEmbeddings = try c.decodeIfPresent(Int.self, forKey: .numConvPosEmbeddings) ?? 128
        numConvPosEmbeddingGroups = try c.decodeIfPresent(Int.self, forKey: .numConvPosEmbeddingGroups) ?? 16
        doStableLayerNorm = try c.decodeIfPresent(Bool.self, forKey: .doStableLayerNorm) ?? false
        featProjLayerNorm = try c.decodeIfPresent(Bool.self, forKey: .featProjLayerNorm) ?? true
        convPosBatchNorm = try c.decodeIfPresent(Bool.self, forKey: .convPosBatchNorm) ?? false
    }

    var settings: SpeechEncoderSettings {
        SpeechEncoderSettings(hiddenSize: hiddenSize, numHiddenLayers: numHiddenLayers, numAttentionHeads: numAttentionHeads,
                              intermediateSize: intermediateSize, hiddenAct: hiddenAct, layerNormEps: layerNormEps,
                              featExtractNorm: featExtractNorm, featExtractActivation: featExtractActivation,
                              convDim: convDim, convStride: convStride, convKernel: convKernel, convBias: convBias,
                              numConvPosEmbeddings: numConvPosEmbeddings,
                              numConvPosEmbeddingGroups: numConvPosEmbeddingGroups,
                              doStableLayerNorm: doStableLayerNorm, featProjLayerNorm: featProjLayerNorm,
                              convPosBatchNorm: convPosBatchNorm, addAdapter: false, adapterAttnDim: nil)
    }
}

/// HuBERT (`transformers.HubertModel` in eval mode): Wav2Vec2's network with an optional layer
/// norm before the feature projection (`feat_proj_layer_norm`) and, in some checkpoints, a batch
/// norm instead of weight norm in the positional convolution (`conv_pos_batch_norm`). Loads
/// `HubertModel` checkpoints and the `hubert.*` part of task checkpoints; `masked_spec_embed`
/// (training only) is ignored. Like `transformers`, it returns no `extract_features`.
public final class HubertModel: AudioEncoder {
    public let config: HubertConfig
    public let name: String
    public var modelType: String { "hubert" }
    public var hiddenSize: Int { config.hiddenSize }
    let backbone: Wav2Vec2Backbone

    /// Loads config.json and the safetensors weights of `folder`.
    public convenience init(folder: URL, name: String? = nil) throws {
        let configFile = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        try self.init(config: configFile.decode(HubertConfig.self), configPath: configFile.url.path,
                      folder: folder, name: name ?? folder.lastPathComponent)
    }

    init(config: HubertConfig, configPath: String, folder: URL, name: String) throws {
        self.config = config
        self.name = name
        let weights = try WeightStore(folder: folder, prefixes: ["hubert."])
        backbone = try Wav2Vec2Backbone(settings: config.settings, weights: weights, configPath: configPath,
                                        returnsExtractFeatures: false)
        weights.warnAboutUnused(model: name, skippedPrefixes: [],
                                skippedSuffixes: ["masked_spec_embed", "batch_norm.num_batches_tracked"])
    }

    /// Number of frames the feature encoder makes of `samples` samples (0 when too short).
    public func featureLength(samples: Int) -> Int { backbone.featureLength(samples: samples) }

    /// Runs the model on `[batch, samples]` input values and returns every output.
    public func forward(inputValues: Tensor, attentionMask: [[Int]]? = nil,
                        outputHiddenStates: Bool = false) throws -> SpeechEncoderOutput {
        try backbone.forward(inputValues: inputValues, attentionMask: attentionMask,
                             outputHiddenStates: outputHiddenStates, model: name)
    }

    public func encode(inputValues: Tensor, attentionMask: [[Int]]?, outputHiddenStates: Bool) throws -> ModelOutput {
        try forward(inputValues: inputValues, attentionMask: attentionMask, outputHiddenStates: outputHiddenStates).modelOutput
    }
}
