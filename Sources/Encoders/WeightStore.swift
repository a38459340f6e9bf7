import Foundation
import ModelHub
import Tensors

/// The checkpoint of a model folder (`model.safetensors`, or shards listed in
/// `model.safetensors.index.json`), read strictly: every tensor an architecture asks
/// for must exist with the expected shape, and what it never asks for is reported.
final class WeightStore {
    private var files: [String: SafeTensorsFile] = [:]
    /// Canonical name → (file, name in that file).
    private var index: [String: (file: SafeTensorsFile, name: String)] = [:]
    private var used = Set<String>()
    /// A short description of where the weights come from, for messages.
    let path: String

    /// Opens the weights in `folder`. `prefixes` are stripped from stored names
    /// (e.g. `bert.` in a `BertForMaskedLM` checkpoint); legacy `gamma`/`beta`
    /// layer-norm names become `weight`/`bias`.
    init(folder: URL, prefixes: [String]) throws {
        let single = folder.appendingPathComponent("model.safetensors")
        let sharded = folder.appendingPathComponent("model.safetensors.index.json")
        var stored: [(file: SafeTensorsFile, name: String)] = []
        if FileManager.default.fileExists(atPath: single.path) {
            let file = try SafeTensorsFile(url: single)
            files[single.lastPathComponent] = file
            stored = file.names.map { (file, $0) }
            path = single.path
        } else if FileManager.default.fileExists(atPath: sharded.path) {
            let config = try ConfigFile(url: sharded)
            guard let map = config.object["weight_map"] as? [String: String] else {
                throw ModelFileError.missingKey(path: sharded.path, key: "weight_map")
            }
            for (name, shard) in map.sorted(by: { $0.key < $1.key }) {
                guard !shard.contains("/"), !shard.contains("..") else {
                    throw ModelFileError.invalidValue(path: sharded.path, key: "weight_map.\(name)", reason: "names an unsafe path \(shard)")
                }
                let file = try files[shard] ?? SafeTensorsFile(url: folder.appendingPathComponent(shard))
                files[shard] = file
                guard file.contains(name) else { throw ModelFileError.tensorNotFound(path: file.url.path, tensor: name) }
                stored.append((file, name))
            }
            path = sharded.path
        } else {
            throw EncoderError.noWeightsFile(folder: folder.path)
        }
        // Exact names win over prefix-stripped ones.
        for entry in stored {
            index[Self.canonical(entry.name, prefixes: [])] = entry
        }
        for entry in stored {
            let name = Self.canonical(entry.name, prefixes: prefixes)
            if index[name] == nil { index[name] = entry }
        }
    }

    private static func canonical(_ name: String, prefixes: [String]) -> String {
        var result = name
        for prefix in prefixes where result.hasPrefix(prefix) {
            result.removeFirst(prefix.count)
            break
        }
        if result.hasSuffix("LayerNorm.gamma") || result.hasSuffix("layer_norm.gamma") {
            result = String(result.dropLast("gamma".count)) + "weight"
        } else if result.hasSuffix("LayerNorm.beta") || result.hasSuffix("layer_norm.beta") {
            result = String(result.dropLast("beta".count)) + "bias"
        }
        return result
    }

    /// Whether the checkpoint has `name`.
    func contains(_ name: String) -> Bool { index[name] != nil }

    /// The tensor `name`, which must have `shape`.
    func tensor(_ name: String, shape: [Int]) throws -> Tensor {
        guard let entry = index[name] else { throw EncoderError.missingWeight(name: name, path: path) }
        let tensor = try entry.file.tensor(entry.name)
        guard tensor.shape == shape else {
            throw EncoderError.weightShapeMismatch(name: entry.name, path: entry.file.url.path, expected: shape, actual: tensor.shape)
        }
        used.insert(entry.name)
        return tensor
    }

    /// A `Linear` layer from `<name>.weight` `[out, in]` and `<name>.bias` `[out]`.
    func linear(_ name: String, input: Int, output: Int, bias: Bool = true) throws -> Linear {
        Linear(weight: try tensor("\(name).weight", shape: [output, input]),
               bias: bias ? try tensor("\(name).bias", shape: [output]) : nil)
    }

    /// Layer-norm weight and bias of `size`.
    func layerNorm(_ name: String, size: Int) throws -> LayerNormWeights {
        LayerNormWeights(weight: try tensor("\(name).weight", shape: [size]), bias: try tensor("\(name).bias", shape: [size]))
    }

    /// Stored tensors never asked for, except buffers that carry no weights.
    func unusedNames(ignoring buffers: Set<String> = ["position_ids"]) -> [String] {
        index.values.map(\.name).filter { name in
            !used.contains(name) && !buffers.contains(where: { name.hasSuffix($0) })
        }.sorted()
    }

    /// Reports unused tensors as one warning naming them (at most 12 listed).
    func warnAboutUnused(model: String) {
        let unused = unusedNames()
        guard !unused.isEmpty else { return }
        let listed = unused.prefix(12).joined(separator: ", ")
        let more = unused.count > 12 ? ", … (\(unused.count - 12) more)" : ""
        Diagnostics.warn("\(model): \(unused.count) checkpoint tensor(s) in \(path) are not used by the architecture: \(listed)\(more)")
    }
}

/// Scale and shift of a layer normalisation.
struct LayerNormWeights: Sendable {
    let weight: Tensor
    let bias: Tensor
}
