import Foundation
import ModelHub
import Tensors
import Tokenizers

/// `text_config` of a CLIP checkpoint.
public struct CLIPTextConfig: Codable, Sendable {
    public var vocabSize: Int
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var maxPositionEmbeddings: Int
    public var hiddenAct: String
    public var layerNormEps: Float
    public var eosTokenId: Int

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size"
        case hiddenSize = "hidden_size"
        case intermediateSize = "intermediate_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case maxPositionEmbeddings = "max_position_embeddings"
        case hiddenAct = "hidden_act"
        case layerNormEps = "layer_norm_eps"
        case eosTokenId = "eos_token_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vocabSize = try c.decodeIfPresent(Int.self, forKey: .vocabSize) ?? 49408
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? 512
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? 2048
        numHiddenLayers = try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers) ?? 12
        numAttentionHeads = try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads) ?? 8
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 77
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "quick_gelu"
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? 1e-5
        eosTokenId = try c.decodeIfPresent(Int.self, forKey: .eosTokenId) ?? 49407
    }
}

/// `vision_config` of a CLIP checkpoint.
public struct CLIPVisionConfig: Codable, Sendable {
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var numChannels: Int
    public var imageSize: Int
    public var patchSize: Int
    public var hiddenAct: String
    public var layerNormEps: Float

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size"
        case intermediateSize = "intermediate_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case numChannels = "num_channels"
        case imageSize = "image_size"
        case patchSize = "patch_size"
        case hiddenAct = "hidden_act"
        case layerNormEps = "layer_norm_eps"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? 768
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? 3072
        numHiddenLayers = try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers) ?? 12
        numAttentionHeads = try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads) ?? 12
        numChannels = try c.decodeIfPresent(Int.self, forKey: .numChannels) ?? 3
        imageSize = try c.decodeIfPresent(Int.self, forKey: .imageSize) ?? 224
        patchSize = try c.decodeIfPresent(Int.self, forKey: .patchSize) ?? 32
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "quick_gelu"
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? 1e-5
    }
}

/// `config.json` of a CLIP checkpoint (`model_type: "clip"`).
public struct CLIPConfig: Codable, Sendable {
    public var textConfig: CLIPTextConfig
    public var visionConfig: CLIPVisionConfig
    public var projectionDim: Int

    enum CodingKeys: String, CodingKey {
        case textConfig = "text_config"
        case visionConfig = "vision_config"
        case projectionDim = "projection_dim"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        textConfig = try c.decode(CLIPTextConfig.self, forKey: .textConfig)
        visionConfig = try c.decode(CLIPVisionConfig.self, forKey: .visionConfig)
        projectionDim = try c.decodeIfPresent(Int.self, forKey: .projectionDim) ?? 512
    }
}

/// What a joint text–image forward returns, named as in `transformers`.
public struct CLIPOutput: Sendable {
    /// `[images, texts]`: scaled cosine similarities.
    public var logitsPerImage: Tensor
    /// `[texts, images]`.
    public var logitsPerText: Tensor
    /// L2-normalised projected text vectors, `[texts, projection]`.
    public var textEmbeds: Tensor
    /// L2-normalised projected image vectors, `[images, projection]`.
    public var imageEmbeds: Tensor
    public var textModelOutput: ModelOutput
    public var visionModelOutput: ModelOutput
}

/// CLIP's text tower: token + position embeddings, causal pre-LN layers, final layer
/// norm; the pooled vector is the end-of-text token's.
public final class CLIPTextTransformer: TextEncoder {
    public let config: CLIPTextConfig
    public let name: String
    public var modelType: String { "clip_text_model" }
    public var hiddenSize: Int { config.hiddenSize }
    public var maxPositions: Int { config.maxPositionEmbeddings }

    private let tokenEmbedding: Tensor
    private let positionEmbedding: Tensor
    private let encoder: PreLNEncoder
    private let finalNorm: LayerNormWeights

    init(config: CLIPTextConfig, weights: WeightStore, prefix: String, configPath: String, name: String) throws {
        guard config.hiddenSize % config.numAttentionHeads == 0 else {
            throw EncoderError.invalidConfig(path: configPath, reason: "text hidden_size \(config.hiddenSize) is not a multiple of num_attention_heads \(config.numAttentionHeads)")
        }
        self.config = config
        self.name = name
        let h = config.hiddenSize
        tokenEmbedding = try weights.tensor("\(prefix)embeddings.token_embedding.weight", shape: [config.vocabSize, h])
        positionEmbedding = try weights.tensor("\(prefix)embeddings.position_embedding.weight", shape: [config.maxPositionEmbeddings, h])
        var encoder = PreLNEncoder(layers: try clipLayers(weights, prefix: "\(prefix)encoder.layers", count: config.numHiddenLayers,
                                                          hidden: h, inner: config.intermediateSize),
                                   hidden: h, heads: config.numAttentionHeads, intermediateSize: config.intermediateSize,
                                   activation: try activation(named: config.hiddenAct, path: configPath),
                                   epsilon: config.layerNormEps)
        encoder.causal = true
        self.encoder = encoder
        finalNorm = try weights.layerNorm("\(prefix)final_layer_norm", size: h)
    }

    public func encode(_ tokens: PackedTokens, outputHiddenStates: Bool) throws -> PackedHiddenStates {
        try validate(tokens, vocabulary: config.vocabSize, typeVocabulary: nil, name: name)
        let h = hiddenSize
        let embedded = Tensor(shape: [tokens.count, h]) { out, _ in
            for row in 0 ..< tokens.count {
                let line = out + row * h
                line.update(from: tokenEmbedding.pointer + tokens.ids[row] * h, count: h)
                Kernels.add(line, positionEmbedding.pointer + tokens.positions[row] * h, count: h)
            }
        }
        let (encoded, states) = encoder(embedded, segments: tokens.segments, outputHiddenStates: outputHiddenStates)
        let last = encoded.layerNormed(finalNorm, epsilon: config.layerNormEps)
        // The end-of-text row: the highest id (legacy configs with eos_token_id 2), else the first eos.
        let pooled = Tensor(shape: [tokens.segments.count, h]) { out, _ in
            for (i, segment) in tokens.segments.enumerated() {
                let ids = tokens.ids[segment.start ..< segment.start + segment.length]
                let offset: Int
                if config.eosTokenId == 2 {
                    let top = ids.max() ?? 0
                    offset = ids.firstIndex(of: top).map { $0 - segment.start } ?? 0
                } else {
                    offset = ids.firstIndex(of: config.eosTokenId).map { $0 - segment.start } ?? 0
                }
                (out + i * h).update(from: last.pointer + (segment.start + offset) * h, count: h)
            }
        }
        return PackedHiddenStates(lastHiddenState: last, hiddenStates: states, poolerOutput: pooled)
    }
}

/// CLIP's vision tower: class + patch + position embeddings, a layer norm before the
/// layers, pre-LN layers; the pooled vector is the [CLS] token after `post_layernorm`.
public final class CLIPVisionTransformer: ImageEncoder {
    public let config: CLIPVisionConfig
    public let name: String
    public var modelType: String { "clip_vision_model" }
    public var hiddenSize: Int { config.hiddenSize }

    private let patches: PatchEmbedding
    private let classEmbedding: Tensor
    private let positionEmbedding: Tensor
    private let preNorm: LayerNormWeights
    private let encoder: PreLNEncoder
    private let postNorm: LayerNormWeights

    init(config: CLIPVisionConfig, weights: WeightStore, prefix: String, configPath: String, name: String) throws {
        guard config.hiddenSize % config.numAttentionHeads == 0, config.patchSize > 0, config.imageSize >= config.patchSize else {
            throw EncoderError.invalidConfig(path: configPath, reason: "vision hidden_size \(config.hiddenSize), num_attention_heads \(config.numAttentionHeads), image_size \(config.imageSize) and patch_size \(config.patchSize) do not fit together")
        }
        self.config = config
        self.name = name
        let h = config.hiddenSize, p = config.patchSize, grid = config.imageSize / config.patchSize
        patches = try PatchEmbedding(weight: weights.tensor("\(prefix)embeddings.patch_embedding.weight",
                                                            shape: [h, config.numChannels, p, p]),
                                     bias: nil, patchSize: p)
        classEmbedding = try weights.tensor("\(prefix)embeddings.class_embedding", shape: [h])
        positionEmbedding = try weights.tensor("\(prefix)embeddings.position_embedding.weight", shape: [grid * grid + 1, h])
        preNorm = try weights.layerNorm("\(prefix)pre_layrnorm", size: h)
        encoder = PreLNEncoder(layers: try clipLayers(weights, prefix: "\(prefix)encoder.layers", count: config.numHiddenLayers,
                                                      hidden: h, inner: config.intermediateSize),
                               hidden: h, heads: config.numAttentionHeads, intermediateSize: config.intermediateSize,
                               activation: try activation(named: config.hiddenAct, path: configPath),
                               epsilon: config.layerNormEps)
        postNorm = try weights.layerNorm("\(prefix)post_layernorm", size: h)
    }

    public func encode(pixelValues pixels: Tensor, outputHiddenStates: Bool) throws -> ModelOutput {
        try validatePixels(pixels, channels: config.numChannels, patchSize: config.patchSize, model: name)
        guard pixels.shape[2] == config.imageSize, pixels.shape[3] == config.imageSize else {
            throw EncoderError.invalidInput(model: name, reason: "input image size (\(pixels.shape[2])×\(pixels.shape[3])) does not match the model's \(config.imageSize)×\(config.imageSize)")
        }
        let n = pixels.shape[0], h = hiddenSize
        let patchRows = patches(pixels)
        let tokens = patchRows.count / Swift.max(n * h, 1) + 1
        var embedded = Tensor(shape: [n * tokens, h]) { out, _ in
            for image in 0 ..< n {
                let base = out + image * tokens * h
                base.update(from: classEmbedding.pointer, count: h)
                (base + h).update(from: patchRows.pointer + image * (tokens - 1) * h, count: (tokens - 1) * h)
                Kernels.scaledAdd(base, positionEmbedding.pointer, scale: nil, rows: tokens, columns: h)
            }
        }
        embedded = embedded.layerNormed(preNorm, epsilon: config.layerNormEps)
        let (encoded, states) = encoder(embedded, segments: imageSegments(images: n, tokens: tokens),
                                        outputHiddenStates: outputHiddenStates)
        let shape = [n, tokens, h]
        let last = try encoded.reshaped(shape)
        let pooled = last[.all, 0].layerNormed(postNorm, epsilon: config.layerNormEps)
        return ModelOutput(lastHiddenState: last, poolerOutput: pooled,
                           hiddenStates: try states.map { try $0.map { try $0.reshaped(shape) } },
                           attentionMask: Array(repeating: Array(repeating: 1, count: tokens), count: n))
    }
}

/// CLIP (`transformers.CLIPModel`): a text and a vision tower whose pooled vectors are
/// projected into one space; `logitsPerImage` are their scaled cosine similarities.
public final class CLIPModel: PretrainedEncoder {
    public let config: CLIPConfig
    public let name: String
    public var modelType: String { "clip" }
    /// The text tower (what `model(tokens)` runs).
    public let textModel: CLIPTextTransformer
    /// The vision tower (what `model(pixels)` runs).
    public let visionModel: CLIPVisionTransformer
    private let textProjection: Linear
    private let visualProjection: Linear
    /// exp(logit_scale), the temperature applied to cosine similarities.
    public let logitScale: Float

    public var textTower: (any TextEncoder)? { textModel }
    public var imageTower: (any ImageEncoder)? { visionModel }

    /// Loads config.json and the safetensors weights of `folder`.
    public convenience init(folder: URL, name: String? = nil) throws {
        let configFile = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        try self.init(config: configFile.decode(CLIPConfig.self), configPath: configFile.url.path,
                      folder: folder, name: name ?? folder.lastPathComponent)
    }

    init(config: CLIPConfig, configPath: String, folder: URL, name: String) throws {
        self.config = config
        self.name = name
        let weights = try WeightStore(folder: folder, prefixes: [])
        textModel = try CLIPTextTransformer(config: config.textConfig, weights: weights, prefix: "text_model.",
                                            configPath: configPath, name: name)
        visionModel = try CLIPVisionTransformer(config: config.visionConfig, weights: weights, prefix: "vision_model.",
                                                configPath: configPath, name: name)
        textProjection = try weights.linear("text_projection", input: config.textConfig.hiddenSize,
                                            output: config.projectionDim, bias: false)
        visualProjection = try weights.linear("visual_projection", input: config.visionConfig.hiddenSize,
                                              output: config.projectionDim, bias: false)
        logitScale = Foundation.exp(try weights.tensor("logit_scale", shape: []).scalar ?? 0)
        weights.warnAboutUnused(model: name)
    }

    /// Projected text vectors `[texts, projection]` (not normalised), as `get_text_features`.
    public func getTextFeatures(_ inputs: BatchEncoding) throws -> Tensor {
        let output = try textModel(inputs)
        return textProjection(try pooled(output))
    }

    /// Projected image vectors `[images, projection]` (not normalised), as `get_image_features`.
    public func getImageFeatures(_ pixelValues: Tensor) throws -> Tensor {
        visualProjection(try pooled(visionModel.encode(pixelValues: pixelValues, outputHiddenStates: false)))
    }

    /// Both towers and the similarity logits.
    public func callAsFunction(text inputs: BatchEncoding, images pixelValues: Tensor) throws -> CLIPOutput {
        let textOutput = try textModel(inputs)
        let visionOutput = try visionModel.encode(pixelValues: pixelValues, outputHiddenStates: false)
        let textEmbeds = textProjection(try pooled(textOutput)).normalized()
        let imageEmbeds = visualProjection(try pooled(visionOutput)).normalized()
        let logitsPerText = matmul(textEmbeds, imageEmbeds.transposed()) * logitScale
        return CLIPOutput(logitsPerImage: logitsPerText.transposed(), logitsPerText: logitsPerText,
                          textEmbeds: textEmbeds, imageEmbeds: imageEmbeds,
                          textModelOutput: textOutput, visionModelOutput: visionOutput)
    }

    private func pooled(_ output: ModelOutput) throws -> Tensor {
        guard let pooled = output.poolerOutput else {
            throw EncoderError.invalidInput(model: name, reason: "the tower returned no pooled output")
        }
        return pooled
    }
}

/// The pre-LN layers of a CLIP tower (`self_attn.{q,k,v,out}_proj`, `layer_norm1/2`, `mlp.fc1/fc2`).
private func clipLayers(_ weights: WeightStore, prefix: String, count: Int, hidden h: Int, inner: Int) throws -> [PreLNEncoderLayer] {
    try (0 ..< count).map { i in
        let l = "\(prefix).\(i)"
        return PreLNEncoderLayer(
            norm1: try weights.layerNorm("\(l).layer_norm1", size: h),
            qkv: Linear.concatenated([try weights.linear("\(l).self_attn.q_proj", input: h, output: h),
                                      try weights.linear("\(l).self_attn.k_proj", input: h, output: h),
                                      try weights.linear("\(l).self_attn.v_proj", input: h, output: h)]),
            attentionOutput: try weights.linear("\(l).self_attn.out_proj", input: h, output: h),
            layerScale1: nil,
            norm2: try weights.layerNorm("\(l).layer_norm2", size: h),
            fc1: try weights.linear("\(l).mlp.fc1", input: h, output: inner),
            fc2: try weights.linear("\(l).mlp.fc2", input: inner, output: h),
            layerScale2: nil)
    }
}
