import Foundation
import ModelHub
import Tensors

/// `config.json` of a BERT checkpoint (`model_type: "bert"`).
public struct BertConfig: Codable, Sendable {
    public var vocabSize: Int
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var hiddenAct: String
    public var maxPositionEmbeddings: Int
    public var typeVocabSize: Int
    public var layerNormEps: Float
    public var positionEmbeddingType: String
    public var padTokenId: Int?

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size"
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case hiddenAct = "hidden_act"
        case maxPositionEmbeddings = "max_position_embeddings"
        case typeVocabSize = "type_vocab_size"
        case layerNormEps = "layer_norm_eps"
        case positionEmbeddingType = "position_embedding_type"
        case padTokenId = "pad_token_id"
    }

    /// The sizes that must match the weights are required; the rest default as in `transformers`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? 4 * hiddenSize
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 512
        typeVocabSize = try c.decodeIfPresent(Int.self, forKey: .typeVocabSize) ?? 2
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? 1e-12
        positionEmbeddingType = try c.decodeIfPresent(String.self, forKey: .positionEmbeddingType) ?? "absolute"
        padTokenId = try c.decodeIfPresent(Int.self, forKey: .padTokenId)
    }
}

/// BERT encoder (embeddings, post-LN Transformer layers, tanh pooler over [CLS]),
/// numerically equal to `transformers.BertModel` in eval mode.
public final class BertModel: TextEncoder {
    public let config: BertConfig
    public let name: String
    public var modelType: String { "bert" }
    public var hiddenSize: Int { config.hiddenSize }
    public var maxPositions: Int { config.maxPositionEmbeddings }

    private let wordEmbeddings: Tensor
    private let positionEmbeddings: Tensor
    private let tokenTypeEmbeddings: Tensor
    private let embeddingNorm: LayerNormWeights
    private let encoder: PostLNEncoder
    private let pooler: Linear?

    /// Loads config.json and the safetensors weights of `folder`.
    public convenience init(folder: URL, name: String? = nil) throws {
        let configFile = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        try self.init(config: configFile.decode(BertConfig.self), configPath: configFile.url.path,
                      folder: folder, name: name ?? folder.lastPathComponent)
    }

    init(config: BertConfig, configPath: String, folder: URL, name: String) throws {
        guard config.positionEmbeddingType == "absolute" else {
            throw EncoderError.invalidConfig(path: configPath, reason: "position_embedding_type \"\(config.positionEmbeddingType)\" is not supported (only \"absolute\")")
        }
        guard config.hiddenSize > 0, config.numAttentionHeads > 0, config.hiddenSize % config.numAttentionHeads == 0 else {
            throw EncoderError.invalidConfig(path: configPath, reason: "hidden_size \(config.hiddenSize) is not a multiple of num_attention_heads \(config.numAttentionHeads)")
        }
        self.config = config
        self.name = name
        let h = config.hiddenSize, inner = config.intermediateSize
        let weights = try WeightStore(folder: folder, prefixes: ["bert.", "model."])
        wordEmbeddings = try weights.tensor("embeddings.word_embeddings.weight", shape: [config.vocabSize, h])
        positionEmbeddings = try weights.tensor("embeddings.position_embeddings.weight", shape: [config.maxPositionEmbeddings, h])
        tokenTypeEmbeddings = try weights.tensor("embeddings.token_type_embeddings.weight", shape: [config.typeVocabSize, h])
        embeddingNorm = try weights.layerNorm("embeddings.LayerNorm", size: h)
        var layers: [PostLNEncoderLayer] = []
        for i in 0 ..< config.numHiddenLayers {
            let p = "encoder.layer.\(i)"
            layers.append(PostLNEncoderLayer(
                qkv: PostLNEncoderLayer.fuse(try weights.linear("\(p).attention.self.query", input: h, output: h),
                                             try weights.linear("\(p).attention.self.key", input: h, output: h),
                                             try weights.linear("\(p).attention.self.value", input: h, output: h)),
                attentionOutput: try weights.linear("\(p).attention.output.dense", input: h, output: h),
                attentionNorm: try weights.layerNorm("\(p).attention.output.LayerNorm", size: h),
                intermediate: try weights.linear("\(p).intermediate.dense", input: h, output: inner),
                output: try weights.linear("\(p).output.dense", input: inner, output: h),
                outputNorm: try weights.layerNorm("\(p).output.LayerNorm", size: h)))
        }
        encoder = PostLNEncoder(layers: layers, hidden: h, heads: config.numAttentionHeads, intermediateSize: inner,
                                activation: try activation(named: config.hiddenAct, path: configPath),
                                epsilon: config.layerNormEps)
        // The pooler is optional (add_pooling_layer=False checkpoints have none).
        pooler = weights.contains("pooler.dense.weight") ? try weights.linear("pooler.dense", input: h, output: h) : nil
        weights.warnAboutUnused(model: name)
    }

    public func encode(_ tokens: PackedTokens, outputHiddenStates: Bool) throws -> PackedHiddenStates {
        try validate(tokens, vocabulary: config.vocabSize, typeVocabulary: config.typeVocabSize, name: name)
        let h = hiddenSize
        let words = wordEmbeddings.pointer, positions = positionEmbeddings.pointer, types = tokenTypeEmbeddings.pointer
        let (output, states) = encoder.encode(tokens, embeddingNorm: embeddingNorm, outputHiddenStates: outputHiddenStates) { row, line in
            line.update(from: words + tokens.ids[row] * h, count: h)
            Kernels.add(line, positions + tokens.positions[row] * h, count: h)
            Kernels.add(line, types + tokens.typeIDs[row] * h, count: h)
        }
        var pooled: Tensor?
        if let pooler {
            let first = Tensor(shape: [tokens.segments.count, h]) { out, _ in
                for (i, segment) in tokens.segments.enumerated() {
                    (out + i * h).update(from: output.pointer + segment.start * h, count: h)
                }
            }
            pooled = pooler(first, activation: .tanh)
        }
        return PackedHiddenStates(lastHiddenState: output, hiddenStates: states, poolerOutput: pooled)
    }
}
