import ArgumentParser
import Foundation
import Vectorbook

extension TemporalPooling: ExpressibleByArgument {}

/// `vectorbook embed video --model ID [--frames N] [--pooling mean|max] [--normalize] [--json] VIDEO…`
struct EmbedVideo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "video",
        abstract: "Embed videos with a vision encoder, frame by frame.",
        discussion: """
        A VIDEO is a Motion-JPEG .avi file or a folder of numbered frame images (.jpg, .jpeg, .png; \
        an optional fps.txt gives the frame rate). --frames N frames are sampled uniformly (the middle \
        frame of N equal segments; every frame when the video has fewer), each is preprocessed and \
        embedded like `embed image` (--frame-pooling cls, or mean of the patch tokens; CLIP models \
        give their projected image embedding), and the frame vectors are pooled over time with \
        --pooling mean or max. The output also gives the cosine similarity of each sampled frame \
        with the next: a dip marks a cut. --normalize L2-normalises the frame vectors and the \
        pooled vector (pooling uses the raw frame vectors).
        """
    )

    @Option(help: "Model id or folder (an image model: DINOv2, ViT or CLIP).")
    var model: String

    @Option(help: "Number of frames to sample from each video.")
    var frames = 8

    @Option(help: "Temporal pooling of the frame vectors: mean or max.")
    var pooling: TemporalPooling = .mean

    @Option(help: "Frame vector: cls or mean (of the patch tokens; ignored for CLIP).")
    var framePooling: ImagePooling = .cls

    @Option(help: "Frames per second, overriding the AVI header or fps.txt.")
    var frameRate: Double?

    @Flag(help: "L2-normalise the frame vectors and the pooled vector.")
    var normalize = false

    @Flag(help: """
    Print one JSON object: {"model", "dim", "pooling", "embeddings", "videos"}; each video has its frame \
    indices, timestamps, frame similarities, frame embeddings and pooled embedding.
    """)
    var json = false

    @Option(help: "Frames per forward pass.")
    var batchSize = 8

    @Argument(help: "Motion-JPEG .avi files or folders of frame images.")
    var videos: [String] = []

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard frames > 0 else { throw ValidationError("--frames must be at least 1 (got \(frames))") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
        if let frameRate, !(frameRate.isFinite && frameRate > 0) {
            throw ValidationError("--frame-rate must be a number above 0 (got \(frameRate))")
        }
        guard !videos.isEmpty else { throw ValidationError("give at least one video (.avi file or folder of frames)") }
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
            let embedder = try VideoEmbedder(processor: processor, model: loaded, pooling: pooling, batchSize: batchSize)
            let frameVector: FramePooling = loaded.modelType == "clip" ? .imageEmbeds
                : (framePooling == .cls ? .cls : .patchMean)

            var results: [Result] = []
            for path in videos {
                let video = try Video(contentsOf: path, frameRate: frameRate)
                let embedding = try embedder.embed(video, frames: frames, frameVector: frameVector)
                results.append(Result(path: path, video: video, embedding: embedding, normalize: normalize))
            }
            Terminal.output(json ? Self.json(results, model: model, pooling: pooling) : Self.text(results, pooling: pooling))
        }
    }

    /// One embedded video, as printed.
    struct Result {
        let path: String
        let video: Video
        let embedding: VideoEmbedding
        /// `[frames][dim]`, normalised when asked.
        let frameRows: [[Float]]
        /// The pooled vector, normalised when asked.
        let pooled: [Float]

        init(path: String, video: Video, embedding: VideoEmbedding, normalize: Bool) {
            self.path = path
            self.video = video
            self.embedding = embedding
            let vectors = normalize ? embedding.frameVectors.normalized() : embedding.frameVectors
            frameRows = (0 ..< embedding.frameCount).map { vectors[$0].scalars }
            let vector = embedding.vector
            pooled = (normalize ? vector.normalized() : vector).scalars
        }
    }

    static func json(_ results: [Result], model: String, pooling: TemporalPooling) -> String {
        let vectors = { (rows: [[Float]]) in JSONWriter.array(rows) { JSONWriter.array($0, JSONWriter.number) } }
        let videos = results.map { result in
            JSONWriter.object([
                ("video", JSONWriter.string(result.path)),
                ("frame_count", "\(result.video.frameCount)"),
                ("frame_rate", number(result.video.frameRate)),
                ("duration", number(result.video.duration)),
                ("width", "\(result.video.width)"),
                ("height", "\(result.video.height)"),
                ("frame_indices", JSONWriter.array(result.embedding.frameIndices) { "\($0)" }),
                ("timestamps", JSONWriter.array(result.embedding.timestamps, number)),
                ("frame_similarities", JSONWriter.array(result.embedding.frameSimilarities, JSONWriter.number)),
                ("frame_embeddings", vectors(result.frameRows)),
                ("embedding", JSONWriter.array(result.pooled, JSONWriter.number)),
            ])
        }
        return JSONWriter.object([
            ("model", JSONWriter.string(model)),
            ("dim", "\(results.first?.embedding.dimension ?? 0)"),
            ("pooling", JSONWriter.string(pooling.rawValue)),
            ("embeddings", vectors(results.map(\.pooled))),
            ("videos", "[" + videos.joined(separator: ",") + "]"),
        ])
    }

    static func text(_ results: [Result], pooling: TemporalPooling) -> String {
        results.map { result in
            let video = result.video, embedding = result.embedding
            let similarities = embedding.frameSimilarities.map { String(format: "%.3f", $0) }.joined(separator: " ")
            return """
            \(result.path)  \(video.frameCount) frames, \(String(format: "%g", video.frameRate)) fps, \
            \(String(format: "%.2f", video.duration)) s, \(video.width)×\(video.height)
              frames      \(embedding.frameIndices.map(String.init).joined(separator: " "))
              seconds     \(embedding.timestamps.map { String(format: "%.2f", $0) }.joined(separator: " "))
              similarity  \(similarities.isEmpty ? "(one frame)" : similarities)
              \(EmbeddingOutput.summary(result.pooled))  (\(pooling.rawValue) of \
            \(embedding.frameCount) frames)
            """
        }.joined(separator: "\n")
    }

    /// A finite double in its shortest round-trip form, else `null`.
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }
}
