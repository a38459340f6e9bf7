import Foundation
import Testing
import Vectorbook

/// `vectorbook embed audio` end to end, against the same steps run through the library.
@Suite("vectorbook embed audio")
struct EmbedAudioCLITests {
    static func rows(_ result: CLI.Result) throws -> (dim: Int, rows: [[Double]]) {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        return (try #require(object["dim"] as? Int), try #require(object["embeddings"] as? [[Double]]))
    }

    @Test("Whisper: decodes, mixes to mono, resamples (noted on stderr), pools real frames; mean, max, --normalize")
    func whisper() throws {
        let model = CLI.fixture("audio/tiny-whisper")
        let speech = CLI.repository.appendingPathComponent("Assets/audio/rocket-en-us.wav").path
        let result = try CLI.run(["embed", "audio", "--model", model, "--json", speech])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains("22050 Hz; resampled to 16000 Hz"), "\(result.error)")
        let (dim, rows) = try Self.rows(result)
        #expect(dim == 32 && rows.count == 1)

        let folder = URL(fileURLWithPath: model)
        let extractor = try FeatureExtractor(folder: folder)
        let loaded = try AutoModel.from(folder: folder)
        let inputs = try extractor(try Audio(contentsOf: speech).mono().resampled(to: 16000))
        let output = try loaded(inputs)
        let mask = output.attentionMask
        #expect(mask[0].allSatisfy { $0 == 1 })   // 2.95 s fills tiny-whisper's 1-s window
        let expected = output.lastHiddenState.pooled(.mean, mask: mask)[0]
        #expect(Tensor(rows[0].map(Float.init)).maxAbsDifference(expected) < 1e-5)

        let max = try CLI.run(["embed", "audio", "--model", model, "--pooling", "max", "--normalize", "--json", speech])
        #expect(max.status == 0, "\(max.error)")
        let maxRow = Tensor(try Self.rows(max).rows[0].map(Float.init))
        #expect(maxRow.maxAbsDifference(output.lastHiddenState.pooled(.max, mask: mask)[0].normalized()) < 1e-5)
        #expect(abs(maxRow.norm() - 1) < 1e-5)

        // A 0.3 s clip leaves most of the 1-s window as padding: only its real frames are averaged.
        let short = CLI.repository.appendingPathComponent("Tests/MediaTests/Fixtures/audio/files/short16k_pcm16.wav").path
        let padded = try CLI.run(["embed", "audio", "--model", model, "--json", short])
        #expect(padded.status == 0, "\(padded.error)")
        #expect(!padded.error.contains("resampled"))
        let shortOutput = try loaded(try extractor(try Audio(contentsOf: short)))
        let real = shortOutput.attentionMask[0].reduce(0, +)
        #expect(real == 15 && shortOutput.attentionMask[0].count == 50)   // ceil(4800 / 320) of 50 frames
        let paddedRow = Tensor(try Self.rows(padded).rows[0].map(Float.init))
        #expect(paddedRow.maxAbsDifference(shortOutput.lastHiddenState[0, ..<real].mean(dim: 0)) < 1e-5)
        var everyFrame = shortOutput.lastHiddenState
        everyFrame.tokenMask = nil
        #expect(paddedRow.maxAbsDifference(everyFrame.mean(dim: 1)[0]) > 1e-3)

        let stereo = CLI.repository.appendingPathComponent("Tests/MediaTests/Fixtures/audio/files/stereo22k.ogg").path
        let mixed = try CLI.run(["embed", "audio", "--model", model, stereo])
        #expect(mixed.status == 0, "\(mixed.error)")
        #expect(mixed.error.contains("2 channels; mixed down to mono"))
        #expect(mixed.output.contains("[32]") && mixed.output.contains("norm"))
    }

    @Test("GE2E speaker model: the utterance embedding")
    func speaker() throws {
        let model = CLI.fixture("speaker/tiny-ge2e")
        let clip = CLI.repository.appendingPathComponent("Assets/audio/librivox-amiable.wav").path
        let result = try CLI.run(["embed", "audio", "--model", model, "--json", clip])
        #expect(result.status == 0, "\(result.error)")
        let (dim, rows) = try Self.rows(result)
        let encoder = try SpeakerEncoder(folder: URL(fileURLWithPath: model))
        let expected = try encoder.embedUtterance(try Audio(contentsOf: clip))
        #expect(dim == expected.count)
        #expect(Tensor(rows[0].map(Float.init)).maxAbsDifference(expected) < 1e-6)
    }

    @Test("non-audio models and non-audio files fail with one clear line")
    func errors() throws {
        let clip = CLI.repository.appendingPathComponent("Assets/audio/librivox-amiable.wav").path
        let textModel = try CLI.run(["embed", "audio", "--model", CLI.fixture("tiny-bert"), clip])
        #expect(textModel.status == 1)
        #expect(textModel.error.contains("is not an audio model"))
        let readme = CLI.repository.appendingPathComponent("README.md").path
        let notAudio = try CLI.run(["embed", "audio", "--model", CLI.fixture("audio/tiny-whisper"), readme])
        #expect(notAudio.status == 1)
        #expect(notAudio.error.contains("unsupported audio format in \(readme)"), "\(notAudio.error)")
    }
}
