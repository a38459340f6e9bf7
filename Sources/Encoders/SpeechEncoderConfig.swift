import Foundation

/// The `config.json` keys that Wav2Vec2 and HuBERT checkpoints share, with `transformers`' defaults.
public struct SpeechEncoderConfig: Codable, Sendable {
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
    }

    /// The backbone's settings, with the options only one of the two architectures has.
    func settings(featProjLayerNorm: Bool, convPosBatchNorm: Bool, addAdapter: Bool, adapterAttnDim: Int?) -> SpeechEncoderSettings {
        SpeechEncoderSettings(hiddenSize: hiddenSize, numHiddenLayers: numHiddenLayers, numAttentionHeads: numAttentionHeads,
                              intermediateSize: intermediateSize, hiddenAct: hiddenAct, layerNormEps: layerNormEps,
                              featExtractNorm: featExtractNorm, featExtractActivation: featExtractActivation,
                              convDim: convDim, convStride: convStride, convKernel: convKernel, convBias: convBias,
                              numConvPosEmbeddings: numConvPosEmbeddings,
                              numConvPosEmbeddingGroups: numConvPosEmbeddingGroups,
                              doStableLayerNorm: doStableLayerNorm, featProjLayerNorm: featProjLayerNorm,
                              convPosBatchNorm: convPosBatchNorm, addAdapter: addAdapter, adapterAttnDim: adapterAttnDim)
    }
}
