import ArgumentParser
import Foundation
import Vectorbook

/// `vectorbook embed <modality>`.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Turn inputs into embedding vectors.",
        subcommands: [EmbedText.self, EmbedImage.self, EmbedAudio.self, EmbedVideo.self]
    )
}

/// `vectorbook embed text --model ID [--pooling …] [--normalize] [--json] TEXT…`
struct EmbedText: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Embed sentences with a text encoder.",
        discussion: """
        Without --pooling, a sentence-transformers folder is used as its modules say \
        (pooling, Dense, Normalize); other models use mean pooling. Texts longer than \
        the model's maximum are truncated.
        """
    )

    @Option(help: "Model id or folder.")
    var model: String

    @Option(help: "Pooling: mean, cls or max (default: the model's own, else mean).")
    var pooling: Pooling?

    @Flag(help: "L2-normalise the vectors.")
    var normalize = false

    @Flag(help: "Print one JSON object: {\"model\", \"dim\", \"embeddings\"}.")
    var json = false

    @Option(help: "Sentences per forward pass.")
    var batchSize = 32

    @OptionGroup var inputs: TextInputs
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
    }

    func run() throws {
        try global.apply()
        try reportingErrors {
            let texts = try inputs.load()
            let folder = try ModelLocator(progress: global.progress).resolve(model)
            let embedder = try SentenceEmbedder(folder: folder, id: model, pooling: pooling,
                                                normalize: normalize ? true : nil)
            let vectors = try embedder.encode(texts, batchSize: batchSize)
            let labels = texts.map { $0.count > 48 ? String($0.prefix(47)) + "…" : $0 }
            EmbeddingOutput.write(model: model, labels: labels, rows: (0 ..< texts.count).map { vectors[$0].scalars }, json: json)
        }
    }
}

extension Pooling: ExpressibleByArgument {}
