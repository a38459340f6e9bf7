import Foundation
import Testing
import Tokenizers

/// API behaviour that the parity fixtures do not pin down.
@Suite("tokenizer behaviour")
struct BehaviourTests {
    /// A tiny BERT-like tokenizer written inline: no pad token, so padding must fail.
    static let noPadJSON = #"""
        {"normalizer": {"type": "BertNormalizer", "lowercase": true},
         "pre_tokenizer": {"type": "BertPreTokenizer"},
         "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
         "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
         "model": {"type": "WordPiece", "unk_token": "[UNK]",
                   "vocab": {"[UNK]": 0, "[CLS]": 2, "[SEP]": 3, "hello": 4, "world": 5, "##s": 6, "!": 7}}}
        """#

    @Test("the parity corpus covers what it must")
    func corpusCoverage() throws {
        let corpus = try Fixtures.corpus()
        #expect(corpus.count >= 300)
        let required = ["café", "naïve", "Ångström", "Zürich", "中文", "日本語", "한국어", "\u{200D}", "🇫🇷",
                        "!!!...???", "\u{0}", "\u{7}", "\u{200B}", "\u{FFFD}", "\t", "\r\n", "ΟΔΟΣ", "İ", "Ｆｕｌｌ",
                        "\u{301}", "[CLS]", "[MASK]", "https://", "  "]
        for needle in required {
            #expect(corpus.contains { $0.utf8.firstRange(of: needle.utf8) != nil }, "no corpus line contains \(needle.debugDescription)")
        }
        #expect(corpus.contains(""))
        #expect(corpus.contains { $0.unicodeScalars.count > 100 && !$0.contains(" ") })
        #expect(corpus.contains { $0.contains { $0.isNumber } })
    }

    @Test("Padding accepts boolean literals as transformers does")
    func paddingLiterals() {
        let on: Padding = true
        let off: Padding = false
        #expect(on == .longest)
        #expect(off == .doNotPad)
    }

    @Test("mismatched text and pair counts are rejected")
    func pairCount() throws {
        let tokenizer = try Tokenizer(tokenizerJSON: Data(Self.noPadJSON.utf8))
        #expect(throws: TokenizerError.pairCountMismatch(texts: 2, pairs: 1)) {
            _ = try tokenizer(["a", "b"], pairs: ["c"])
        }
    }

    @Test("padding without a pad token fails and names the configuration")
    func noPadToken() throws {
        let tokenizer = try Tokenizer(tokenizerJSON: Data(Self.noPadJSON.utf8))
        #expect(tokenizer.padTokenID == nil)
        let error = #expect(throws: TokenizerError.self) { _ = try tokenizer(["hello", "hello world"], padding: true) }
        #expect(error?.localizedDescription.contains("pad_token") == true)
        // Without padding the same call works.
        #expect(try tokenizer(["hello", "hello worlds!"]).inputIDs == [[2, 4, 3], [2, 4, 5, 6, 7, 3]])
        #expect(tokenizer.decode([2, 4, 5, 6, 7, 3]) == "[CLS] hello worlds! [SEP]")
    }

    @Test("the pad token can come from tokenizer.json's padding section")
    func padFromTokenizerJSON() throws {
        let json = Self.noPadJSON.replacingOccurrences(
            of: #"{"normalizer""#,
            with: #"{"padding": {"pad_id": 0, "pad_type_id": 1, "pad_token": "[UNK]", "direction": "Left", "strategy": "BatchLongest"}, "normalizer""#)
        let tokenizer = try Tokenizer(tokenizerJSON: Data(json.utf8))
        #expect(tokenizer.padToken == "[UNK]")
        #expect(tokenizer.paddingSide == .left)
        let batch = try tokenizer(["hello", "hello world"], padding: true)
        #expect(batch.inputIDs == [[0, 2, 4, 3], [2, 4, 5, 3]])
        #expect(batch.attentionMask == [[0, 1, 1, 1], [1, 1, 1, 1]])
        #expect(batch.tokenTypeIDs == [[1, 0, 0, 0], [0, 0, 0, 0]])
    }

    @Test("a tokenizer can be shared across tasks")
    func concurrentUse() async throws {
        let tokenizer = try Tokenizer(folder: try Fixtures.tokenizerFolder("cased"))
        let corpus = try Fixtures.corpus()
        let sequential = corpus.map { tokenizer.encode($0) }
        let parallel = await withTaskGroup(of: (Int, [Int]).self) { group in
            for (index, line) in corpus.enumerated() {
                group.addTask { (index, tokenizer.encode(line)) }
            }
            var results = Array(repeating: [Int](), count: corpus.count)
            for await (index, ids) in group { results[index] = ids }
            return results
        }
        #expect(parallel == sequential)
    }

    @Test("tokenizing grows linearly: a 10,000-sentence batch is fast")
    func batchSpeed() throws {
        let tokenizer = try Tokenizer(folder: try Fixtures.tokenizerFolder("lower_strip"))
        let sentences = (0..<10_000).map {
            "Sentence \($0): multimodal models embed café photos, naïve captions and 中文 text alike!"
        }
        let start = Date()
        let batch = try tokenizer(sentences, padding: true, truncation: true)
        let elapsed = Date().timeIntervalSince(start)
        #expect(batch.count == 10_000)
        #expect(Set(batch.inputIDs.map(\.count)).count == 1)
        // Release builds take well under a second; unoptimised debug builds are several times slower.
        #expect(elapsed < 10, "10,000 sentences took \(elapsed) s")

        // One long text: time must not grow quadratically with its length.
        let paragraph = String(repeating: "multimodal embeddings of images, audio and text. ", count: 2_000)
        let shortStart = Date()
        _ = tokenizer.encode(String(paragraph.prefix(paragraph.count / 8)))
        let shortTime = Date().timeIntervalSince(shortStart)
        let longStart = Date()
        let ids = tokenizer.encode(paragraph)
        let longTime = Date().timeIntervalSince(longStart)
        #expect(ids.count > 10_000)
        #expect(longTime < max(shortTime, 0.005) * 40, "8× the text took \(longTime / max(shortTime, 1e-9))× the time")
    }
}
