import Foundation
import Media
import ModelHub
import Tensors
import Testing
@testable import Encoders

/// The GE2E network on a tiny random checkpoint (hidden 8, 2 layers) against PyTorch, and the
/// encoder's loading, input checks and errors.
@Suite("Speaker encoder (tiny GE2E) matches PyTorch", .serialized)
struct SpeakerEncoderTests {
    static let tolerance: Float = 1e-5

    static func folder() throws -> URL { try SpeakerFixtures.url("tiny-ge2e") }
    static func expected() throws -> SafeTensorsFile {
        try SafeTensorsFile(url: folder().appendingPathComponent("expected.safetensors"))
    }

    @Test("LSTM outputs, h_n and c_n are within 1e-5 of torch.nn.LSTM")
    func lstmParity() throws {
        let encoder = try SpeakerEncoder(folder: Self.folder())
        let expected = try Self.expected()
        let states = try encoder.lstm(try expected.tensor("mels"))
        #expect(states.output.shape == [2, 30, 8])
        // torch's own float32 LSTM differs from a float64 one by about 5e-8 here, so 1e-5 leaves room for
        // a different summation order and no more.
        for (name, value) in [("lstm.output", states.output), ("lstm.h_n", states.hidden), ("lstm.c_n", states.cell)] {
            let difference = value.maxAbsDifference(try expected.tensor(name))
            #expect(difference <= Self.tolerance, "\(name) differs by \(difference)")
        }
        // One sequence without a batch dimension gives the first row's results.
        let single = try encoder.lstm(try expected.tensor("mels")[0])
        #expect(single.output.shape == [30, 8] && single.hidden.shape == [2, 8])
        #expect(single.output.maxAbsDifference(states.output[0]) <= 1e-6)
        #expect(single.hidden.maxAbsDifference(states.hidden[.all, 0]) <= 1e-6)
    }

    @Test("embeddings of given mels and of an utterance are within 1e-5 of VoiceEncoder")
    func embeddings() throws {
        let encoder = try SpeakerEncoder(folder: Self.folder())
        let expected = try Self.expected()
        let embeddings = try encoder(mels: try expected.tensor("mels"))
        #expect(embeddings.shape == [2, 8])
        #expect(embeddings.maxAbsDifference(try expected.tensor("embeddings")) <= Self.tolerance)
        let clip = try #require(try SpeakerFixtures.clips().first { $0["name"] as? String == "librivox-0930" })
        let partials = try encoder.embedPartials(try SpeakerFixtures.audio(clip))
        #expect(partials.slices.map(\.frames) == (try SpeakerFixtures.ranges(clip["mel_slices"])))
        #expect(partials.mels.shape == [3, 160, 40])
        #expect(partials.embeddings.maxAbsDifference(try expected.tensor("utterance.partials")) <= Self.tolerance)
        #expect(partials.utterance.maxAbsDifference(try expected.tensor("utterance.embedding")) <= Self.tolerance)
        #expect(abs(partials.utterance.norm() - 1) < 1e-6)
    }

    @Test("AutoModel loads model_type ge2e, and Model.embedUtterance runs it")
    func autoModel() throws {
        let model = try AutoModel.from(folder: Self.folder())
        #expect(model.modelType == "ge2e")
        #expect(AutoModel.supportedModelTypes.contains("ge2e"))
        let encoder = try #require(model.encoder as? SpeakerEncoder)
        #expect(encoder.description.contains("2×LSTM 8 over 40 mels → 8"))
        let audio = try Audio(samples: (0 ..< 20000).map { Float(sin(Double($0) / 9)) * 0.1 }, sampleRate: 16000)
        #expect(try model.embedUtterance(audio) == (try encoder.embedUtterance(audio)))
        let bert = try AutoModel.from(folder: Fixtures.folder("tiny-bert"))
        #expect(throws: EncoderError.self) { try bert.embedUtterance(audio) }
        #expect(throws: EncoderError.self) { try SpeakerEncoder.from(pretrained: Fixtures.folder("tiny-bert").path) }
    }

    @Test("audio at another rate, in stereo or empty is refused with what to call")
    func inputChecks() throws {
        let encoder = try SpeakerEncoder(folder: Self.folder())
        let fast = try Audio(samples: [Float](repeating: 0.1, count: 4410), sampleRate: 44100)
        let error = #expect(throws: EncoderError.self) { try encoder.embedUtterance(fast) }
        #expect(error?.localizedDescription.contains("resampled(to: 16000)") == true)
        let stereo = try Audio(samples: [Float](repeating: 0.1, count: 3200), sampleRate: 16000, channels: 2)
        let stereoError = #expect(throws: EncoderError.self) { try encoder.melFeatures(stereo) }
        #expect(stereoError?.localizedDescription.contains("mono()") == true)
        let empty = try Audio(samples: [], sampleRate: 16000)
        #expect(throws: EncoderError.self) { try encoder.embedUtterance(empty) }
        #expect(throws: EncoderError.self) { try encoder(mels: Tensor(shape: [1, 5, 39])) }
        #expect(throws: EncoderError.self) { try encoder(mels: Tensor(shape: [1, 0, 40])) }
    }

    @Test("short audio still gives one partial; loudness normalisation can be switched off")
    func shortAudioAndNormalisation() throws {
        let encoder = try SpeakerEncoder(folder: Self.folder())
        let quiet = try Audio(samples: (0 ..< 800).map { Float(sin(Double($0) / 5)) * 0.001 }, sampleRate: 16000)
        let partials = try encoder.embedPartials(quiet)
        #expect(partials.slices == [SpeakerPartial(frames: 0 ..< 160, samples: 0 ..< 25600)])
        let louder = try encoder.preprocess(quiet)
        #expect(louder.samples[3] > quiet.samples[3] * 10)
        #expect(try encoder.embedUtterance(quiet) == (try encoder.embedUtterance(louder, normalizeVolume: false)))
        #expect(try encoder.embedSpeaker([quiet, louder]).shape == [8])
    }

    @Test("missing or misshapen weights and inconsistent configs name the tensor or key")
    func loadingErrors() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vb-ge2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.copyItem(at: Self.folder(), to: scratch)
        let config = scratch.appendingPathComponent("config.json")
        let original = try String(contentsOf: config, encoding: .utf8)
        try original.replacingOccurrences(of: "\"num_hidden_layers\": 2", with: "\"num_hidden_layers\": 3")
            .write(to: config, atomically: true, encoding: .utf8)
        let missing = #expect(throws: EncoderError.self) { try SpeakerEncoder(folder: scratch) }
        #expect(missing?.localizedDescription.contains("lstm.weight_ih_l2") == true)
        try original.replacingOccurrences(of: "\"hidden_size\": 8", with: "\"hidden_size\": 16")
            .write(to: config, atomically: true, encoding: .utf8)
        let shape = #expect(throws: EncoderError.self) { try SpeakerEncoder(folder: scratch) }
        #expect(shape?.localizedDescription.contains("lstm.weight_ih_l0") == true)
        try original.replacingOccurrences(of: "\"mel_n_channels\": 40", with: "\"mel_n_channels\": 80")
            .write(to: config, atomically: true, encoding: .utf8)
        let mels = #expect(throws: EncoderError.self) { try SpeakerEncoder(folder: scratch) }
        #expect(mels?.localizedDescription.contains("n_mels") == true)
    }
}
