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
            if json {
                let rows = (0 ..< texts.count).map { vectors[$0].scalars }
                Terminal.output(JSONWriter.object([
                    ("model", JSONWriter.string(model)),
                    ("dim", "\(embedder.dimension)"),
                    ("embeddings", JSONWriter.array(rows) { JSONWriter.array($0, JSONWriter.number) }),
                ]))
            } else {
                for (index, text) in texts.enumerated() {
                    let vector = vectors[index]
                    let head = vector.scalars.prefix(6).map { String(format: "%+.4f", $0) }.joined(separator: " ")
                    let label = text.count > 48 ? String(text.prefix(47)) + "…" : text
                    Terminal.output("\(label)\n  [\(embedder.dimension)] \(head) …  norm \(String(format: "%.4f", vector.norm()))")
                }
            }
        }
    }
}

extension Pooling: ExpressibleByArgument {}
