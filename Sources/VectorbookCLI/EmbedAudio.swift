import ArgumentParser
import Foundation
import Vectorbook

/// `vectorbook embed audio --model ID [--pooling mean|cls|max] [--normalize] [--json] FILE…`
struct EmbedAudio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "Embed audio clips with a speech encoder (Whisper, Wav2Vec2, HuBERT) or a GE2E speaker model.",
        discussion: """
        Each file (WAV, FLAC, Ogg, MP3) is decoded, mixed down to mono and resampled to the rate of the \
        model's feature extractor (a note on stderr says so), turned into model inputs by its \
        preprocessor_config.json exactly as transformers does, and run through the encoder. --pooling mean \
        (default) averages the last hidden state over the frames that hold audio (Whisper's padding to 30 s \
        is left out); cls takes the first frame; max the elementwise maximum over real frames. For a GE2E \
        speaker model (model_type ge2e) the vector is its utterance embedding (Resemblyzer's \
        embed_utterance), already unit length, and --pooling does not apply.
        """
    )

    @Option(help: "Model id or folder.")
    var model: String

    @Option(help: "Pooling over frames: mean, cls or max (default mean; not used by GE2E models).")
    var pooling: Pooling?

    @Flag(help: "L2-normalise the vectors.")
    var normalize = false

    @Flag(help: "Print one JSON object: {\"model\", \"dim\", \"embeddings\"}.")
    var json = false

    @Argument(help: "Audio files.")
    var files: [String] = []

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one audio file") }
    }

    func run() throws {
        try global.apply()
        try reportingErrors {
            let folder = try ModelLocator(progress: global.progress).resolve(model)
            let loaded = try AutoModel.from(folder: folder, id: model)
            let embed: (Audio) throws -> Tensor
            let rate: Int
            if let speaker = loaded.encoder as? SpeakerEncoder {
                if let pooling { Terminal.note("note: --pooling \(pooling.rawValue) is ignored: \(model) is a GE2E speaker model") }
                rate = speaker.features.config.samplingRate
                embed = { try speaker.embedUtterance($0) }
            } else {
                guard loaded.encoder.audioTower != nil else {
                    throw CLIError("\(model) (model_type \(loaded.modelType)) is not an audio model")
                }
                let extractor = try FeatureExtractor(folder: folder)
                let pooling = self.pooling ?? .mean
                rate = extractor.samplingRate
                embed = { audio in
                    let output = try loaded(try extractor(audio))
                    return output.lastHiddenState.pooled(pooling, mask: output.attentionMask)[0]
                }
            }
            var rows: [[Float]] = []
            for file in files {
                var audio = try Audio(contentsOf: file)
                if audio.channels > 1 {
                    Terminal.note("note: \(file) has \(audio.channels) channels; mixed down to mono")
                    audio = audio.mono()
                }
                if audio.sampleRate != rate {
                    Terminal.note("note: \(file) is sampled at \(audio.sampleRate) Hz; resampled to \(rate) Hz for \(model)")
                    audio = try audio.resampled(to: rate)
                }
                var vector = try embed(audio)
                if normalize { vector = vector.normalized() }
                rows.append(vector.scalars)
            }
            EmbeddingOutput.write(model: model, labels: files, rows: rows, json: json)
        }
    }
}
