import Foundation
import Media
import ModelHub
import Tensors
import Testing
@testable import Encoders

/// The video embedder on the tiny random DINOv2 against transformers, run on a course video
/// (`Tests/EncodersTests/Fixtures/video/`, written by `Scripts/reference/make_video_fixtures.py`).
@Suite("Video embedder")
struct VideoEmbedderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func courseVideo(_ name: String) throws -> Video {
        try Video(contentsOf: repository.appendingPathComponent("Assets/video/\(name)").path)
    }

    static func tinyEmbedder(batchSize: Int = 8, pooling: TemporalPooling = .mean) throws -> VideoEmbedder {
        try VideoEmbedder.from(pretrained: Fixtures.folder("vision/tiny-dinov2").path, pooling: pooling, batchSize: batchSize)
    }

    static func reference() throws -> (tensors: SafeTensorsFile, info: [String: Any]) {
        (try SafeTensorsFile(url: Fixtures.folder("video/tiny-dinov2-rocket-to-hubble.safetensors")),
         try Fixtures.json("video/tiny-dinov2-rocket-to-hubble.json"))
    }

    @Test("8 segment-centre frames, their timestamps, [8, 32] CLS vectors equal to transformers'")
    func tinyDinov2() throws {
        let (expected, info) = try Self.reference()
        let video = try Self.courseVideo("rocket-to-hubble.avi")
        let embedding = try Self.tinyEmbedder().embed(video)
        #expect(embedding.frameIndices == [3, 9, 15, 21, 28, 34, 40, 46])
        #expect(embedding.frameIndices == (info["frame_indices"] as? [Int]))
        #expect(embedding.timestamps == [0.3, 0.9, 1.5, 2.1, 2.8, 3.4, 4.0, 4.6])
        #expect(embedding.frameVectors.shape == [8, 32])
        #expect(embedding.frameCount == 8 && embedding.dimension == 32)
        #expect(embedding.frameVectors.maxAbsDifference(try expected.tensor("cls")) <= 1e-4)
    }

    @Test("every frame pooling matches transformers", arguments: [
        (FramePooling.cls, "cls"), (.mean, "mean"), (.patchMean, "patch_mean"), (.pooler, "pooler_output"),
    ])
    func framePoolings(_ item: (FramePooling, String)) throws {
        let (expected, _) = try Self.reference()
        let embedding = try Self.tinyEmbedder().embed(try Self.courseVideo("rocket-to-hubble.avi"), frameVector: item.0)
        #expect(embedding.frameVectors.maxAbsDifference(try expected.tensor(item.1)) <= 1e-4, "\(item.0)")
    }

    @Test("the similarity curve is the cosine of consecutive frame vectors, and matches transformers'")
    func similarityCurve() throws {
        let (_, info) = try Self.reference()
        let embedding = try Self.tinyEmbedder().embed(try Self.courseVideo("rocket-to-hubble.avi"))
        let reference = try #require(info["cls_curve"] as? [Double])
        #expect(embedding.frameSimilarities.count == 7)
        for (i, value) in embedding.frameSimilarities.enumerated() {
            #expect(abs(Double(value) - reference[i]) <= 1e-4, "position \(i)")
            let direct = cosineSimilarity(embedding.frameVectors[i], embedding.frameVectors[i + 1])
            #expect(value == direct)
        }
        // Even random weights see the cut: the lowest similarity is between frames 21 and 28.
        #expect(embedding.frameSimilarities.firstIndex(of: embedding.frameSimilarities.min() ?? 0) == 3)
    }

    @Test("temporal mean and max pooling are the feature-wise mean and max over frames")
    func temporalPooling() throws {
        let embedding = try Self.tinyEmbedder(pooling: .max).embed(try Self.courseVideo("cat-zoom.avi"), frames: 5)
        let rows = (0 ..< 5).map { embedding.frameVectors[$0].scalars }
        let mean = embedding.pooled(.mean), max = embedding.pooled(.max)
        #expect(mean.shape == [32] && max.shape == [32])
        for d in 0 ..< 32 {
            let column = rows.map { $0[d] }
            #expect(abs(mean.scalars[d] - column.reduce(0, +) / 5) <= 1e-6)
            #expect(max.scalars[d] == column.max())
        }
        #expect(embedding.vector == max)   // the embedder's pooling
        #expect(try Self.tinyEmbedder(pooling: .max).encode(try Self.courseVideo("cat-zoom.avi"), frames: 5) == max)
    }

    @Test("batch size does not change the vectors", arguments: [1, 3])
    func batching(_ batchSize: Int) throws {
        let video = try Self.courseVideo("astronaut-pan.avi")
        let whole = try Self.tinyEmbedder(batchSize: 8).embed(video, frames: 7)
        let batched = try Self.tinyEmbedder(batchSize: batchSize).embed(video, frames: 7)
        #expect(batched.frameIndices == whole.frameIndices)
        #expect(batched.frameVectors.maxAbsDifference(whole.frameVectors) <= 1e-5)
    }

    @Test("explicit frame indices, short videos and frame folders")
    func frameSelection() throws {
        let embedder = try Self.tinyEmbedder()
        let video = try Self.courseVideo("rocket-to-hubble.avi")
        let chosen = try embedder.embed(video, frameIndices: [49, 0])
        #expect(chosen.frameIndices == [49, 0] && chosen.timestamps == [4.9, 0])
        let single = try embedder.frameVectors([try video.frame(at: 49), try video.frame(at: 0)])
        #expect(chosen.frameVectors.maxAbsDifference(single) <= 1e-5)
        // A video shorter than the request gives each frame once; one frame has no similarity curve.
        let all = try embedder.embed(video, frames: 80)
        #expect(all.frameIndices == Array(0 ..< 50) && all.frameSimilarities.count == 49)
        let one = try embedder.embed(video, frames: 1)
        #expect(one.frameIndices == [25] && one.frameSimilarities.isEmpty && one.pooled(.mean).shape == [32])
    }

    @Test("bad requests and models without an image tower are refused with clear errors")
    func errors() throws {
        let embedder = try Self.tinyEmbedder()
        let video = try Self.courseVideo("cat-zoom.avi")
        #expect(throws: EncoderError.self) { try embedder.embed(video, frames: 0) }
        #expect(throws: EncoderError.self) { try embedder.embed(video, frameIndices: []) }
        #expect(throws: MediaError.frameIndexOutOfRange(path: video.origin, index: 40, count: 40)) {
            try embedder.embed(video, frameIndices: [40])
        }
        // DINOv2 has no projection into a text space.
        #expect(throws: EncoderError.self) { try embedder.embed(video, frames: 2, frameVector: .imageEmbeds) }
        let processor = try ImageProcessor(folder: Fixtures.folder("vision/tiny-dinov2"))
        let bert = try AutoModel.from(folder: Fixtures.folder("tiny-bert"))
        let error = try #require(throws: EncoderError.self) { try VideoEmbedder(processor: processor, model: bert) }
        #expect(error.localizedDescription.contains("tiny-bert"))
        let dinov2 = try AutoModel.from(folder: Fixtures.folder("vision/tiny-dinov2"))
        #expect(throws: EncoderError.self) { try VideoEmbedder(processor: processor, model: dinov2, batchSize: 0) }
    }

    @Test("CLIP frames: projected image embeddings and the pooled vision output")
    func clipFrames() throws {
        let embedder = try VideoEmbedder.from(pretrained: Fixtures.folder("vision/tiny-clip").path)
        let video = try Self.courseVideo("cat-zoom.avi")
        let projected = try embedder.embed(video, frames: 3, frameVector: .imageEmbeds)
        #expect(projected.frameVectors.shape == [3, 16])
        let pixels = try embedder.processor(try video.sampledFrames(count: 3))
        #expect(projected.frameVectors.maxAbsDifference(try embedder.model.getImageFeatures(pixels)) <= 1e-5)
        #expect(try embedder.embed(video, frames: 3, frameVector: .pooler).frameVectors.shape == [3, 32])
    }
}
