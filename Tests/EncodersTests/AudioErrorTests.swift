import Foundation
import ModelHub
import Tensors
import Testing
import Tokenizers
@testable import Encoders

/// Bad audio inputs and bad speech-encoder configs give errors that name what is wrong.
@Suite("Audio encoder errors")
struct AudioErrorTests {
    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "(no error)"
        } catch {
            return error.localizedDescription
        }
    }

    @Test("Whisper refuses features of the wrong shape and masks of the wrong width")
    func whisperInputs() throws {
        let model = try AutoModel.from(folder: Fixtures.folder("audio/tiny-whisper"))
        for shape in [[1, 80, 99], [80, 100], [1, 64, 100], [0, 80, 100]] {
            let text = Self.message { _ = try model(Tensor(shape: shape)) }
            #expect(text.contains("[batch, 80, 100]") && text.contains("\(shape)"), "\(shape): \(text)")
        }
        let features = Tensor(shape: [2, 80, 100])
        let width = Self.message { _ = try model(features, attentionMask: [[Int]](repeating: [Int](repeating: 1, count: 70), count: 2)) }
        #expect(width.contains("100 values per row") && width.contains("got 70"), "\(width)")
        let rows = Self.message { _ = try model(features, attentionMask: [[Int]](repeating: [Int](repeating: 1, count: 100), count: 3)) }
        #expect(rows.contains("3 rows for a batch of 2"), "\(rows)")
        let value = Self.message { _ = try model(features, attentionMask: [[Int]](repeating: [Int](repeating: 2, count: 50), count: 2)) }
        #expect(value.contains("holds 2"), "\(value)")
    }

    @Test("Wav2Vec2 and HuBERT refuse other ranks, too few samples and inconsistent masks",
          arguments: ["tiny-wav2vec2", "tiny-hubert"])
    func speechInputs(_ folder: String) throws {
        let model = try AutoModel.from(folder: Fixtures.folder("audio/\(folder)"))
        let rank = Self.message { _ = try model(Tensor(shape: [1, 1, 1600])) }
        #expect(rank.contains("[batch, samples]") && rank.contains("[1, 1, 1600]"), "\(rank)")
        let short = Self.message { _ = try model(Tensor(shape: [1, 39])) }
        #expect(short.contains("39 samples") && short.contains("40"), "\(short)")
        let values = Tensor(shape: [2, 100], repeating: 0.1)
        let rows = Self.message { _ = try model(values, attentionMask: [[Int]](repeating: [Int](repeating: 1, count: 100), count: 1)) }
        #expect(rows.contains("1 rows for a batch of 2"), "\(rows)")
        let width = Self.message { _ = try model(values, attentionMask: [[Int]](repeating: [Int](repeating: 1, count: 99), count: 2)) }
        #expect(width.contains("row 0 has 99 values") && width.contains("100 samples"), "\(width)")
        let partial = [Array(repeating: 1, count: 100), Array(repeating: 1, count: 20) + Array(repeating: 0, count: 80)]
        let few = Self.message { _ = try model(values, attentionMask: partial) }
        #expect(few.contains("row 1") && few.contains("20 real samples"), "\(few)")
    }

    @Test("audio models refuse tokens, text and image models refuse audio")
    func wrongModality() throws {
        let whisper = try AutoModel.from(folder: Fixtures.folder("audio/tiny-whisper"))
        let tokens = BatchEncoding(inputIDs: [[1, 2]], attentionMask: [[1, 1]], tokenTypeIDs: [], tokens: [])
        #expect(throws: EncoderError.unsupportedInput(model: "tiny-whisper", input: "token")) { try whisper(tokens) }
        let bert = try AutoModel.from(folder: Fixtures.folder("tiny-bert"))
        #expect(throws: EncoderError.unsupportedInput(model: "tiny-bert", input: "pixel or audio")) {
            try bert(Tensor(shape: [1, 1600]))
        }
        let vit = try AutoModel.from(folder: Fixtures.folder("vision/tiny-vit"))
        #expect(throws: EncoderError.unsupportedInput(model: "tiny-vit", input: "audio")) {
            try vit(Tensor(shape: [1, 1600]), attentionMask: [[Int]](repeating: [Int](repeating: 1, count: 1600), count: 1))
        }
        #expect(whisper.encoder.audioTower != nil && whisper.encoder.imageTower == nil && whisper.encoder.textTower == nil)
        #expect(bert.encoder.audioTower == nil)
    }

    @Test("unsupported config values name the key and the value", arguments: [
        ("tiny-wav2vec2", "feat_extract_norm", #""batch""#, "feat_extract_norm \"batch\""),
        ("tiny-wav2vec2", "conv_stride", "[5, 2]", "conv_stride (2)"),
        ("tiny-wav2vec2", "add_adapter", "true", "add_adapter"),
        ("tiny-wav2vec2", "adapter_attn_dim", "16", "adapter_attn_dim 16"),
        ("tiny-wav2vec2", "num_conv_pos_embedding_groups", "5", "num_conv_pos_embedding_groups 5"),
        ("tiny-hubert", "hidden_act", #""mish""#, "\"mish\""),
        ("tiny-hubert", "feat_extract_activation", #""swoosh""#, "\"swoosh\""),
        ("tiny-whisper", "activation_function", #""unicorn""#, "\"unicorn\""),
        ("tiny-whisper", "encoder_attention_heads", "5", "encoder_attention_heads 5"),
    ])
    func badConfig(_ folder: String, _ key: String, _ json: String, _ expected: String) throws {
        let copy = try EncoderErrorTests.scratchCopy(of: "audio/\(folder)")
        defer { try? FileManager.default.removeItem(at: copy) }
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        try EncoderErrorTests.editConfig(copy) { $0[key] = value }
        let text = Self.message { _ = try AutoModel.from(folder: copy) }
        #expect(text.contains(expected) && text.contains("config.json"), "\(key): \(text)")
    }

    @Test("HuBERT's batch-norm positional convolution needs its tensors, and a weight-norm checkpoint has none")
    func hubertBatchNormWeights() throws {
        let copy = try EncoderErrorTests.scratchCopy(of: "audio/tiny-hubert")
        defer { try? FileManager.default.removeItem(at: copy) }
        try EncoderErrorTests.editConfig(copy) { $0["conv_pos_batch_norm"] = true }
        #expect(throws: EncoderError.missingWeight(name: "encoder.pos_conv_embed.conv.weight",
                                                   path: copy.appendingPathComponent("model.safetensors").path)) {
            try AutoModel.from(folder: copy)
        }
        let batchNorm = try EncoderErrorTests.scratchCopy(of: "audio/tiny-hubert-batchnorm")
        defer { try? FileManager.default.removeItem(at: batchNorm) }
        try EncoderErrorTests.editConfig(batchNorm) { $0["conv_pos_batch_norm"] = false }
        let text = Self.message { _ = try AutoModel.from(folder: batchNorm) }
        #expect(text.contains("encoder.pos_conv_embed.conv.weight_g") && text.contains("model.safetensors"), "\(text)")
    }

    @Test("configs that disagree with the weights name the tensor")
    func weightsDisagree() throws {
        let copy = try EncoderErrorTests.scratchCopy(of: "audio/tiny-wav2vec2")
        defer { try? FileManager.default.removeItem(at: copy) }
        let weights = copy.appendingPathComponent("model.safetensors").path
        try EncoderErrorTests.editConfig(copy) { $0["num_hidden_layers"] = 3 }
        #expect(throws: EncoderError.missingWeight(name: "encoder.layers.2.attention.q_proj.weight", path: weights)) {
            try AutoModel.from(folder: copy)
        }
        try EncoderErrorTests.editConfig(copy) { $0["num_hidden_layers"] = 2; $0["num_conv_pos_embeddings"] = 12 }
        #expect(throws: EncoderError.weightShapeMismatch(name: "encoder.pos_conv_embed.conv.parametrizations.weight.original0",
                                                         path: weights, expected: [1, 1, 12], actual: [1, 1, 16])) {
            try AutoModel.from(folder: copy)
        }

        let whisper = try EncoderErrorTests.scratchCopy(of: "audio/tiny-whisper")
        defer { try? FileManager.default.removeItem(at: whisper) }
        try EncoderErrorTests.editConfig(whisper) { $0["max_source_positions"] = 60 }
        #expect(throws: EncoderError.weightShapeMismatch(name: "model.encoder.embed_positions.weight",
                                                         path: whisper.appendingPathComponent("model.safetensors").path,
                                                         expected: [60, 32], actual: [50, 32])) {
            try AutoModel.from(folder: whisper)
        }
        try EncoderErrorTests.editConfig(whisper) { $0["max_source_positions"] = 50; $0["encoder_layers"] = 3 }
        let layer = Self.message { _ = try AutoModel.from(folder: whisper) }
        #expect(layer.contains("\"layers.2.self_attn_layer_norm.weight\"") && layer.contains("model.safetensors"), "\(layer)")
        try EncoderErrorTests.editConfig(whisper) { $0.removeValue(forKey: "d_model") }
        #expect(throws: ModelFileError.missingKey(path: whisper.appendingPathComponent("config.json").path, key: "d_model")) {
            try AutoModel.from(folder: whisper)
        }
    }
}
