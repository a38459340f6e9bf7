import Foundation
import Testing
import Tokenizers

/// The real all-MiniLM-L6-v2 tokenizer (BERT uncased vocab) against transformers' AutoTokenizer.
@Suite("all-MiniLM-L6-v2 parity with transformers")
struct MiniLMParityTests {
    let tokenizer: Tokenizer
    let corpus: [String]
    let expected: ExpectedTokenizer

    init() throws {
        tokenizer = try Tokenizer(folder: try Fixtures.miniLMFolder())
        corpus = try Fixtures.corpus()
        expected = try Fixtures.decode(ExpectedTokenizer.self, "minilm/expected.json")
    }

    @Test("\"Multimodal AI\" tokenizes as in the course")
    func multimodalAI() throws {
        #expect(tokenizer.tokenize("Multimodal AI") == ["multi", "##mo", "##dal", "ai"])
        let inputs = try tokenizer("Multimodal AI", padding: true, truncation: true)
        #expect(inputs.inputIDs == [[101, 4800, 5302, 9305, 9932, 102]])
        #expect(inputs.attentionMask == [[1, 1, 1, 1, 1, 1]])
        #expect(inputs.tokens[0].first == "[CLS]" && inputs.tokens[0].last == "[SEP]")
    }

    @Test("tokens, ids and decoding match on every corpus line")
    func corpusParity() {
        Parity.checkCorpus(tokenizer, corpus, expected)
    }

    @Test("padding, truncation and pairs match")
    func batches() throws {
        try Parity.checkBatches(tokenizer, expected)
    }

    @Test("decoding unusual id lists and the vocabulary metadata match")
    func decodesAndMetadata() {
        Parity.checkDecodesAndMetadata(tokenizer, expected)
        #expect(tokenizer.modelMaxLength == 512)
        #expect(tokenizer.specialTokens.isSuperset(of: ["[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]"]))
    }

    @Test("the padding and truncation settings stored in tokenizer.json are ignored")
    func storedSettingsIgnored() throws {
        // tokenizer.json pads to 128 and truncates at 128; transformers applies only what the call asks.
        let plain = try tokenizer("hello world")
        #expect(plain.inputIDs == [[101, 7592, 2088, 102]])
        let long = try tokenizer(String(repeating: "word ", count: 300))
        #expect(long.inputIDs[0].count == 302)
    }

    @Test("special tokens written in text are never split, lowercase look-alikes are")
    func specialTokensInText() {
        #expect(tokenizer.tokenize("[CLS] hello [MASK]x") == ["[CLS]", "hello", "[MASK]", "x"])
        #expect(tokenizer.encode("[cls] [mask]") == [101, 1031, 18856, 2015, 1033, 1031, 7308, 1033, 102])
    }

    @Test("token and id conversion")
    func conversions() {
        #expect(tokenizer.convertTokensToIDs(["hello", "[CLS]", "no-such-token"]) == [7592, 101, 100])
        #expect(tokenizer.convertIDsToTokens([101, 7592, 102]) == ["[CLS]", "hello", "[SEP]"])
        #expect(tokenizer.vocabularySize == 30522)
    }
}
