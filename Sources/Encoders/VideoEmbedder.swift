import Foundation
import Media
import ModelHub
import Tensors

/// How one frame's token vectors become the frame's vector.
public enum FramePooling: String, Sendable, CaseIterable, Codable {
    /// The first token ([CLS]) of the last hidden state — what DINOv2 and ViT image embeddings use.
    case cls
    /// The average of all tokens of the last hidden state, [CLS] included.
    case mean
    /// The average of the patch tokens (every token after [CLS]).
    case patchMean
    /// The architecture's pooled output (`poolerOutput`): DINOv2 the [CLS] token, ViT tanh(dense([CLS])),
    /// CLIP the post-layernormed [CLS].
    case pooler
    /// CLIP only: the projected image features (`getImageFeatures`), in CLIP's joint text–image space.
    case imageEmbeds
}

/// How frame vectors become one video vector.
public enum TemporalPooling: String, Sendable, CaseIterable, Codable {
    /// The average of the frame vectors, feature by feature.
    case mean
    /// The largest value of each feature over the frames.
    case max
}

/// A video turned into vectors: one per sampled frame, and their pooling over time.
public struct VideoEmbedding: Sendable {
    /// The frames that were embedded (indices into the video), in time order.
    public let frameIndices: [Int]
    /// When each of those frames starts, in seconds.
    public let timestamps: [Double]
    /// One vector per frame, `[frames, dim]`.
    public let frameVectors: Tensor
    /// The cosine similarity of each frame vector with the next one (`frames − 1` values): the
    /// frame-to-frame similarity curve. Near 1 while a shot continues; a dip marks a cut or fast change.
    public let frameSimilarities: [Float]
    /// The pooling ``vector`` uses (the embedder's `pooling`).
    public let defaultPooling: TemporalPooling

    /// Frame vectors `[frames, dim]` and the frames they came from.
    public init(frameIndices: [Int], timestamps: [Double], frameVectors: Tensor, defaultPooling: TemporalPooling = .mean) {
        self.frameIndices = frameIndices
        self.timestamps = timestamps
        var vectors = frameVectors
        vectors.tokenMask = nil
        self.frameVectors = vectors
        self.defaultPooling = defaultPooling
        let frames = vectors.rank == 2 ? vectors.shape[0] : 0
        frameSimilarities = frames < 2 ? [] : (0 ..< frames - 1).map { cosineSimilarity(vectors[$0], vectors[$0 + 1]) }
    }

    /// Number of embedded frames.
    public var frameCount: Int { frameVectors.rank == 2 ? frameVectors.shape[0] : 0 }

    /// Length of each vector.
    public var dimension: Int { frameVectors.rank == 2 ? frameVectors.shape[1] : 0 }

    /// The frame vectors pooled over time, `[dim]`: `.mean` averages them, `.max` keeps each feature's
    /// largest value. Not normalised (call `normalized()` for cosine search).
    public func pooled(_ pooling: TemporalPooling) -> Tensor {
        switch pooling {
        case .mean: return frameVectors.mean(dim: 0)
        case .max: return frameVectors.max(dim: 0)
        }
    }

    /// The video's vector: ``pooled(_:)`` with ``defaultPooling``.
    public var vector: Tensor { pooled(defaultPooling) }
}

/// Embeds videos with an image model, as the course teaches it: sample frames uniformly, encode each
/// frame with the image processor and the model's image tower (in batches), then pool over time.
///
/// ```swift
/// let embedder = try VideoEmbedder.from(pretrained: "vectorbook/dinov2-small-imgfocus")
/// let video = try Video(contentsOf: "Assets/video/rocket-to-hubble.avi")
/// let embedding = try embedder.embed(video, frames: 8)
/// embedding.frameVectors.shape        // [8, 384]
/// embedding.frameSimilarities         // dips between the last rocket frame and the first Hubble frame
/// embedding.pooled(.mean).shape       // [384]
/// ```
public final class VideoEmbedder: Sendable {
    /// The image processor that prepares each frame.
    public let processor: ImageProcessor
    /// The model; its image tower encodes the frames.
    public let model: Model
    /// The temporal pooling of ``VideoEmbedding/vector`` and ``encode(_:frames:frameVector:)``.
    public let pooling: TemporalPooling
    /// How many frames go through the model at once.
    public let batchSize: Int

    /// An embedder from a processor and a model with an image tower (ViT, DINOv2, CLIP).
    /// Throws ``EncoderError/unsupportedInput(model:input:)`` for a text-only model and
    /// ``EncoderError/invalidInput(model:reason:)`` for a `batchSize` below 1.
    public init(processor: ImageProcessor, model: Model, pooling: TemporalPooling = .mean, batchSize: Int = 8) throws {
        guard model.encoder.imageTower != nil else {
            throw EncoderError.unsupportedInput(model: model.id, input: "pixel (video frame)")
        }
        guard batchSize >= 1 else {
            throw EncoderError.invalidInput(model: model.id, reason: "the frame batch size must be at least 1, got \(batchSize)")
        }
        self.processor = processor
        self.model = model
        self.pooling = pooling
        self.batchSize = batchSize
    }

    /// Loads the image processor and the model of a local folder or a hub id (resolved once, as
    /// `AutoImageProcessor` and `AutoModel` do).
    public static func from(pretrained id: String, revision: String = "main", pooling: TemporalPooling = .mean,
                            batchSize: Int = 8) throws -> VideoEmbedder {
        let folder = try ModelLocator().resolve(id, revision: revision)
        return try VideoEmbedder(processor: ImageProcessor(folder: folder), model: AutoModel.from(folder: folder, id: id),
                                 pooling: pooling, batchSize: batchSize)
    }

    /// Embeds `frames` uniformly sampled frames (``Video/sampledFrameIndices(count:)``: the centres of
    /// equal segments; every frame when the video is shorter), each pooled with `frameVector`.
    public func embed(_ video: Video, frames: Int = 8, frameVector: FramePooling = .cls) throws -> VideoEmbedding {
        guard frames >= 1 else {
            throw EncoderError.invalidInput(model: model.id, reason: "the number of frames to sample must be at least 1, got \(frames)")
        }
        return try embed(video, frameIndices: video.sampledFrameIndices(count: frames), frameVector: frameVector)
    }

    /// Embeds the given frames of `video`, in the given order.
    public func embed(_ video: Video, frameIndices: [Int], frameVector: FramePooling = .cls) throws -> VideoEmbedding {
        guard !frameIndices.isEmpty else {
            throw EncoderError.invalidInput(model: model.id, reason: "no frames to embed from video \(video.origin)"
                                            + " (it has \(video.frameCount) frames)")
        }
        var scalars: [Float] = []
        var dimension = 0
        for start in stride(from: 0, to: frameIndices.count, by: batchSize) {
            let batch = Array(frameIndices[start ..< min(start + batchSize, frameIndices.count)])
            let vectors = try self.frameVectors(video.frames(at: batch), frameVector: frameVector)
            dimension = vectors.shape.last ?? 0
            scalars += vectors.scalars
        }
        let matrix = try Tensor(shape: [frameIndices.count, dimension], scalars: scalars)
        return VideoEmbedding(frameIndices: frameIndices, timestamps: frameIndices.map(video.timestamp(ofFrame:)),
                              frameVectors: matrix, defaultPooling: pooling)
    }

    /// The video's single vector: ``embed(_:frames:frameVector:)`` pooled with ``pooling``, `[dim]`.
    public func encode(_ video: Video, frames: Int = 8, frameVector: FramePooling = .cls) throws -> Tensor {
        try embed(video, frames: frames, frameVector: frameVector).vector
    }

    /// One vector per image, `[images, dim]` (one model call; the images must not be empty).
    public func frameVectors(_ images: [Image], frameVector: FramePooling = .cls) throws -> Tensor {
        let pixels = try processor(images)
        switch frameVector {
        case .imageEmbeds:
            return try model.getImageFeatures(pixels)
        case .pooler:
            guard let pooled = try model(pixels).poolerOutput else {
                throw EncoderError.invalidInput(model: model.id, reason: "the model has no pooler output; use .cls or .mean")
            }
            return pooled
        case .cls, .mean, .patchMean:
            var hidden = try model(pixels).lastHiddenState
            hidden.tokenMask = nil
            guard hidden.rank == 3, hidden.shape[1] > (frameVector == .patchMean ? 1 : 0) else {
                throw EncoderError.invalidInput(model: model.id, reason: "the image tower returned \(hidden.shape),"
                                                + " not [images, tokens, hidden] with a token after [CLS]")
            }
            switch frameVector {
            case .cls: return try hidden.slice([FullSlice(), 0])
            case .patchMean: return try hidden.slice([FullSlice(), 1...]).mean(dim: 1)
            default: return hidden.mean(dim: 1)
            }
        }
    }
}
