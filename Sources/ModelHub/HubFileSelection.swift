/// Which of a hub repository's files a download fetches.
public struct HubFileSelection: Sendable, Equatable {
    /// File names ending in one of these are fetched (`.json` covers `*.safetensors.index.json`).
    public var includedSuffixes: [String]
    /// Exact file names (in any folder) fetched in addition.
    public var includedNames: [String]
    /// Top-level folders whose content is never fetched (other runtimes' exports).
    public var excludedFolders: [String]
    /// File names ending in one of these are never fetched, even when a suffix above matches.
    public var excludedSuffixes: [String]

    /// What a CPU encoder needs: configs, tokenizer files, SentencePiece models and safetensors
    /// weights, including sentence-transformers module folders such as `1_Pooling/config.json`.
    /// PyTorch/TF/Flax/ONNX/Core ML weights, images and git metadata are skipped.
    public static let cpuEncoder = HubFileSelection(
        includedSuffixes: [".json", ".txt", ".model", ".safetensors"],
        includedNames: ["README.md"],
        excludedFolders: ["onnx", "openvino", "coreml", "tflite"],
        excludedSuffixes: [".bin.index.json", ".h5.index.json", ".msgpack.index.json"]
    )

    /// A selection with the given rules.
    public init(includedSuffixes: [String], includedNames: [String] = [], excludedFolders: [String] = [],
                excludedSuffixes: [String] = []) {
        self.includedSuffixes = includedSuffixes
        self.includedNames = includedNames
        self.excludedFolders = excludedFolders
        self.excludedSuffixes = excludedSuffixes
    }

    /// True when the repository file `path` (e.g. `1_Pooling/config.json`) is fetched.
    public func includes(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let name = parts.last else { return false }
        if parts.contains(where: { $0.hasPrefix(".") }) { return false }   // .gitattributes, .github/…
        if parts.count > 1, excludedFolders.contains(String(parts[0])) { return false }
        if excludedSuffixes.contains(where: { name.hasSuffix($0) }) { return false }
        return includedNames.contains(String(name)) || includedSuffixes.contains(where: { name.hasSuffix($0) })
    }
}
