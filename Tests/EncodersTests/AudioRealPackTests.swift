import Foundation
import ModelHub
import Tensors
import Testing
@testable import Encoders

/// The real Whisper tiny.en pack's encoder against reference outputs recorded once from
/// `transformers` (Scripts/reference/make_audio_model_fixtures.py) on three LibriVox clips.
@Suite("Whisper tiny.en pack (real weights)")
struct AudioRealPackTests {
    static let id = "vectorbook/whisper-tiny.en"

    static func reference(_ file: String) throws -> SafeTensorsFile {
        try SafeTensorsFile(url: Fixtures.folder("audio/whisper-tiny-reference").appendingPathComponent(file))
    }

    /// The pack from the cache; fails with instructions when it is absent.
    static func pack() throws -> URL {
        var options = HubOptions.current
        options.offline = true
        do {
            return try ModelLocator(options: options).resolve(id)
        } catch {
            Issue.record("the offline Whisper pack is missing; run `Scripts/install-models \(id)` (make test does): \(error.localizedDescription)")
            throw error
        }
    }

    /// Clip `index`'s `[80, 3000]` log-mel features: the stored head, then the constant padding value.
    static func features(_ file: SafeTensorsFile, _ index: Int) throws -> [Float] {
        let head = try file.tensor("input_features.\(index)")
        let fill = try #require(try file.tensor("padding_value.\(index)").scalar)
        let stored = head.shape[1]
        var values = [Float](repeating: fill, count: 80 * 3000)
        let source = head.scalars
        for mel in 0 ..< 80 {
            for frame in 0 ..< stored { values[mel * 3000 + frame] = source[mel * stored + frame] }
        }
        return values
    }

    @Test("encoder outputs within 1e-3 and real-frame mean vectors with cosine ≥ 0.9999 for three clips")
    func encoder() throws {
        let model = try AutoModel.from(folder: try Self.pack(), id: Self.id)
        #expect(model.modelType == "whisper")
        #expect(model.hiddenSize == 384)
        let info = try Fixtures.json("audio/whisper-tiny-reference/reference.json")
        let clips = try #require(info["clips"] as? [[String: Any]])
        #expect(clips.count == 3)
        let features = try Self.reference("features.safetensors")
        let hidden = try Self.reference("hidden.safetensors")

        // All three clips as one batch, with a mask over the encoder frames that hold audio.
        let batch = try Tensor(shape: [clips.count, 80, 3000],
                               scalars: (0 ..< clips.count).flatMap { try Self.features(features, $0) })
        let mask = try clips.map { clip -> [Int] in
            let real = try #require(clip["real_encoder_frames"] as? Int)
            let samples = try #require(clip["samples"] as? Int)
            #expect(real == (samples + 319) / 320)
            return (0 ..< 1500).map { $0 < real ? 1 : 0 }
        }
        let output = try model(batch, attentionMask: mask)
        #expect(output.lastHiddenState.shape == [3, 1500, 384])

        let first = output.lastHiddenState[0]
        let head = first[..<100]
        let strided = try Tensor(shape: [100, 384], scalars: (0 ..< 100).flatMap { first[$0 * 15].scalars })
        let headDifference = head.maxAbsDifference(try hidden.tensor("last_hidden_state_head"))
        let stridedDifference = strided.maxAbsDifference(try hidden.tensor("last_hidden_state_strided"))
        #expect(headDifference <= 1e-3, "frames 0..<100 differ by \(headDifference)")
        #expect(stridedDifference <= 1e-3, "frames 0, 15, … differ by \(stridedDifference)")

        let pooled = output.lastHiddenState.mean(dim: 1)
        var everyFrame = output.lastHiddenState
        everyFrame.tokenMask = nil
        let pooledAll = everyFrame.mean(dim: 1)
        let expectedPooled = try hidden.tensor("pooled_real_frames")
        let expectedAll = try hidden.tensor("pooled_all_frames")
        for (index, clip) in clips.enumerated() {
            let name = clip["file"] as? String ?? "clip \(index)"
            let cosine = cosineSimilarity(pooled[index], expectedPooled[index])
            #expect(cosine >= 0.9999, "\(name): real-frame mean cosine \(cosine)")
            #expect(pooled[index].maxAbsDifference(expectedPooled[index]) <= 1e-3, "\(name): real-frame mean")
            #expect(cosineSimilarity(pooledAll[index], expectedAll[index]) >= 0.9999, "\(name): all-frame mean")
        }
    }
}
