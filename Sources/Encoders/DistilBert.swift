import Foundation
import ModelHub
import Tensors

/// `config.json` of a DistilBERT checkpoint (`model_type: "distilbert"`).
public struct DistilBertConfig: Codable, Sendable {
    public var vocabSize: Int
    public var dim: Int
    public var nLayers: Int
    public var nHeads: Int
    public var hiddenDim: Int
    public var activation: String
    public var maxPositionEmbeddings: Int
    public var padTokenId: Int?

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size"
        case dim
        case nLayers = "n_layers"
        case nHeads = "n_heads"
        case hiddenDim = "hidden_dim"
        case activation
        case maxPositionEmbeddings = "max_position_embeddings"
        case padTokenId = "pad_token_id"
    }

    /// Sizes that must match the weights are required; the rest default as in `transformers`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        dim = try c.decode(Int.self, forKey: .dim)
        nLayers = try c.decode(Int.self, forKey: .nLayers)
        nHeads = try c.decode(Int.self, forKey: .nHeads)
        hiddenDim = try c.decodeIfPresent(Int.self, forKey: .hiddenDim) ?? 4 * dim
        activation = try c.decodeIfPresent(String.self, forKey: .activation) ?? "gelu"
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 512
        padTokenId = try c.decodeIfPresent(Int.self, forKey: .padTokenId)
    }
}

/// DistilBERT encoder: word + position embeddings, post-LN Transformer layers,
/// no token types and no pooler; equal to `transformers.DistilBertModel` in eval mode.
public final class DistilBertModel: TextEncoder {
    public let config: DistilBertConfig
    public let name: String
    public var modelType: String { "distilbert" }
    public var hiddenSize: Int { config.dim }
    public var maxPositions: Int { config.maxPositionEmbeddings }

    /// DistilBERT fixes its layer-norm epsilon at 1e-12.
    private static let epsilon: Float = 1e-12
    private let wordEmbeddings: Tensor
    private let positionEmbeddings: Tensor
    private let embeddingNorm: LayerNormWeights
    private let encoder: PostLNEncoder

    /// Loads config.json and the safetensors weights of `folder`.
    public convenience init(folder: URL, name: String? = nil) throws {
        let configFile = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        try self.init(config: configFile.decode(DistilBertConfig.self), configPath: configFile.url.path,
                      folder: folder, name: name ?? folder.lastPathComponent)
    }

    init(config: DistilBertConfig, configPath: String, folder: URL, name: String) throws {
        guard config.dim > 0, config.nHeads > 0, config.dim % config.nHeads == 0 else {
            throw EncoderError.invalidConfig(path: configPath, reason: "dim \(config.dim) is not a multiple of n_heads \(config.nHeads)")
        }
        self.config = config
        self.name = name
        let h = config.dim, inner = config.hiddenDim
        let weights = try WeightStore(folder: folder, prefixes: ["distilbert."])
        wordEmbeddings = try weights.tensor("embeddings.word_embeddings.weight", shape: [config.vocabSize, h])
        positionEmbeddings = try weights.tensor("embeddings.position_embeddings.weight", shape: [config.maxPositionEmbeddings, h])
        embeddingNorm = try weights.layerNorm("embeddings.LayerNorm", size: h)
        var layers: [PostLNEncoderLayer] = []
        for i in 0 ..< config.nLayers {
            let p = "transformer.layer.\(i)"
            layers.append(PostLNEncoderLayer(
                qkv: PostLNEncoderLayer.fuse(try weights.linear("\(p).attention.q_lin", input: h, output: h),
                                             try weights.linear("\(p).attention.k_lin", input: h, output: h),
                                             try weights.linear("\(p).attention.v_lin", input: h, output: h)),
                attentionOutput: try weights.linear("\(p).attention.out_lin", input: h, output: h),
                attentionNorm: try weights.layerNorm("\(p).sa_layer_norm", size: h),
                intermediate: try weights.linear("\(p).ffn.lin1", input: h, output: inner),
                output: try weights.linear("\(p).ffn.lin2", input: inner, output: h),
                outputNorm: try weights.layerNorm("\(p).output_layer_norm", size: h)))
        }
        encoder = PostLNEncoder(layers: layers, hidden: h, heads: config.nHeads, intermediateSize: inner,
                                activation: try activation(named: config.activation, path: configPath),
                                epsilon: Self.epsilon)
        weights.warnAboutUnused(model: name)
    }

    public func encode(_ tokens: PackedTokens, outputHiddenStates: Bool) throws -> PackedHiddenStates {
        try validate(tokens, vocabulary: config.vocabSize, typeVocabulary: nil, name: name)
        let h = hiddenSize
        let words = wordEmbeddings.pointer, positions = positionEmbeddings.pointer
        let (output, states) = encoder.encode(tokens, embeddingNorm: embeddingNorm, outputHiddenStates: outputHiddenStates) { row, line in
            line.update(from: words + tokens.ids[row] * h, count: h)
            Kernels.add(line, positions + tokens.positions[row] * h, count: h)
        }
        return PackedHiddenStates(lastHiddenState: output, hiddenStates: states, poolerOutput: nil)
    }
}
