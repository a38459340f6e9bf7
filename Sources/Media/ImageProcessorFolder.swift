import Foundation

extension ImageProcessor {
    /// The image processor of a model folder, from its `preprocessor_config.json`. When that file
    /// names no processor class, the `model_type` in the folder's `config.json` picks one, as
    /// transformers' `AutoImageProcessor` does (`vit`, `dinov2`, `bit`, `clip`).
    ///
    /// Throws ``MediaError/processorConfigNotFound(folder:)`` when the file is missing.
    public init(folder: URL) throws {
        let file = folder.appendingPathComponent("preprocessor_config.json")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw MediaError.processorConfigNotFound(folder: folder.path)
        }
        var config = try ImageProcessorConfig(contentsOf: file)
        if config.imageProcessorType == nil && config.featureExtractorType == nil {
            let modelConfig = folder.appendingPathComponent("config.json")
            if let data = try? Data(contentsOf: modelConfig),
               let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
               let modelType = object["model_type"] as? String {
                guard let kind = Kind(modelType: modelType) else {
                    throw MediaError.unsupportedImageProcessor("for model_type \"\(modelType)\"", path: file.path,
                                                               supported: Kind.allCases.map(\.rawValue))
                }
                config.imageProcessorType = kind.rawValue
            }
        }
        try self.init(config: config, source: file.path)
    }
}
