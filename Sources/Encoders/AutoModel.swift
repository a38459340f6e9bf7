import Foundation
import Media
import ModelHub
import Synchronization
import Tensors
import Tokenizers

/// A loaded pretrained model, as `AutoModel.from(pretrained:)` returns it.
/// Call it with tokenizer output to get a `ModelOutput`.
public final class Model: Sendable {
    /// The id or path it was loaded from.
    public let id: String
    /// The resolved model folder.
    public let folder: URL
    /// The architecture.
    public let encoder: any PretrainedEncoder

    init(id: String, folder: URL, encoder: any PretrainedEncoder) {
        self.id = id
        self.folder = folder
        self.encoder = encoder
    }

    /// `model_type` of the checkpoint.
    public var modelType: String { encoder.modelType }

    /// Width of the hidden states (the text tower's for CLIP).
    public var hiddenSize: Int? {
        encoder.textTower?.hiddenSize ?? encoder.imageTower?.hiddenSize ?? encoder.audioTower?.hiddenSize
    }

    /// Runs the model's text encoder on a tokenized batch (CLIP: its text tower).
    public func callAsFunction(_ inputs: BatchEncoding, outputHiddenStates: Bool = false) throws -> ModelOutput {
        guard let text = encoder.textTower else {
            throw EncoderError.unsupportedInput(model: id, input: "token")
        }
        return try text(inputs, outputHiddenStates: outputHiddenStates)
    }

    /// Runs the model on a tensor: an image encoder on `[n, channels, height, width]` pixel values
    /// (as an image processor returns them; CLIP: its vision tower), an audio encoder on what its
    /// feature extractor returns (Wav2Vec2 / HuBERT: `[batch, samples]`; Whisper: log-mel
    /// `[batch, 80, 3000]`), without an attention mask.
    public func callAsFunction(_ tensor: Tensor, outputHiddenStates: Bool = false) throws -> ModelOutput {
        if let vision = encoder.imageTower {
            return try vision.encode(pixelValues: tensor, outputHiddenStates: outputHiddenStates)
        }
        if let audio = encoder.audioTower {
            return try audio.encode(inputValues: tensor, attentionMask: nil, outputHiddenStates: outputHiddenStates)
        }
        throw EncoderError.unsupportedInput(model: id, input: "pixel or audio")
    }

    /// Runs the model's audio encoder on padded input values with their attention mask
    /// (1 = real sample or frame, 0 = padding; one row per batch row).
    public func callAsFunction(_ inputValues: Tensor, attentionMask: [[Int]]?,
                               outputHiddenStates: Bool = false) throws -> ModelOutput {
        guard let audio = encoder.audioTower else {
            throw EncoderError.unsupportedInput(model: id, input: "audio")
        }
        return try audio.encode(inputValues: inputValues, attentionMask: attentionMask, outputHiddenStates: outputHiddenStates)
    }

    /// Runs the model's audio encoder on a feature extractor's output: its values with its attention mask
    /// (Whisper: the mask over mel frames, so pooling covers real frames only).
    public func callAsFunction(_ inputs: AudioInputs, outputHiddenStates: Bool = false) throws -> ModelOutput {
        try self(inputs.values, attentionMask: inputs.attentionMask, outputHiddenStates: outputHiddenStates)
    }

    /// CLIP: projected text vectors, `[texts, projection]`.
    public func getTextFeatures(_ inputs: BatchEncoding) throws -> Tensor {
        try clip().getTextFeatures(inputs)
    }

    /// CLIP: projected image vectors, `[images, projection]`.
    public func getImageFeatures(_ pixelValues: Tensor) throws -> Tensor {
        try clip().getImageFeatures(pixelValues)
    }

    /// CLIP: both towers and the image–text logits.
    public func callAsFunction(text inputs: BatchEncoding, images pixelValues: Tensor) throws -> CLIPOutput {
        try clip()(text: inputs, images: pixelValues)
    }

    private func clip() throws -> CLIPModel {
        guard let clip = encoder as? CLIPModel else {
            throw EncoderError.unsupportedInput(model: id, input: "joint text-and-image (CLIP)")
        }
        return clip
    }
}

/// Builds the right architecture for a checkpoint from its `model_type`.
public enum AutoModel {
    /// Builds an encoder from a model folder; `configPath` is for messages.
    public typealias Factory = @Sendable (_ folder: URL, _ config: ConfigFile, _ name: String) throws -> any PretrainedEncoder

    private static let registry = Mutex<[String: Factory]>([
        "bert": factory(BertConfig.self, BertModel.init),
        "distilbert": factory(DistilBertConfig.self, DistilBertModel.init),
        "vit": factory(ViTConfig.self, ViTModel.init),
        "dinov2": factory(Dinov2Config.self, Dinov2Model.init),
        "clip": factory(CLIPConfig.self, CLIPModel.init),
        "whisper": factory(WhisperConfig.self, WhisperEncoder.init),
        "wav2vec2": factory(Wav2Vec2Config.self, Wav2Vec2Model.init),
        "hubert": factory(HubertConfig.self, HubertModel.init),
        "ge2e": factory(SpeakerEncoderConfig.self, SpeakerEncoder.init),
    ])

    /// A factory that decodes `config.json` as `Config` and passes it to an architecture's
    /// `init(config:configPath:folder:name:)`.
    private static func factory<Config: Decodable>(
        _ type: Config.Type,
        _ make: @escaping @Sendable (Config, String, URL, String) throws -> some PretrainedEncoder
    ) -> Factory {
        { folder, config, name in try make(config.decode(Config.self), config.url.path, folder, name) }
    }

    /// Adds (or replaces) the architecture for `modelType`.
    public static func register(modelType: String, factory: @escaping Factory) {
        registry.withLock { $0[modelType] = factory }
    }

    /// Every `model_type` that can be loaded.
    public static var supportedModelTypes: [String] {
        registry.withLock { $0.keys.sorted() }
    }

    /// Loads a model from a local folder or a hub id (see `ModelLocator` for the search order).
    public static func from(pretrained id: String, revision: String = "main") throws -> Model {
        let folder = try ModelLocator().resolve(id, revision: revision)
        return try from(folder: folder, id: id)
    }

    /// Loads the model in `folder`.
    public static func from(folder: URL, id: String? = nil) throws -> Model {
        let config = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        guard let modelType = config.string("model_type") else {
            throw EncoderError.missingModelType(path: config.url.path)
        }
        guard let factory = registry.withLock({ $0[modelType] }) else {
            throw EncoderError.unsupportedModelType(modelType, path: config.url.path, supported: supportedModelTypes)
        }
        let name = id ?? folder.lastPathComponent
        return Model(id: name, folder: folder, encoder: try factory(folder, config, name))
    }
}

/// Loads the tokenizer that belongs to a model.
public enum AutoTokenizer {
    /// Loads `tokenizer.json` (or `vocab.txt`) from a local folder or a hub id.
    public static func from(pretrained id: String, revision: String = "main") throws -> Tokenizer {
        try Tokenizer(folder: ModelLocator().resolve(id, revision: revision))
    }
}
