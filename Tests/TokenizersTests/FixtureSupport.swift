import Foundation
import Testing
import Tokenizers

/// Loading of the reference fixtures written by Scripts/reference/make_tokenizer_fixtures.py.
enum Fixtures {
    static func url(_ path: String) throws -> URL {
        let parts = path.split(separator: "/").map(String.init)
        let name = parts.last ?? path
        let directory = (["Fixtures"] + parts.dropLast()).joined(separator: "/")
        let base = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        return try #require(Bundle.module.url(forResource: base, withExtension: ext.isEmpty ? nil : ext,
                                              subdirectory: directory),
                            "missing fixture \(path): run Scripts/reference/make_tokenizer_fixtures.py")
    }

    static func data(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }

    static func decode<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        try JSONDecoder().decode(T.self, from: data(path))
    }

    static func corpus() throws -> [String] { try decode([String].self, "corpus.json") }

    /// The folder of a small fixture tokenizer.
    static func tokenizerFolder(_ name: String) throws -> URL {
        try url("tokenizers/\(name)/tokenizer_config.json").deletingLastPathComponent()
    }

    /// The all-MiniLM-L6-v2 snapshot in the Hugging Face cache, as Scripts/install-models lays it out.
    static func miniLMFolder() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        let hub: URL
        if let cache = environment["HF_HUB_CACHE"], !cache.isEmpty {
            hub = URL(fileURLWithPath: cache)
        } else if let home = environment["HF_HOME"], !home.isEmpty {
            hub = URL(fileURLWithPath: home).appendingPathComponent("hub")
        } else {
            hub = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/huggingface/hub")
        }
        let repo = hub.appendingPathComponent("models--sentence-transformers--all-MiniLM-L6-v2")
        let snapshots = repo.appendingPathComponent("snapshots")
        var candidates: [URL] = []
        if let ref = try? String(contentsOf: repo.appendingPathComponent("refs/main"), encoding: .utf8) {
            candidates.append(snapshots.appendingPathComponent(ref.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: snapshots.path)) ?? []
        candidates += listed.sorted().map { snapshots.appendingPathComponent($0) }
        let found = candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("tokenizer.json").path)
        }
        return try #require(found, """
            sentence-transformers/all-MiniLM-L6-v2 is not installed in \(hub.path): \
            run Scripts/install-models (make test runs it) before the tokenizer tests
            """)
    }
}

/// One corpus line as transformers tokenized it.
struct ExpectedLine: Decodable {
    let tokens: [String]
    let ids: [Int]
    let ids_no_special: [Int]
    let decoded: String
    let decoded_skip: String
}

/// A `padding=` argument: a bool or a strategy name.
enum PaddingOption: Decodable {
    case bool(Bool)
    case name(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { self = .bool(flag) } else { self = .name(try container.decode(String.self)) }
    }

    var padding: Padding {
        switch self {
        case .bool(let flag): return flag ? .longest : .doNotPad
        case .name(let name): return name == "max_length" ? .maxLength : name == "longest" ? .longest : .doNotPad
        }
    }
}

struct BatchOptions: Decodable {
    let padding: PaddingOption?
    let truncation: Bool?
    let max_length: Int?
    let add_special_tokens: Bool?
}

/// A batched call and what transformers returned.
struct ExpectedBatch: Decodable {
    let name: String
    let texts: [String]
    let pairs: [String]?
    let options: BatchOptions
    let input_ids: [[Int]]
    let attention_mask: [[Int]]
    let token_type_ids: [[Int]]
    let tokens: [[String]]

    /// Runs the same call through `tokenizer`.
    func run(_ tokenizer: Tokenizer) throws -> BatchEncoding {
        try tokenizer(texts, pairs: pairs, padding: options.padding?.padding ?? .doNotPad,
                      truncation: options.truncation ?? false, maxLength: options.max_length,
                      addSpecialTokens: options.add_special_tokens ?? true)
    }

    var expected: BatchEncoding {
        BatchEncoding(inputIDs: input_ids, attentionMask: attention_mask, tokenTypeIDs: token_type_ids, tokens: tokens)
    }
}

struct ExpectedDecode: Decodable {
    let ids: [Int]
    let decoded: String
    let decoded_skip: String
}

/// Everything recorded for one tokenizer.
struct ExpectedTokenizer: Decodable {
    let transformers: String
    let model_max_length: Int?
    let padding_side: String
    let vocab_size: Int
    let special: [String: String?]
    let special_ids: [String: Int?]
    let corpus: [ExpectedLine]
    let batches: [ExpectedBatch]
    let decodes: [ExpectedDecode]
}

/// Compares a tokenizer with its recorded expectations and returns readable differences.
enum Parity {
    static let shown = 5

    static func show(_ text: String) -> String {
        text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined()
    }

    /// Runs `check` on every corpus line; returns the mismatching lines' descriptions.
    static func lines(_ corpus: [String], _ expected: [ExpectedLine],
                      _ check: (String, ExpectedLine) -> String?) -> [String] {
        zip(corpus, expected).compactMap { line, row in check(line, row).map { "\"\(show(line))\": \($0)" } }
    }

    static func summary(_ mismatches: [String], of total: Int, _ what: String) -> Comment {
        let first = mismatches.prefix(shown).joined(separator: "\n")
        return Comment(rawValue: "\(mismatches.count) of \(total) lines differ in \(what):\n\(first)")
    }

    /// Checks tokens, ids (with and without special tokens) and decoding on the whole corpus.
    static func checkCorpus(_ tokenizer: Tokenizer, _ corpus: [String], _ expected: ExpectedTokenizer) {
        #expect(corpus.count == expected.corpus.count, "corpus.json and expected.json disagree: regenerate the fixtures")
        let tokens = lines(corpus, expected.corpus) { line, row in
            let got = tokenizer.tokenize(line)
            return got.exact == row.tokens.exact ? nil : "got \(got), expected \(row.tokens)"
        }
        #expect(tokens.isEmpty, summary(tokens, of: corpus.count, "tokenize"))
        let ids = lines(corpus, expected.corpus) { line, row in
            let got = tokenizer.encode(line)
            return got == row.ids ? nil : "got \(got), expected \(row.ids)"
        }
        #expect(ids.isEmpty, summary(ids, of: corpus.count, "input ids"))
        let plain = lines(corpus, expected.corpus) { line, row in
            let got = tokenizer.encode(line, addSpecialTokens: false)
            return got == row.ids_no_special ? nil : "got \(got), expected \(row.ids_no_special)"
        }
        #expect(plain.isEmpty, summary(plain, of: corpus.count, "ids without special tokens"))
        let decoded = lines(corpus, expected.corpus) { _, row in
            let got = tokenizer.decode(row.ids)
            return got.exact == row.decoded.exact ? nil : "got \"\(show(got))\", expected \"\(show(row.decoded))\""
        }
        #expect(decoded.isEmpty, summary(decoded, of: corpus.count, "decode"))
        let skipped = lines(corpus, expected.corpus) { _, row in
            let got = tokenizer.decode(row.ids, skipSpecialTokens: true)
            return got.exact == row.decoded_skip.exact ? nil : "got \"\(show(got))\", expected \"\(show(row.decoded_skip))\""
        }
        #expect(skipped.isEmpty, summary(skipped, of: corpus.count, "decode(skipSpecialTokens: true)"))
    }

    /// Checks every recorded batch call.
    static func checkBatches(_ tokenizer: Tokenizer, _ expected: ExpectedTokenizer) throws {
        #expect(!expected.batches.isEmpty)
        for batch in expected.batches {
            let got = try batch.run(tokenizer)
            #expect(got.inputIDs == batch.input_ids, "\(batch.name): input ids")
            #expect(got.attentionMask == batch.attention_mask, "\(batch.name): attention mask")
            #expect(got.tokenTypeIDs == batch.token_type_ids, "\(batch.name): token type ids")
            #expect(got.tokens.map(\.exact) == batch.tokens.map(\.exact), "\(batch.name): tokens")
            #expect(got.count == batch.texts.count, "\(batch.name): row count")
        }
    }

    /// Checks decoding of id lists that encoding never produces, and the vocabulary metadata.
    static func checkDecodesAndMetadata(_ tokenizer: Tokenizer, _ expected: ExpectedTokenizer) {
        for case_ in expected.decodes {
            #expect(tokenizer.decode(case_.ids).exact == case_.decoded.exact, "decode \(case_.ids)")
            #expect(tokenizer.decode(case_.ids, skipSpecialTokens: true).exact == case_.decoded_skip.exact,
                    "decode \(case_.ids) skipping special tokens")
        }
        #expect(tokenizer.modelMaxLength == (expected.model_max_length ?? Int.max))
        #expect(tokenizer.paddingSide.rawValue == expected.padding_side)
        #expect(tokenizer.vocabularySize == expected.vocab_size)
        let ids: [String: Int?] = [
            "pad_token_id": tokenizer.padTokenID, "unk_token_id": tokenizer.unkTokenID,
            "cls_token_id": tokenizer.clsTokenID, "sep_token_id": tokenizer.sepTokenID,
            "mask_token_id": tokenizer.maskTokenID,
        ]
        for (key, value) in expected.special_ids {
            #expect(ids[key] ?? nil == value, "\(key)")
        }
        let tokens: [String: String?] = [
            "pad_token": tokenizer.padToken, "unk_token": tokenizer.unkToken, "cls_token": tokenizer.clsToken,
            "sep_token": tokenizer.sepToken, "mask_token": tokenizer.maskToken,
        ]
        for (key, value) in expected.special {
            #expect(tokens[key] ?? nil == value, "\(key)")
        }
    }
}

/// Byte-exact views for comparisons: Swift `String ==` is canonical equivalence ("é" == "e\u{301}"),
/// which would hide exactly the differences these tests look for.
extension String {
    var exact: [UInt8] { Array(utf8) }
}

extension Array where Element == String {
    var exact: [[UInt8]] { map(\.exact) }
}
