import Foundation
import Media
import ModelHub
import Tensors
import Testing
@testable import Encoders

/// The real `vectorbook/dinov2-small-imgfocus` pack on the rocket → Hubble course video, against the frame
/// vectors and similarity curve recorded from transformers by `Scripts/reference/make_video_fixtures.py`.
@Suite("Video embedder with the real DINOv2 pack")
struct VideoEmbedderPackTests {
    /// The pack from the cache; fails with instructions when it is not installed.
    static func pack() throws -> URL {
        var options = HubOptions.current
        options.offline = true
        do {
            return try ModelLocator(options: options).resolve("vectorbook/dinov2-small-imgfocus")
        } catch {
            Issue.record("the offline DINOv2 pack is missing; run `Scripts/install-models` (make test does): \(error.localizedDescription)")
            throw error
        }
    }

    @Test("the frame-to-frame similarity curve dips at the rocket → Hubble cut, as in transformers")
    func cutShowsInCurve() throws {
        let folder = try Self.pack()
        let embedder = try VideoEmbedder(processor: ImageProcessor(folder: folder),
                                         model: AutoModel.from(folder: folder, id: "vectorbook/dinov2-small-imgfocus"))
        let video = try Video(contentsOf: VideoEmbedderTests.repository.appendingPathComponent("Assets/video/rocket-to-hubble.avi"))
        let embedding = try embedder.embed(video)
        #expect(embedding.frameVectors.shape == [8, 384])
        #expect(embedding.frameIndices == [3, 9, 15, 21, 28, 34, 40, 46])

        let reference = try SafeTensorsFile(url: Fixtures.folder("video/dinov2-imgfocus-rocket-to-hubble.safetensors"))
        let cls = try reference.tensor("cls")
        for i in 0 ..< 8 {
            #expect(cosineSimilarity(embedding.frameVectors[i], cls[i]) >= 0.99999, "frame \(embedding.frameIndices[i])")
        }
        let info = try Fixtures.json("video/dinov2-imgfocus-rocket-to-hubble.json")
        let curve = try #require(info["cls_curve"] as? [Double])
        for (i, value) in embedding.frameSimilarities.enumerated() {
            #expect(abs(Double(value) - curve[i]) <= 1e-3, "similarity \(i)")
        }
        // Frames 21 (rocket) and 28 (Hubble) straddle the cut at frame 25: the one clear dip.
        let similarities = embedding.frameSimilarities
        #expect(similarities[3] < 0.8, "\(similarities)")
        for (i, value) in similarities.enumerated() where i != 3 { #expect(value > 0.95, "\(similarities)") }
        // Temporal pooling of the frame vectors agrees with pooling transformers' vectors.
        let mean = embedding.pooled(.mean), max = embedding.pooled(.max)
        #expect(mean.shape == [384] && max.shape == [384])
        #expect(cosineSimilarity(mean, cls.mean(dim: 0)) >= 0.99999)
        #expect(cosineSimilarity(max, cls.max(dim: 0)) >= 0.99999)
        // Each sampled frame is closer to the mean of its own scene (rocket: 0–3, Hubble: 4–7) than to the other's.
        let rows = (0 ..< 8).map { embedding.frameVectors[$0] }
        let rocket = try Tensor(shape: [4, 384], scalars: rows[0 ..< 4].flatMap(\.scalars)).mean(dim: 0)
        let hubble = try Tensor(shape: [4, 384], scalars: rows[4 ..< 8].flatMap(\.scalars)).mean(dim: 0)
        for (i, row) in rows.enumerated() {
            let (own, other) = i < 4 ? (rocket, hubble) : (hubble, rocket)
            #expect(cosineSimilarity(row, own) > cosineSimilarity(row, other), "frame \(embedding.frameIndices[i])")
        }
    }
}
