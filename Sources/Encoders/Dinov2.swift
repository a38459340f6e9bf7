import Foundation
import ModelHub
import Tensors

/// `config.json` of a DINOv2 checkpoint (`model_type: "dinov2"`).
public struct Dinov2Config: Codable, Sendable {
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var mlpRatio: Double
    public var hiddenAct: String
    public var layerNormEps: Float
    public var imageSize: Int
    public var patchSize: Int
    public var numChannels: Int
    public var qkvBias: Bool
    public var useSwigluFfn: Bool

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case mlpRatio = "mlp_ratio"
        case hiddenAct = "hidden_act"
        case layerNormEps = "layer_norm_eps"
        case imageSize = "image_size"
        case patchSize = "patch_size"
        case numChannels = "num_channels"
        case qkvBias = "qkv_bias"
        case useSwigluFfn = "use_swiglu_ffn"
    }

    /// Sizes that must match the weights are required; the rest default as in `transformers`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        mlpRatio = try c.decodeIfPresent(Double.self, forKey: .mlpRatio) ?? 4
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? 1e-6
        imageSize = try c.decodeIfPresent(Int.self, forKey: .imageSize) ?? 224
        patchSize = try c.decodeIfPresent(Int.self, forKey: .patchSize) ?? 14
        numChannels = try c.decodeIfPresent(Int.self, forKey: .numChannels) ?? 3
        qkvBias = try c.decodeIfPresent(Bool.self, forKey: .qkvBias) ?? true
        useSwigluFfn = try c.decodeIfPresent(Bool.self, forKey: .useSwigluFfn) ?? false
    }

    /// Width of the MLP: `int(hidden_size * mlp_ratio)`, as transformers computes it.
    public var intermediateSize: Int { Int(Double(hiddenSize) * mlpRatio) }
}

/// DINOv2 backbone: patch + class embeddings, position embeddings interpolated
/// (bicubic, as `transformers` does) to any input size, pre-LN layers with layer scale,
/// final layer norm; the pooler output is the normalised [CLS] token.
/// Equal to `transformers.Dinov2Model` in eval mode.
public final class Dinov2Model: ImageEncoder {
    public let config: Dinov2Config
    public let name: String
    public var modelType: String { "dinov2" }
    public var hiddenSize: Int { config.hiddenSize }

    private let patches: PatchEmbedding
    private let classToken: Tensor
    private let positions: Tensor
    private let positionGrid: Int
    private let encoder: PreLNEncoder
    private let finalNorm: LayerNormWeights

    /// Loads config.json and the safetensors weights of `folder`.
    public convenience init(folder: URL, name: String? = nil) throws {
        let configFile = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        try self.init(config: configFile.decode(Dinov2Config.self), configPath: configFile.url.path,
                      folder: folder, name: name ?? folder.lastPathComponent)
    }

    init(config: Dinov2Config, configPath: String, folder: URL, name: String) throws {
        guard config.hiddenSize > 0, config.numAttentionHeads > 0, config.hiddenSize % config.numAttentionHeads == 0,
              config.patchSize > 0, config.imageSize >= config.patchSize else {
            throw EncoderError.invalidConfig(path: configPath, reason: "hidden_size \(config.hiddenSize), num_attention_heads \(config.numAttentionHeads), image_size \(config.imageSize) and patch_size \(config.patchSize) do not fit together")
        }
        guard !config.useSwigluFfn else {
            throw EncoderError.invalidConfig(path: configPath, reason: "use_swiglu_ffn true (the SwiGLU MLP of DINOv2-giant) is not supported")
        }
        self.config = config
        self.name = name
        let h = config.hiddenSize, p = config.patchSize, inner = config.intermediateSize
        positionGrid = config.imageSize / config.patchSize
        let weights = try WeightStore(folder: folder, prefixes: ["dinov2."])
        patches = try PatchEmbedding(
            weight: weights.tensor("embeddings.patch_embeddings.projection.weight", shape: [h, config.numChannels, p, p]),
            bias: weights.tensor("embeddings.patch_embeddings.projection.bias", shape: [h]), patchSize: p)
        classToken = try weights.tensor("embeddings.cls_token", shape: [1, 1, h]).reshaped([h])
        let count = positionGrid * positionGrid + 1
        positions = try weights.tensor("embeddings.position_embeddings", shape: [1, count, h]).reshaped([count, h])
        if weights.contains("embeddings.mask_token") {
            _ = try weights.tensor("embeddings.mask_token", shape: [1, h])   // only used for masked pre-training
        }
        var layers: [PreLNEncoderLayer] = []
        for i in 0 ..< config.numHiddenLayers {
            // Hub names (`attention.attention.query`) and transformers 5 names (`attention.q_proj`).
            let l = "encoder.layer.\(i)"
            func linear(_ hubName: String, _ v5Name: String, input: Int, output: Int, bias: Bool = true) throws -> Linear {
                try weights.linear(weights.name("\(l).\(hubName)", "\(l).\(v5Name)"), input: input, output: output, bias: bias)
            }
            layers.append(PreLNEncoderLayer(
                norm1: try weights.layerNorm("\(l).norm1", size: h),
                qkv: Linear.concatenated([
                    try linear("attention.attention.query", "attention.q_proj", input: h, output: h, bias: config.qkvBias),
                    try linear("attention.attention.key", "attention.k_proj", input: h, output: h, bias: config.qkvBias),
                    try linear("attention.attention.value", "attention.v_proj", input: h, output: h, bias: config.qkvBias),
                ]),
                attentionOutput: try linear("attention.output.dense", "attention.o_proj", input: h, output: h),
                layerScale1: try weights.tensor("\(l).layer_scale1.lambda1", shape: [h]),
                norm2: try weights.layerNorm("\(l).norm2", size: h),
                fc1: try weights.linear("\(l).mlp.fc1", input: h, output: inner),
                fc2: try weights.linear("\(l).mlp.fc2", input: inner, output: h),
                layerScale2: try weights.tensor("\(l).layer_scale2.lambda1", shape: [h])))
        }
        encoder = PreLNEncoder(layers: layers, hidden: h, heads: config.numAttentionHeads, intermediateSize: inner,
                               activation: try activation(named: config.hiddenAct, path: configPath),
                               epsilon: config.layerNormEps)
        finalNorm = try weights.layerNorm("layernorm", size: h)
        weights.warnAboutUnused(model: name)
    }

    public func encode(pixelValues pixels: Tensor, outputHiddenStates: Bool) throws -> ModelOutput {
        try validatePixels(pixels, channels: config.numChannels, patchSize: config.patchSize, model: name)
        let n = pixels.shape[0], h = hiddenSize
        let (gridRows, gridColumns) = patches.grid(height: pixels.shape[2], width: pixels.shape[3])
        let tokens = gridRows * gridColumns + 1
        // transformers keeps the stored table only for a square input of the checkpoint's grid.
        let table = gridRows == positionGrid && gridColumns == positionGrid
            ? positions : interpolatedPositions(positions, rows: gridRows, columns: gridColumns)
        let patchRows = patches(pixels)
        let embedded = Tensor(shape: [n * tokens, h]) { out, _ in
            for image in 0 ..< n {
                let base = out + image * tokens * h
                base.update(from: classToken.pointer, count: h)
                (base + h).update(from: patchRows.pointer + image * (tokens - 1) * h, count: (tokens - 1) * h)
                Kernels.scaledAdd(base, table.pointer, scale: nil, rows: tokens, columns: h)
            }
        }
        let (encoded, states) = encoder(embedded, segments: imageSegments(images: n, tokens: tokens),
                                        outputHiddenStates: outputHiddenStates)
        let shape = [n, tokens, h]
        let last = try encoded.layerNormed(finalNorm, epsilon: config.layerNormEps).reshaped(shape)
        return ModelOutput(lastHiddenState: last, poolerOutput: last[.all, 0],
                           hiddenStates: try states.map { try $0.map { try $0.reshaped(shape) } },
                           attentionMask: Array(repeating: Array(repeating: 1, count: tokens), count: n))
    }
}
