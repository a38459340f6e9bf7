import Foundation
import ModelHub
import Synchronization
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

    /// Width of the hidden states (for text encoders).
    public var hiddenSize: Int? { (encoder as? any TextEncoder)?.hiddenSize }

    /// Runs a text encoder on a tokenized batch.
    public func callAsFunction(_ inputs: BatchEncoding, outputHiddenStates: Bool = false) throws -> ModelOutput {
        guard let text = encoder as? any TextEncoder else {
            throw EncoderError.unsupportedInput(model: id, input: "token")
        }
        return try text(inputs, outputHiddenStates: outputHiddenStates)
    }
}

/// Builds the right architecture for a checkpoint from its `model_type`.
public enum AutoModel {
    /// Builds an encoder from a model folder; `configPath` is for messages.
    public typealias Factory = @Sendable (_ folder: URL, _ config: ConfigFile, _ name: String) throws -> any PretrainedEncoder

    private static let registry = Mutex<[String: Factory]>([
        "bert": { folder, config, name in
            try BertModel(config: config.decode(BertConfig.self), configPath: config.url.path, folder: folder, name: name)
        },
        "distilbert": { folder, config, name in
            try DistilBertModel(config: config.decode(DistilBertConfig.self), configPath: config.url.path, folder: folder, name: name)
        },
    ])

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
