import Foundation
import ModelHub
import Tensors
import Testing
import Tokenizers
@testable import Encoders

/// Bad checkpoints and bad inputs give errors that name what is wrong.
@Suite("Encoder errors")
struct EncoderErrorTests {
    /// A scratch copy of a fixture folder whose files a test may damage.
    static func scratchCopy(of name: String) throws -> URL {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("vb-enc-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.folder(name), to: target)
        return target
    }

    static func editConfig(_ folder: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = folder.appendingPathComponent("config.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    @Test("an unknown model_type names the type, the file and the supported ones")
    func unknownModelType() throws {
        let folder = try Self.scratchCopy(of: "tiny-bert")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.editConfig(folder) { $0["model_type"] = "unicorn" }
        let error = try #require(throws: EncoderError.self) { try AutoModel.from(folder: folder) }
        #expect(error.localizedDescription.contains("\"unicorn\""))
        #expect(error.localizedDescription.contains("config.json"))
        #expect(error.localizedDescription.contains("bert, clip, dinov2, distilbert, ge2e, hubert, vit, wav2vec2, whisper"))
        try Self.editConfig(folder) { $0.removeValue(forKey: "model_type") }
        #expect(throws: EncoderError.missingModelType(path: folder.appendingPathComponent("config.json").path)) {
            try AutoModel.from(folder: folder)
        }
    }

    @Test("a config missing a required key names the key")
    func missingKey() throws {
        let folder = try Self.scratchCopy(of: "tiny-bert")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.editConfig(folder) { $0.removeValue(forKey: "hidden_size") }
        #expect(throws: ModelFileError.missingKey(path: folder.appendingPathComponent("config.json").path, key: "hidden_size")) {
            try AutoModel.from(folder: folder)
        }
    }

    @Test("a config that disagrees with the weights names the tensor and both shapes")
    func shapeMismatch() throws {
        let folder = try Self.scratchCopy(of: "tiny-bert")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.editConfig(folder) { $0["intermediate_size"] = 48 }
        let error = try #require(throws: EncoderError.self) { try AutoModel.from(folder: folder) }
        #expect(error == .weightShapeMismatch(name: "encoder.layer.0.intermediate.dense.weight",
                                              path: folder.appendingPathComponent("model.safetensors").path,
                                              expected: [48, 32], actual: [64, 32]))
    }

    @Test("a checkpoint without a needed tensor names it")
    func missingTensor() throws {
        let folder = try Self.scratchCopy(of: "tiny-bert")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.editConfig(folder) { $0["num_hidden_layers"] = 3 }
        #expect(throws: EncoderError.missingWeight(name: "encoder.layer.2.attention.self.query.weight",
                                                   path: folder.appendingPathComponent("model.safetensors").path)) {
            try AutoModel.from(folder: folder)
        }
    }

    @Test("a truncated weights file is reported, not a crash")
    func truncatedWeights() throws {
        let folder = try Self.scratchCopy(of: "tiny-bert")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        let data = try Data(contentsOf: url)
        try data.prefix(data.count / 2).write(to: url)
        let error = try #require(throws: ModelFileError.self) { try AutoModel.from(folder: folder) }
        #expect(error.localizedDescription.contains(url.path))
        #expect(error.localizedDescription.contains("truncated"))
    }

    @Test("a folder without safetensors weights says so")
    func noWeights() throws {
        let folder = try Self.scratchCopy(of: "tiny-bert")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("model.safetensors"))
        #expect(throws: EncoderError.noWeightsFile(folder: folder.path)) { try AutoModel.from(folder: folder) }
    }

    @Test("an unsupported activation is named")
    func activation() throws {
        let folder = try Self.scratchCopy(of: "tiny-bert")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.editConfig(folder) { $0["hidden_act"] = "mish" }
        let error = try #require(throws: EncoderError.self) { try AutoModel.from(folder: folder) }
        #expect(error.localizedDescription.contains("\"mish\""))
    }

    @Test("sequences longer than the position table fail unless truncated")
    func tooLong() throws {
        let folder = try Fixtures.folder("tiny-bert")
        let tokenizer = try AutoTokenizer.from(pretrained: folder.path)
        let model = try AutoModel.from(folder: folder)
        let text = Array(repeating: "the cat sat on the mat", count: 40).joined(separator: " ")
        let long = try tokenizer(text)
        #expect(long.inputIDs[0].count > 64)
        let error = try #require(throws: EncoderError.self) { try model(long) }
        #expect(error.localizedDescription.contains("64 positions"))
        let truncated = try tokenizer(text, truncation: true)
        #expect(truncated.inputIDs[0].count == 64)
        #expect(try model(truncated).lastHiddenState.shape == [1, 64, 32])
        // The embedder always truncates to max_seq_length.
        let embedder = try SentenceEmbedder(folder: Fixtures.folder("tiny-sentence-transformers"))
        #expect(try embedder.encode(text).shape == [32])
    }

    @Test("ids outside the vocabulary and ragged batches are rejected")
    func badBatches() throws {
        let model = try AutoModel.from(folder: Fixtures.folder("tiny-bert"))
        let outOfVocabulary = BatchEncoding(inputIDs: [[2, 9999, 3]], attentionMask: [[1, 1, 1]], tokenTypeIDs: [[0, 0, 0]], tokens: [])
        #expect(throws: EncoderError.tokenOutOfRange(kind: "token id", value: 9999, size: 512, model: "tiny-bert")) {
            try model(outOfVocabulary)
        }
        let ragged = BatchEncoding(inputIDs: [[2, 5, 3], [2, 3]], attentionMask: [[1, 1, 1], [1, 1]], tokenTypeIDs: [], tokens: [])
        #expect(throws: EncoderError.self) { try model(ragged) }
        let empty = BatchEncoding(inputIDs: [], attentionMask: [], tokenTypeIDs: [], tokens: [])
        #expect(try model(empty).lastHiddenState.shape == [0, 0, 32])
    }
}
