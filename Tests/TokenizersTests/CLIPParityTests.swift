import Foundation
import Testing
import Tokenizers

/// Byte-level BPE tokenizers trained by Scripts/reference/make_clip_tokenizer_fixtures.py, against
/// transformers' AutoTokenizer on the same folders, over corpus.json plus clip/corpus_extra.json.
@Suite("CLIP and byte-level BPE tokenizers: parity with transformers")
struct CLIPParityTests {
    /// clip: `CLIPTokenizer`, laid out like openai/clip-vit-base-patch32 (transformers 5 rebuilds its
    ///   pipeline from vocab and merges; `</w>` handling in decode; clean-up skipped for BPE).
    /// clip_file_pipeline: the same tokenizer.json as a generic fast tokenizer (its own Split, ByteLevel
    ///   without regex, RobertaProcessing and ByteLevel decoder).
    /// gpt2: ByteLevel with prefix space and GPT-2's regex, pair merges, ignore_merges, no unknown token.
    /// subword: "##" continuing pieces, fused unknown tokens, Replace/Split regexes, TemplateProcessing,
    ///   clean-up forced on for BPE.
    static let names = ["clip", "clip_file_pipeline", "gpt2", "subword"]

    static func corpus() throws -> [String] {
        try Fixtures.corpus() + Fixtures.decode([String].self, "clip/corpus_extra.json")
    }

    static func folder(_ name: String) throws -> URL {
        try Fixtures.url("clip/\(name)/tokenizer_config.json").deletingLastPathComponent()
    }

    static func load(_ name: String) throws -> (Tokenizer, [String], ExpectedTokenizer) {
        let tokenizer = try Tokenizer(folder: try folder(name))
        let expected = try Fixtures.decode(ExpectedTokenizer.self, "clip/\(name)/expected.json")
        return (tokenizer, try corpus(), expected)
    }

    struct BosEos: Decodable {
        let bos_token: String?
        let eos_token: String?
        let bos_token_id: Int?
        let eos_token_id: Int?
    }

    struct Extras: Decodable {
        let bos_eos: BosEos
    }

    @Test("tokens, ids and decoding match on every corpus line", arguments: names)
    func corpusParity(name: String) throws {
        let (tokenizer, corpus, expected) = try Self.load(name)
        Parity.checkCorpus(tokenizer, corpus, expected)
    }

    @Test("padding, truncation and pairs match", arguments: names)
    func batches(name: String) throws {
        let (tokenizer, _, expected) = try Self.load(name)
        try Parity.checkBatches(tokenizer, expected)
    }

    @Test("decoding unusual id lists and the vocabulary metadata match", arguments: names)
    func decodesAndMetadata(name: String) throws {
        let (tokenizer, _, expected) = try Self.load(name)
        Parity.checkDecodesAndMetadata(tokenizer, expected)
        let extras = try Fixtures.decode(Extras.self, "clip/\(name)/expected.json").bos_eos
        #expect(tokenizer.bosToken == extras.bos_token)
        #expect(tokenizer.eosToken == extras.eos_token)
        #expect(tokenizer.bosTokenID == extras.bos_token_id)
        #expect(tokenizer.eosTokenID == extras.eos_token_id)
    }

    @Test("CLIP pads to 77 with <|endoftext|> and truncates keeping <|endoftext|> last")
    func clipPaddingAndTruncation() throws {
        let tokenizer = try Tokenizer(folder: try Self.folder("clip"))
        #expect(tokenizer.modelMaxLength == 77)
        let eos = try #require(tokenizer.eosTokenID)
        let bos = try #require(tokenizer.bosTokenID)
        #expect(tokenizer.padTokenID == eos)
        let long = Array(repeating: "photo", count: 200).joined(separator: " ")
        let batch = try tokenizer(["a photo of a cat", long], padding: .maxLength, truncation: true)
        #expect(batch.inputIDs.map(\.count) == [77, 77])
        let caption = [bos] + tokenizer.encode("a photo of a cat", addSpecialTokens: false) + [eos]
        #expect(Array(batch.inputIDs[0].prefix(7)) == caption)
        #expect(Array(batch.inputIDs[0].suffix(70)) == Array(repeating: eos, count: 70))
        #expect(batch.attentionMask[0] == Array(repeating: 1, count: 7) + Array(repeating: 0, count: 70))
        #expect(batch.inputIDs[1].first == bos && batch.inputIDs[1].last == eos)
        #expect(batch.attentionMask[1] == Array(repeating: 1, count: 77))
        #expect(tokenizer.decode(batch.inputIDs[0], skipSpecialTokens: true) == "a photo of a cat")
    }

    @Test("CLIP is recognised from config.json's model_type when tokenizer_config.json names no class")
    func clipFromModelType() throws {
        let source = try Self.folder("clip")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clip-model-type-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: source.appendingPathComponent("tokenizer.json"),
                                         to: folder.appendingPathComponent("tokenizer.json"))
        try Data(#"{"model_max_length": 77}"#.utf8).write(to: folder.appendingPathComponent("tokenizer_config.json"))
        try Data(#"{"model_type": "clip"}"#.utf8).write(to: folder.appendingPathComponent("config.json"))
        let byType = try Tokenizer(folder: folder)
        let byClass = try Tokenizer(folder: source)
        for line in try Self.corpus().prefix(120) {
            #expect(byType.encode(line) == byClass.encode(line), "\(Parity.show(line))")
        }
        #expect(byType.decode(byClass.encode("A photo of a cat."), skipSpecialTokens: true) == "a photo of a cat .")
    }

    @Test("one CLIP tokenizer shared by concurrent tasks gives the same ids (the BPE cache is thread-safe)")
    func concurrentUse() async throws {
        let (tokenizer, corpus, expected) = try Self.load("clip")
        let results = await withTaskGroup(of: (Int, [Int]).self) { group in
            for (index, line) in corpus.enumerated() {
                group.addTask { (index, tokenizer.encode(line)) }
            }
            var ids = [[Int]](repeating: [], count: corpus.count)
            for await (index, row) in group { ids[index] = row }
            return ids
        }
        #expect(results == expected.corpus.map(\.ids))
    }
}
