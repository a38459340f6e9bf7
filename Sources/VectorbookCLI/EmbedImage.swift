import ArgumentParser
import Foundation
import Vectorbook

/// How an image's token vectors become one vector.
enum ImagePooling: String, ExpressibleByArgument, CaseIterable {
    /// The [CLS] token of the last hidden state.
    case cls
    /// The mean of the patch tokens (the [CLS] token excluded).
    case mean
}

/// `vectorbook embed image --model ID [--pooling cls|mean] [--normalize] [--json] IMAGE…`
struct EmbedImage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Embed images with a vision encoder.",
        discussion: """
        Images are preprocessed with the model's preprocessor_config.json exactly as \
        transformers' Pillow-based processors do. --pooling cls (default) takes the [CLS] \
        token of the last hidden state; mean averages the patch tokens. For a CLIP model \
        the vector is its projected image embedding.
        """
    )

    @Option(help: "Model id or folder.")
    var model: String

    @Option(help: "Pooling: cls or mean (ignored for CLIP, which projects its pooled token).")
    var pooling: ImagePooling = .cls

    @Flag(help: "L2-normalise the vectors.")
    var normalize = false

    @Flag(help: "Print one JSON object: {\"model\", \"dim\", \"embeddings\"}.")
    var json = false

    @Option(help: "Images per forward pass.")
    var batchSize = 8

    @Argument(help: "Image files (JPEG or PNG) or http(s) URLs.")
    var images: [String] = []

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
        guard !images.isEmpty else { throw ValidationError("give at least one image") }
    }

    func run() throws {
        try global.apply()
        try reportingErrors {
            let folder = try ModelLocator(progress: global.progress).resolve(model)
            let loaded = try AutoModel.from(folder: folder, id: model)
            guard loaded.encoder.imageTower != nil else {
                throw CLIError("\(model) (model_type \(loaded.modelType)) is not an image model")
            }
            let processor = try AutoImageProcessor.from(pretrained: folder.path)
            var rows: [[Float]] = []
            for start in stride(from: 0, to: images.count, by: batchSize) {
                let batch = try images[start ..< min(start + batchSize, images.count)].map(Self.load)
                let pixels = try processor(batch)
                var vectors: Tensor
                if loaded.modelType == "clip" {
                    vectors = try loaded.getImageFeatures(pixels)
                } else {
                    let hidden = try loaded(pixels).lastHiddenState
                    switch pooling {
                    case .cls: vectors = hidden[.all, 0]
                    case .mean: vectors = hidden[.all, 1...].mean(dim: 1)
                    }
                }
                if normalize { vectors = vectors.normalized() }
                rows += (0 ..< batch.count).map { vectors[$0].scalars }
            }
            EmbeddingOutput.write(model: model, labels: images, rows: rows, json: json)
        }
    }

    /// An image from a path or an http(s) URL.
    static func load(_ location: String) throws -> Image {
        if location.hasPrefix("http://") || location.hasPrefix("https://"), let url = URL(string: location) {
            return try Image(url: url)
        }
        return try Image(contentsOf: location)
    }
}
