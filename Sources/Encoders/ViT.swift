import Foundation
import ModelHub
import Tensors

/// `config.json` of a Vision Transformer checkpoint (`model_type: "vit"`).
public struct ViTConfig: Codable, Sendable {
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var hiddenAct: String
    public var layerNormEps: Float
    public var imageSize: Int
    public var patchSize: Int
    public var numChannels: Int
    public var qkvBias: Bool
    public var poolerOutputSize: Int
    public var poolerAct: String

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case hiddenAct = "hidden_act"
        case layerNormEps = "layer_norm_eps"
        case imageSize = "image_size"
        case patchSize = "patch_size"
        case numChannels = "num_channels"
        case qkvBias = "qkv_bias"
        case poolerOutputSize = "pooler_output_size"
        case poolerAct = "pooler_act"
    }

    /// Sizes that must match the weights are required; the rest default as in `transformers`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? 4 * hiddenSize
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? 1e-12
        imageSize = try c.decodeIfPresent(Int.self, forKey: .imageSize) ?? 224
        patchSize = try c.decodeIfPresent(Int.self, forKey: .patchSize) ?? 16
        numChannels = try c.decodeIfPresent(Int.self, forKey: .numChannels) ?? 3
        qkvBias = try c.decodeIfPresent(Bool.self, forKey: .qkvBias) ?? true
        poolerOutputSize = try c.decodeIfPresent(Int.self, forKey: .poolerOutputSize) ?? hiddenSize
        poolerAct = try c.decodeIfPresent(String.self, forKey: .poolerAct) ?? "tanh"
    }
}

/// Vision Transformer: patch + class + position embeddings, pre-LN layers, final layer
/// norm, and a dense pooler over [CLS]; equal to `transformers.ViTModel` in eval mode.
/// Inputs must have the checkpoint's image size unless position embeddings are
/// interpolated (`interpolatePositionEncoding`), as in `transformers`.
public final class ViTModel: ImageEncoder {
    public let config: ViTConfig
    public let name: String
    public var modelType: String { "vit" }
    public var hiddenSize: Int { config.hiddenSize }

    private let patches: PatchEmbedding
    private let classToken: Tensor
    private let positions: Tensor
    private let encoder: PreLNEncoder
    private let finalNorm: LayerNormWeights
    private let pooler: Linear?
    private let poolerActivation: Kernels.Activation

    /// Loads config.json and the safetensors weights of `folder`.
    public convenience init(folder: URL, name: String? = nil) throws {
        let configFile = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        try self.init(config: configFile.decode(ViTConfig.self), configPath: configFile.url.path,
                      folder: folder, name: name ?? folder.lastPathComponent)
    }

    init(config: ViTConfig, configPath: String, folder: URL, name: String) throws {
        guard config.hiddenSize > 0, config.numAttentionHeads > 0, config.hiddenSize % config.numAttentionHeads == 0,
              config.patchSize > 0, config.imageSize >= config.patchSize else {
            throw EncoderError.invalidConfig(path: configPath, reason: "hidden_size \(config.hiddenSize), num_attention_heads \(config.numAttentionHeads), image_size \(config.imageSize) and patch_size \(config.patchSize) do not fit together")
        }
        self.config = config
        self.name = name
        let h = config.hiddenSize, p = config.patchSize, grid = config.imageSize / config.patchSize
        let weights = try WeightStore(folder: folder, prefixes: ["vit."])
        patches = try PatchEmbedding(
            weight: weights.tensor("embeddings.patch_embeddings.projection.weight", shape: [h, config.numChannels, p, p]),
            bias: weights.tensor("embeddings.patch_embeddings.projection.bias", shape: [h]), patchSize: p)
        classToken = try weights.tensor("embeddings.cls_token", shape: [1, 1, h]).reshaped([h])
        positions = try weights.tensor("embeddings.position_embeddings", shape: [1, grid * grid + 1, h]).reshaped([grid * grid + 1, h])
        var layers: [PreLNEncoderLayer] = []
        for i in 0 ..< config.numHiddenLayers {
            // Hub checkpoints use `encoder.layer.N.attention.attention.query`; transformers 5 may save `layers.N.attention.q_proj`.
            let hub = "encoder.layer.\(i)", v5 = "layers.\(i)"
            func linear(_ hubName: String, _ v5Name: String, input: Int, output: Int, bias: Bool = true) throws -> Linear {
                try weights.linear(weights.name("\(hub).\(hubName)", "\(v5).\(v5Name)"), input: input, output: output, bias: bias)
            }
            layers.append(PreLNEncoderLayer(
                norm1: try weights.layerNorm(weights.name("\(hub).layernorm_before", "\(v5).layernorm_before"), size: h),
                qkv: Linear.concatenated([
                    try linear("attention.attention.query", "attention.q_proj", input: h, output: h, bias: config.qkvBias),
                    try linear("attention.attention.key", "attention.k_proj", input: h, output: h, bias: config.qkvBias),
                    try linear("attention.attention.value", "attention.v_proj", input: h, output: h, bias: config.qkvBias),
                ]),
                attentionOutput: try linear("attention.output.dense", "attention.o_proj", input: h, output: h),
                layerScale1: nil,
                norm2: try weights.layerNorm(weights.name("\(hub).layernorm_after", "\(v5).layernorm_after"), size: h),
                fc1: try linear("intermediate.dense", "mlp.fc1", input: h, output: config.intermediateSize),
                fc2: try linear("output.dense", "mlp.fc2", input: config.intermediateSize, output: h),
                layerScale2: nil))
        }
        encoder = PreLNEncoder(layers: layers, hidden: h, heads: config.numAttentionHeads,
                               intermediateSize: config.intermediateSize,
                               activation: try activation(named: config.hiddenAct, path: configPath),
                               epsilon: config.layerNormEps)
        finalNorm = try weights.layerNorm("layernorm", size: h)
        pooler = weights.contains("pooler.dense.weight")
            ? try weights.linear("pooler.dense", input: h, output: config.poolerOutputSize) : nil
        poolerActivation = try activation(named: config.poolerAct, path: configPath)
        weights.warnAboutUnused(model: name)
    }

    public func encode(pixelValues pixels: Tensor, outputHiddenStates: Bool) throws -> ModelOutput {
        try encode(pixelValues: pixels, outputHiddenStates: outputHiddenStates, interpolatePositionEncoding: false)
    }

    /// Runs the model; with `interpolatePositionEncoding` the position table is resized
    /// (bicubic, as `transformers`) to the input's patch grid, so any image size works.
    public func encode(pixelValues pixels: Tensor, outputHiddenStates: Bool,
                       interpolatePositionEncoding: Bool) throws -> ModelOutput {
        try validatePixels(pixels, channels: config.numChannels, patchSize: config.patchSize, model: name)
        let native = pixels.shape[2] == config.imageSize && pixels.shape[3] == config.imageSize
        guard native || interpolatePositionEncoding else {
            throw EncoderError.invalidInput(model: name, reason: "input image size (\(pixels.shape[2])×\(pixels.shape[3])) does not match the model's \(config.imageSize)×\(config.imageSize); interpolate the position encoding to use other sizes")
        }
        let n = pixels.shape[0], h = hiddenSize
        let (gridRows, gridColumns) = patches.grid(height: pixels.shape[2], width: pixels.shape[3])
        let grid = config.imageSize / config.patchSize
        let positions = gridRows == grid && gridColumns == grid
            ? self.positions : interpolatedPositions(self.positions, rows: gridRows, columns: gridColumns)
        let patchRows = patches(pixels)
        let perImage = gridRows * gridColumns
        let tokens = perImage + 1
        let embedded = Tensor(shape: [n * tokens, h]) { out, _ in
            for image in 0 ..< n {
                let base = out + image * tokens * h
                base.update(from: classToken.pointer, count: h)
                (base + h).update(from: patchRows.pointer + image * perImage * h, count: perImage * h)
                Kernels.scaledAdd(base, positions.pointer, scale: nil, rows: tokens, columns: h)
            }
        }
        let (encoded, states) = encoder(embedded, segments: imageSegments(images: n, tokens: tokens),
                                        outputHiddenStates: outputHiddenStates)
        let last = encoded.layerNormed(finalNorm, epsilon: config.layerNormEps)
        var pooled: Tensor?
        if let pooler {
            let first = try last.reshaped([n, tokens, h])[.all, 0]
            pooled = pooler(first, activation: poolerActivation)
        }
        let shape = [n, tokens, h]
        return ModelOutput(lastHiddenState: try last.reshaped(shape), poolerOutput: pooled,
                           hiddenStates: try states.map { try $0.map { try $0.reshaped(shape) } },
                           attentionMask: Array(repeating: Array(repeating: 1, count: tokens), count: n))
    }
}
