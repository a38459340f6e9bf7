import Foundation
import ModelHub
import Tensors

/// `config.json` of a HuBERT checkpoint (`model_type: "hubert"`): the keys shared with Wav2Vec2 plus
/// HuBERT's two variants.
public struct HubertConfig: Codable, Sendable {
    /// `hidden_size`, `conv_dim`, `do_stable_layer_norm`, … (shared with Wav2Vec2).
    public var shared: SpeechEncoderConfig
    /// `feat_proj_layer_norm`: a layer norm before the feature projection (default true).
    public var featProjLayerNorm: Bool
    /// `conv_pos_batch_norm`: batch norm instead of weight norm in the positional convolution.
    public var convPosBatchNorm: Bool

    enum CodingKeys: String, CodingKey {
        case featProjLayerNorm = "feat_proj_layer_norm"
        case convPosBatchNorm = "conv_pos_batch_norm"
    }

    public init(from decoder: any Decoder) throws {
        shared = try SpeechEncoderConfig(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        featProjLayerNorm = try c.decodeIfPresent(Bool.self, forKey: .featProjLayerNorm) ?? true
        convPosBatchNorm = try c.decodeIfPresent(Bool.self, forKey: .convPosBatchNorm) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        try shared.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(featProjLayerNorm, forKey: .featProjLayerNorm)
        try c.encode(convPosBatchNorm, forKey: .convPosBatchNorm)
    }

    var settings: SpeechEncoderSettings {
        shared.settings(featProjLayerNorm: featProjLayerNorm, convPosBatchNorm: convPosBatchNorm, addAdapter: false,
                        adapterAttnDim: nil)
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
    public var hiddenSize: Int { config.shared.hiddenSize }
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
