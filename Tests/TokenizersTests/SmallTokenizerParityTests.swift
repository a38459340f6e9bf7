import Foundation
import Testing
import Tokenizers

/// Small tokenizers trained by Scripts/reference/make_tokenizer_fixtures.py, against transformers'
/// AutoTokenizer on the same folders.
@Suite("small fixture tokenizers: parity with transformers")
struct SmallTokenizerParityTests {
    /// cased: BertTokenizer, no lowercasing or accent stripping, CJK not spaced.
    /// lower_strip: generic fast tokenizer, BertNormalizer with strip_accents true, BertProcessing, left padding.
    /// vocab_only: vocab.txt + tokenizer_config.json, no tokenizer.json.
    /// sequence: NFD + Lowercase + StripAccents, Whitespace pre-tokenizer, a normalized added token.
    /// components: NFKC, Replace, Strip, Prepend; WhitespaceSplit + Punctuation + Digits; no
    ///   post-processor or decoder; a special token that strips the spaces around it.
    /// bert_config_override: tokenizer_config.json overrides tokenizer.json's normalizer (transformers 5).
    static let names = ["cased", "lower_strip", "vocab_only", "sequence", "components", "bert_config_override"]

    static func load(_ name: String) throws -> (Tokenizer, [String], ExpectedTokenizer) {
        let tokenizer = try Tokenizer(folder: try Fixtures.tokenizerFolder(name))
        let expected = try Fixtures.decode(ExpectedTokenizer.self, "tokenizers/\(name)/expected.json")
        return (tokenizer, try Fixtures.corpus(), expected)
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
    }

    @Test("loading from data gives the same tokenizer as loading the folder")
    func fromData() throws {
        let folder = try Fixtures.tokenizerFolder("sequence")
        let json = try Data(contentsOf: folder.appendingPathComponent("tokenizer.json"))
        let config = try Data(contentsOf: folder.appendingPathComponent("tokenizer_config.json"))
        let fromData = try Tokenizer(tokenizerJSON: json, tokenizerConfig: config)
        let fromFolder = try Tokenizer(folder: folder)
        for line in try Fixtures.corpus() {
            #expect(fromData.encode(line) == fromFolder.encode(line), "\(Parity.show(line))")
        }
        #expect(fromData.decode([2, 10, 11, 3]) == fromFolder.decode([2, 10, 11, 3]))
    }

    @Test("the configuration is read: sides, limits and case handling")
    func configuration() throws {
        let cased = try Tokenizer(folder: try Fixtures.tokenizerFolder("cased"))
        #expect(cased.modelMaxLength == 32)
        #expect(cased.tokenize("Café") != cased.tokenize("café"))
        let lower = try Tokenizer(folder: try Fixtures.tokenizerFolder("lower_strip"))
        #expect(lower.paddingSide == .left)
        #expect(lower.tokenize("Café") == lower.tokenize("cafe"))
        let override = try Tokenizer(folder: try Fixtures.tokenizerFolder("bert_config_override"))
        #expect(override.truncationSide == .left)
        #expect(override.tokenize("Café") == override.tokenize("café"))
        let components = try Tokenizer(folder: try Fixtures.tokenizerFolder("components"))
        #expect(components.modelMaxLength == Int.max)
    }
}
