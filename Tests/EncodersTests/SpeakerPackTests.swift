import Foundation
import Media
import ModelHub
import Tensors
import Testing
@testable import Encoders

/// The real `vectorbook/resemblyzer-ge2e` pack against Resemblyzer 0.1.4's `VoiceEncoder`.
@Suite("Resemblyzer GE2E pack matches VoiceEncoder", .serialized)
struct SpeakerPackTests {
    /// The installed pack; fails with instructions when absent.
    static func encoder() throws -> SpeakerEncoder {
        var options = HubOptions.current
        options.offline = true
        let folder: URL
        do {
            folder = try ModelLocator(options: options).resolve("vectorbook/resemblyzer-ge2e")
        } catch {
            Issue.record("the offline Resemblyzer pack is missing; run `Scripts/install-models` (make test does): \(error.localizedDescription)")
            throw error
        }
        return try SpeakerEncoder(folder: folder, name: "vectorbook/resemblyzer-ge2e")
    }

    @Test("the network on Resemblyzer's own mel windows is within 1e-5 of VoiceEncoder.forward")
    func forward() throws {
        let encoder = try Self.encoder()
        let tensors = try SpeakerFixtures.tensors()
        let embeddings = try encoder(mels: try tensors.tensor("forward.mels"))
        let difference = embeddings.maxAbsDifference(try tensors.tensor("forward.embeddings"))
        #expect(embeddings.shape == [3, 256])
        #expect(difference <= 1e-5, "max abs difference \(difference)")
    }

    @Test("utterance embeddings have cosine ≥ 0.9999 with embed_utterance (no VAD), partials too")
    func utterances() throws {
        let encoder = try Self.encoder()
        let tensors = try SpeakerFixtures.tensors()
        for clip in try SpeakerFixtures.clips() {
            let name = try #require(clip["name"] as? String)
            let partials = try encoder.embedPartials(try SpeakerFixtures.audio(clip))
            #expect(partials.slices.map(\.frames) == (try SpeakerFixtures.ranges(clip["mel_slices"])), "\(name)")
            #expect(partials.slices.map(\.samples) == (try SpeakerFixtures.ranges(clip["wav_slices"])), "\(name)")
            let cosine = cosineSimilarity(partials.utterance, try tensors.tensor("\(name).embedding"))
            #expect(cosine >= 0.9999, "\(name): cosine \(cosine)")
            let expectedPartials = try tensors.tensor("\(name).partials")
            #expect(partials.embeddings.shape == expectedPartials.shape, "\(name)")
            for row in 0 ..< min(partials.embeddings.shape[0], expectedPartials.shape[0]) {
                let partial = cosineSimilarity(partials.embeddings[row], expectedPartials[row])
                #expect(partial >= 0.9999, "\(name) partial \(row): cosine \(partial)")
            }
            #expect(abs(partials.utterance.norm() - 1) < 1e-5)
        }
    }

    @Test("each clip is closer to every other clip of its voice than to any clip of another voice")
    func speakerOrdering() throws {
        let encoder = try Self.encoder()
        let clips = try SpeakerFixtures.clips()
        let embeddings = try clips.map { try encoder.embedUtterance(try SpeakerFixtures.audio($0)) }
        let speakers = clips.map { $0["speaker"] as? String ?? "" }
        let reference = try #require(try SpeakerFixtures.reference()["similarity"] as? [String: Any])
        let matrix = try #require(reference["matrix"] as? [[Double]])
        for i in clips.indices {
            let same = clips.indices.filter { $0 != i && speakers[$0] == speakers[i] }
            let other = clips.indices.filter { speakers[$0] != speakers[i] }
            let lowestSame = same.map { cosineSimilarity(embeddings[i], embeddings[$0]) }.min() ?? 1
            let highestOther = other.map { cosineSimilarity(embeddings[i], embeddings[$0]) }.max() ?? -1
            #expect(lowestSame > highestOther, "\(clips[i]["name"] ?? ""): same voice \(lowestSame), other voices \(highestOther)")
            for j in clips.indices {
                let similarity = Double(cosineSimilarity(embeddings[i], embeddings[j]))
                #expect(abs(similarity - matrix[i][j]) < 1e-3, "similarity \(i), \(j)")
            }
        }
    }

    @Test("mel features of the pack's extractor equal the fixture sums; AutoModel loads the pack")
    func packFolder() throws {
        let encoder = try Self.encoder()
        #expect(encoder.features.config == .resemblyzer)
        #expect(encoder.config.partialFrames == 160 && encoder.config.partialRate == 1.3 && encoder.config.minCoverage == 0.75)
        let clip = try #require(try SpeakerFixtures.clips().first)
        let mel = try encoder.melFeatures(try SpeakerFixtures.audio(clip))
        let expected = try SpeakerFixtures.tensors().tensor("\(clip["name"] as? String ?? "").mel")
        #expect(SpeakerFeaturesTests.worstRelativeError(mel, expected) <= 1e-4)
    }
}
