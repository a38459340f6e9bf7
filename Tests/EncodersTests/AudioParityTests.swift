import Foundation
import ModelHub
import Tensors
import Testing
@testable import Encoders

/// Whisper's encoder, Wav2Vec2 and HuBERT on tiny random checkpoints against `transformers`
/// (every output and hidden state within 1e-4, padded frames included).
@Suite("Audio encoder parity with transformers", .serialized)
struct AudioParityTests {
    static let tolerance: Float = 1e-4

    static func expected(_ folder: String) throws -> SafeTensorsFile {
        try SafeTensorsFile(url: Fixtures.folder("audio/\(folder)").appendingPathComponent("expected.safetensors"))
    }

    static func checkHiddenStates(_ states: [Tensor]?, _ expected: SafeTensorsFile, prefix: String = "", _ label: String) throws {
        let states = try #require(states, "\(label): hidden states")
        let names = expected.names.filter { $0.hasPrefix("\(prefix)hidden_states.") }
        #expect(states.count == names.count, "\(label): number of hidden states")
        for (index, state) in states.enumerated() {
            let difference = state.maxAbsDifference(try expected.tensor("\(prefix)hidden_states.\(index)"))
            #expect(difference <= tolerance, "\(label): hidden_states.\(index) differs by \(difference)")
        }
    }

    /// Loads a fixture, returning the warnings that name its folder (other suites may warn concurrently).
    static func load(_ folder: String) throws -> (Model, [String]) {
        let url = try Fixtures.folder("audio/\(folder)")
        let (model, warnings) = try capturingWarnings { try AutoModel.from(folder: url) }
        return (model, warnings.filter { $0.contains(url.path + "/") })
    }

    static func frameMask(_ expected: SafeTensorsFile, _ name: String) throws -> [[Int]] {
        try Fixtures.matrix(expected, name)
    }

    @Test("Whisper encoder from a full seq2seq checkpoint and from a WhisperModel checkpoint",
          arguments: ["tiny-whisper", "tiny-whisper-model"])
    func whisper(_ folder: String) throws {
        let expected = try Self.expected("tiny-whisper")
        let (model, warnings) = try Self.load(folder)
        #expect(warnings.isEmpty, "the decoder is skipped silently: \(warnings)")
        #expect(model.modelType == "whisper")
        #expect(model.hiddenSize == 32)
        let features = try expected.tensor("input_features")
        let output = try model(features, outputHiddenStates: true)
        #expect(output.lastHiddenState.shape == [2, 50, 32])
        let difference = output.lastHiddenState.maxAbsDifference(try expected.tensor("last_hidden_state"))
        #expect(difference <= Self.tolerance, "last_hidden_state differs by \(difference)")
        try Self.checkHiddenStates(output.hiddenStates, expected, folder)
        // Without a mask every output frame counts.
        #expect(output.attentionMask == Array(repeating: Array(repeating: 1, count: 50), count: 2))
    }

    @Test("Whisper: the mel-frame mask marks real frames for pooling but does not change the outputs")
    func whisperMask() throws {
        let expected = try Self.expected("tiny-whisper")
        let model = try AutoModel.from(folder: Fixtures.folder("audio/tiny-whisper"))
        let features = try expected.tensor("input_features")
        let melMask = try Self.frameMask(expected, "attention_mask")
        let encoderMask = try Self.frameMask(expected, "encoder_attention_mask")
        for mask in [melMask, encoderMask] {
            let output = try model(features, attentionMask: mask)
            #expect(output.lastHiddenState.maxAbsDifference(try expected.tensor("last_hidden_state")) <= Self.tolerance)
            #expect(output.attentionMask == encoderMask)
            #expect(output.lastHiddenState.tokenMask == encoderMask)
            let pooled = output.lastHiddenState.mean(dim: 1)
            #expect(pooled.maxAbsDifference(try expected.tensor("pooled_real_frames")) <= Self.tolerance)
        }
        #expect(encoderMask.map { $0.reduce(0, +) } == [50, 30])   // ceil(samples / 320)
    }

    @Test("Wav2Vec2 and HuBERT: masked batch, unmasked batch and one unpadded row",
          arguments: ["tiny-wav2vec2", "tiny-wav2vec2-stable", "tiny-hubert", "tiny-hubert-batchnorm"])
    func speech(_ folder: String) throws {
        let expected = try Self.expected(folder)
        let model = try AutoModel.from(folder: Fixtures.folder("audio/\(folder)"))
        let values = try expected.tensor("input_values")
        let mask = try Self.frameMask(expected, "attention_mask")
        let frames = try Self.frameMask(expected, "feature_attention_mask")
        let forward: (Tensor, [[Int]]?) throws -> SpeechEncoderOutput
        switch model.encoder {
        case let wav2vec2 as Wav2Vec2Model:
            #expect(model.modelType == "wav2vec2")
            forward = { try wav2vec2.forward(inputValues: $0, attentionMask: $1, outputHiddenStates: true) }
        case let hubert as HubertModel:
            #expect(model.modelType == "hubert")
            forward = { try hubert.forward(inputValues: $0, attentionMask: $1, outputHiddenStates: true) }
        default:
            Issue.record("\(folder) loaded as \(type(of: model.encoder))")
            return
        }

        // With the attention mask: every frame (padded ones too) as transformers computes it.
        let masked = try forward(values, mask)
        #expect(masked.attentionMask == frames)
        #expect(masked.lastHiddenState.tokenMask == frames)
        let difference = masked.lastHiddenState.maxAbsDifference(try expected.tensor("last_hidden_state"))
        #expect(difference <= Self.tolerance, "\(folder): last_hidden_state differs by \(difference)")
        try Self.checkHiddenStates(masked.hiddenStates, expected, "\(folder) masked")
        if expected.contains("extract_features") {
            let features = try #require(masked.extractFeatures)
            #expect(features.maxAbsDifference(try expected.tensor("extract_features")) <= Self.tolerance)
        } else {
            #expect(masked.extractFeatures == nil)
        }

        // Without it, the padding is treated as audio.
        let unmasked = try forward(values, nil)
        #expect(unmasked.lastHiddenState.maxAbsDifference(try expected.tensor("no_mask.last_hidden_state")) <= Self.tolerance)
        try Self.checkHiddenStates(unmasked.hiddenStates, expected, prefix: "no_mask.", "\(folder) unmasked")
        #expect(unmasked.attentionMask.allSatisfy { $0.allSatisfy { $0 == 1 } })

        // The short row alone, and the facade with a mask.
        let single = try model(try expected.tensor("single.input_values"))
        #expect(single.lastHiddenState.maxAbsDifference(try expected.tensor("single.last_hidden_state")) <= Self.tolerance)
        let facade = try model(values, attentionMask: mask)
        #expect(facade.lastHiddenState.maxAbsDifference(try expected.tensor("last_hidden_state")) <= Self.tolerance)
        #expect(facade.attentionMask == frames)
    }

    @Test("feature lengths follow the convolution arithmetic")
    func featureLengths() throws {
        let model = try Wav2Vec2Model(folder: Fixtures.folder("audio/tiny-wav2vec2"))
        let info = try Fixtures.json("audio/tiny-wav2vec2/expected.json")
        let samples = try #require(info["samples"] as? [Int])
        let lengths = try #require(info["feature_lengths"] as? [Int])
        #expect(samples.map(model.featureLength(samples:)) == lengths)
        // Kernels 10, 3, 3 with strides 5, 2, 2: one frame needs ((3 − 1)·2 + 3 − 1)·5 + 10 = 40 samples.
        #expect(model.featureLength(samples: 39) == 0)
        #expect(model.featureLength(samples: 40) == 1)
    }

    @Test("a task checkpoint's head is reported once; masked_spec_embed and batch-norm counters are not")
    func unusedTensors() throws {
        let (_, ctc) = try Self.load("tiny-wav2vec2-stable")
        #expect(ctc.count == 1)
        #expect(ctc.first?.contains("lm_head.bias, lm_head.weight") == true)
        #expect(ctc.first?.contains("masked_spec_embed") == false)
        for folder in ["tiny-wav2vec2", "tiny-hubert", "tiny-hubert-batchnorm"] {
            let (_, warnings) = try Self.load(folder)
            #expect(warnings.isEmpty, "\(folder): \(warnings)")
        }
    }
}
