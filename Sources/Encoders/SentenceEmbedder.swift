import Foundation
import ModelHub
import Tensors
import Tokenizers

/// A sentence-transformers model folder run end to end: tokenize (truncating to
/// `max_seq_length`), encode, pool as `1_Pooling/config.json` says, apply any
/// `Dense` module, and L2-normalise when the folder has a `Normalize` module.
public final class SentenceEmbedder: Sendable {
    /// The id or path it was loaded from.
    public let id: String
    /// Length of the vectors `encode` returns.
    public let dimension: Int
    /// Longest token sequence; longer text is truncated.
    public let maxSequenceLength: Int
    /// Pooling modes, concatenated in order (`cls`, `max`, `mean`, `mean_sqrt_len_tokens`).
    public let poolingModes: [String]
    /// Whether the output is L2-normalised.
    public let normalizes: Bool
    /// The tokenizer.
    public let tokenizer: Tokenizer
    /// The Transformer module.
    public let encoder: any TextEncoder
    private let lowercasesInput: Bool
    private let dense: [DenseModule]

    /// Loads a sentence-transformers folder from a local path or a hub id.
    /// `pooling` and `normalize` override what the folder's modules say.
    public static func from(pretrained id: String, revision: String = "main",
                            pooling: Pooling? = nil, normalize: Bool? = nil) throws -> SentenceEmbedder {
        try SentenceEmbedder(folder: ModelLocator().resolve(id, revision: revision), id: id,
                             pooling: pooling, normalize: normalize)
    }

    /// Loads the sentence-transformers folder at `folder`. A folder without
    /// `modules.json` is treated as Transformer + mean pooling, as sentence-transformers does.
    /// `pooling` and `normalize` override what the folder's modules say.
    public init(folder: URL, id: String? = nil, pooling: Pooling? = nil, normalize: Bool? = nil) throws {
        self.id = id ?? folder.lastPathComponent
        let modules = try Self.readModules(folder)
        guard let transformer = modules.first(where: { $0.type.hasSuffix("models.Transformer") }) else {
            throw EncoderError.invalidConfig(path: folder.appendingPathComponent("modules.json").path,
                                             reason: "no sentence_transformers.models.Transformer module")
        }
        let transformerFolder = folder.appendingPathComponent(transformer.path)
        let model = try AutoModel.from(folder: transformerFolder, id: self.id)
        guard let text = model.encoder as? any TextEncoder else {
            throw EncoderError.unsupportedInput(model: self.id, input: "text")
        }
        encoder = text
        tokenizer = try Tokenizer(folder: transformerFolder)
        let settings = try Self.readTransformerSettings(transformerFolder)
        maxSequenceLength = Swift.min(settings.maxSequenceLength ?? Swift.min(text.maxPositions, tokenizer.modelMaxLength),
                                      text.maxPositions)
        lowercasesInput = settings.lowercase

        var modes = ["mean"]
        var normalizes = false
        var dense: [DenseModule] = []
        var dimension = text.hiddenSize
        for module in modules where module.path != transformer.path || module.type != transformer.type {
            let moduleFolder = folder.appendingPathComponent(module.path)
            switch module.type.split(separator: ".").last.map(String.init) ?? module.type {
            case "Transformer":
                continue
            case "Pooling":
                let poolingConfig = try ConfigFile(url: moduleFolder.appendingPathComponent("config.json"))
                modes = try Self.poolingModes(poolingConfig)
                dimension = text.hiddenSize * modes.count
            case "Normalize":
                normalizes = true
            case "Dense":
                let layer = try DenseModule(folder: moduleFolder, input: dimension)
                dimension = layer.outputSize
                dense.append(layer)
            default:
                throw EncoderError.unsupportedModule(type: module.type, path: folder.appendingPathComponent("modules.json").path)
            }
        }
        if let pooling {
            // Dense modules expect the width the folder's own pooling produces.
            guard dense.isEmpty || modes.count == 1 else {
                throw EncoderError.invalidConfig(path: folder.path, reason: "its Dense module expects \(modes.joined(separator: "+")) pooling; --pooling \(pooling.rawValue) cannot replace it")
            }
            modes = [pooling.rawValue]
            if dense.isEmpty { dimension = text.hiddenSize }
        }
        poolingModes = modes
        self.normalizes = normalize ?? normalizes
        self.dense = dense
        self.dimension = dimension
    }

    /// The vector of one text, `[dimension]`.
    public func encode(_ text: String) throws -> Tensor {
        try encode([text])[0]
    }

    /// The vectors of many texts, `[texts.count, dimension]`. Texts are sorted by
    /// length and run `batchSize` at a time without padding; the order of the result
    /// follows `texts`.
    public func encode(_ texts: [String], batchSize: Int = 32) throws -> Tensor {
        let prepared = texts.map { lowercasesInput ? $0.lowercased() : $0 }
        let encodings = try prepared.map { text -> [Int] in
            let ids = try tokenizer(text, truncation: true, maxLength: maxSequenceLength).inputIDs[0]
            return ids
        }
        let order = encodings.indices.sorted { encodings[$0].count > encodings[$1].count }
        let step = Swift.max(1, batchSize)
        var rows = [Tensor?](repeating: nil, count: texts.count)
        for start in stride(from: 0, to: order.count, by: step) {
            let chunk = Array(order[start ..< Swift.min(start + step, order.count)])
            let pooled = try embed(chunk.map { encodings[$0] })
            for (position, original) in chunk.enumerated() { rows[original] = pooled[position] }
        }
        return Tensor(shape: [texts.count, dimension]) { out, _ in
            for (i, row) in rows.enumerated() {
                if let row { (out + i * dimension).update(from: row.pointer, count: dimension) }
            }
        }
    }

    /// Encodes one batch of token sequences (packed, unpadded) and pools each.
    private func embed(_ sequences: [[Int]]) throws -> Tensor {
        let packed = PackedTokens(sequences: sequences)
        let hidden = try encoder.encode(packed, outputHiddenStates: false).lastHiddenState
        let h = encoder.hiddenSize
        var pooled = Tensor(shape: [sequences.count, h * poolingModes.count]) { out, _ in
            for (i, range) in packed.sequenceRanges.enumerated() {
                let tokens = hidden.rows(range)
                for (m, mode) in poolingModes.enumerated() {
                    let target = out + i * h * poolingModes.count + m * h
                    Self.pool(tokens.pointer, rows: range.count, columns: h, mode: mode, into: target)
                }
            }
        }
        for layer in dense { pooled = layer(pooled) }
        return normalizes ? pooled.normalized() : pooled
    }

    private static func pool(_ tokens: UnsafePointer<Float>, rows: Int, columns: Int, mode: String,
                             into out: UnsafeMutablePointer<Float>) {
        switch mode {
        case "cls":
            out.update(from: tokens, count: columns)
        case "max":
            out.update(from: tokens, count: columns)
            for r in 1 ..< Swift.max(rows, 1) {
                for c in 0 ..< columns { out[c] = Swift.max(out[c], tokens[r * columns + c]) }
            }
        default: // mean, mean_sqrt_len_tokens
            out.update(repeating: 0, count: columns)
            for r in 0 ..< rows { Kernels.add(out, tokens + r * columns, count: columns) }
            let divisor = mode == "mean_sqrt_len_tokens" ? Float(rows).squareRoot() : Float(rows)
            for c in 0 ..< columns { out[c] /= Swift.max(divisor, 1e-9) }
        }
    }

    private struct ModuleEntry: Decodable {
        var path: String
        var type: String
    }

    private static func readModules(_ folder: URL) throws -> [ModuleEntry] {
        let url = folder.appendingPathComponent("modules.json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            // Transformer alone: pooling then defaults to mean, with no normalisation.
            return [ModuleEntry(path: "", type: "sentence_transformers.models.Transformer")]
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelFileError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        do {
            let entries = try JSONDecoder().decode([ModuleEntry].self, from: data)
            for entry in entries where entry.path.contains("..") || entry.path.hasPrefix("/") {
                throw ModelFileError.invalidValue(path: url.path, key: "path", reason: "names an unsafe path \(entry.path)")
            }
            return entries
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw ModelFileError.invalidJSON(path: url.path, reason: "expected a list of {path, type} modules")
        }
    }

    private static func readTransformerSettings(_ folder: URL) throws -> (maxSequenceLength: Int?, lowercase: Bool) {
        let url = folder.appendingPathComponent("sentence_bert_config.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return (nil, false) }
        let object = try ConfigFile(url: url).object
        return (object["max_seq_length"] as? Int, object["do_lower_case"] as? Bool ?? false)
    }

    /// Pooling modes from `1_Pooling/config.json`: the current `pooling_mode` (a name or a
    /// list of names) or the legacy `pooling_mode_*` booleans, in sentence-transformers' order.
    private static func poolingModes(_ config: ConfigFile) throws -> [String] {
        let object = config.object
        let supported = ["cls", "max", "mean", "mean_sqrt_len_tokens"]
        var modes: [String] = []
        if let single = object["pooling_mode"] as? String {
            modes = [single]
        } else if let list = object["pooling_mode"] as? [String] {
            modes = list
        } else {
            let legacy = [("pooling_mode_cls_token", "cls"), ("pooling_mode_max_tokens", "max"),
                          ("pooling_mode_mean_tokens", "mean"), ("pooling_mode_mean_sqrt_len_tokens", "mean_sqrt_len_tokens"),
                          ("pooling_mode_weightedmean_tokens", "weightedmean"), ("pooling_mode_lasttoken", "lasttoken")]
            modes = legacy.filter { object[$0.0] as? Bool == true }.map(\.1)
            if modes.isEmpty { modes = ["mean"] }
        }
        for mode in modes where !supported.contains(mode) {
            throw EncoderError.unsupportedPoolingMode(mode, path: config.url.path)
        }
        return modes
    }
}

/// A sentence-transformers `Dense` module: `activation(x Wᵀ + b)`.
private struct DenseModule: Sendable {
    let layer: Linear
    let activation: Kernels.Activation?
    var outputSize: Int { layer.outputSize }

    init(folder: URL, input: Int) throws {
        let config = try ConfigFile(url: folder.appendingPathComponent("config.json"))
        let object = config.object
        guard let inFeatures = object["in_features"] as? Int, let outFeatures = object["out_features"] as? Int else {
            throw ModelFileError.missingKey(path: config.url.path, key: "in_features/out_features")
        }
        guard inFeatures == input else {
            throw EncoderError.invalidConfig(path: config.url.path, reason: "in_features \(inFeatures) does not match the \(input) pooled features")
        }
        let weights = try WeightStore(folder: folder, prefixes: [])
        layer = try weights.linear("linear", input: inFeatures, output: outFeatures, bias: object["bias"] as? Bool ?? true)
        switch (object["activation_function"] as? String ?? "torch.nn.modules.linear.Identity").split(separator: ".").last {
        case "Identity": activation = nil
        case "Tanh": activation = .tanh
        case "ReLU": activation = .relu
        case "GELU": activation = .gelu
        case let other: throw EncoderError.unsupportedActivation(String(other ?? ""), path: config.url.path)
        }
    }

    func callAsFunction(_ input: Tensor) -> Tensor {
        layer(input, activation: activation)
    }
}
