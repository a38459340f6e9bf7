import Foundation
import Media
import ModelHub
import Tensors
import Testing
@testable import Encoders

/// AutoFeatureExtractor and `Model(AudioInputs)` on the real vectorbook/whisper-tiny.en pack, against pooled
/// vectors recorded from transformers (Scripts/reference/make_auto_feature_extractor_fixture.py).
@Suite("AutoFeatureExtractor with the Whisper tiny.en pack")
struct AutoFeatureExtractorTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("resolves the pack's WhisperFeatureExtractor with its config")
    func resolves() throws {
        _ = try AudioRealPackTests.pack()
        let extractor = try AutoFeatureExtractor.from(pretrained: AudioRealPackTests.id)
        #expect(extractor.kind == .whisper)
        #expect(extractor.samplingRate == 16000)
        #expect(extractor.config.featureSize == 80 && extractor.config.nFFT == 400 && extractor.config.hopLength == 160)
    }

    @Test("unknown ids and models without preprocessor_config.json throw")
    func errors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vb-afe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: MediaError.featureExtractorConfigNotFound(folder: folder.path)) {
            try AutoFeatureExtractor.from(pretrained: folder.path)
        }
        try Data(#"{"model_type": "bert"}"#.utf8).write(to: folder.appendingPathComponent("config.json"))
        try Data(#"{"sampling_rate": 16000}"#.utf8).write(to: folder.appendingPathComponent("preprocessor_config.json"))
        let error = #expect(throws: MediaError.self) { try AutoFeatureExtractor.from(pretrained: folder.path) }
        #expect(error?.localizedDescription.contains("bert") == true)
        try Data(#"{"model_type": "hubert"}"#.utf8).write(to: folder.appendingPathComponent("config.json"))
        #expect(try AutoFeatureExtractor.from(pretrained: folder.path).kind == .wav2vec2)
    }

    @Test("pooled real-frame vectors of course clips match transformers (cosine ≥ 0.9999), mask over mel frames")
    func pooledVectors() throws {
        let folder = try AudioRealPackTests.pack()
        let extractor = try AutoFeatureExtractor.from(pretrained: folder.path)
        let model = try AutoModel.from(folder: folder, id: AudioRealPackTests.id)
        let info = try Fixtures.json("auto-feature-extractor/pooled.json")
        let clips = try #require(info["clips"] as? [[String: Any]])
        let audios = try clips.map { clip -> Audio in
            let file = try #require(clip["file"] as? String)
            let audio = try Audio(contentsOf: Self.repository.appendingPathComponent(file))
            #expect(audio.sampleRate == clip["source_rate"] as? Int)
            return try audio.mono().resampled(to: extractor.samplingRate)
        }
        let inputs = try extractor(audios)
        #expect(inputs.values.shape == [2, 80, 3000])
        #expect(inputs.sampleCounts == clips.map { $0["samples_16k"] as? Int ?? -1 })
        let mask = try #require(inputs.attentionMask)
        #expect(mask.map { $0.reduce(0, +) } == clips.map { $0["mel_mask_sum"] as? Int ?? -1 })
        let output = try model(inputs)
        #expect(output.lastHiddenState.shape == [2, 1500, 384])
        #expect(output.attentionMask.map { $0.reduce(0, +) } == clips.map { $0["real_encoder_frames"] as? Int ?? -1 })
        let pooled = output.lastHiddenState.mean(dim: 1)
        for (index, clip) in clips.enumerated() {
            let expected = Tensor(try #require(clip["pooled"] as? [Double]).map { Float($0) })
            let cosine = cosineSimilarity(pooled[index], expected)
            #expect(cosine >= 0.9999, "\(clip["file"] ?? index): cosine \(cosine)")
        }
    }
}
