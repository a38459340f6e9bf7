import Foundation
import Testing
@testable import Tokenizers

/// The pieces byte-level BPE is built from, each against what `tokenizers` recorded for it
/// (Scripts/reference/make_clip_tokenizer_fixtures.py): Oniguruma-compatible regular expressions, the
/// Split and ByteLevel pre-tokenizers, the byte table.
@Suite("CLIP components: regex, Split, ByteLevel as in tokenizers")
struct CLIPComponentTests {
    struct RegexCase: Decodable {
        let pattern: String
        let text: String
        /// Non-empty matches as scalar offsets.
        let matches: [[Int]]
        /// The text with every match (empty ones included) replaced by "‖".
        let replaced: String
    }

    struct PreTokenizerCase: Decodable {
        let pre_tokenizer: JSONValue
        let text: String
        let pieces: [String]
    }

    /// Any JSON value, re-encoded so that the library's own parser reads it.
    struct JSONValue: Decodable {
        let data: Data
        init(from decoder: Decoder) throws {
            let value = try decoder.singleValueContainer().decode(AnyJSON.self)
            data = try JSONSerialization.data(withJSONObject: value.object, options: [.fragmentsAllowed])
        }
    }

    struct AnyJSON: Decodable {
        let object: Any
        init(from decoder: Decoder) throws {
            if var array = try? decoder.unkeyedContainer() {
                var items: [Any] = []
                while !array.isAtEnd { items.append(try array.decode(AnyJSON.self).object) }
                object = items
            } else if let keyed = try? decoder.container(keyedBy: Key.self) {
                var members: [String: Any] = [:]
                for key in keyed.allKeys { members[key.stringValue] = try keyed.decode(AnyJSON.self, forKey: key).object }
                object = members
            } else {
                let single = try decoder.singleValueContainer()
                if single.decodeNil() {
                    object = NSNull()
                } else if let flag = try? single.decode(Bool.self) {
                    object = flag
                } else if let number = try? single.decode(Int.self) {
                    object = number
                } else if let number = try? single.decode(Double.self) {
                    object = number
                } else {
                    object = try single.decode(String.self)
                }
            }
        }

        struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    static func preTokenizer(_ value: JSONValue) throws -> any PreTokenizer {
        let root = JSONNode(try JSON.parse(value.data, file: "case"), file: "case")
        return try PreTokenizerRegistry.make(root)
    }

    static func text(_ slice: ScalarSlice) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: slice)
        return String(view)
    }

    @Test("regular expressions match exactly where Oniguruma matches")
    func regexMatches() throws {
        let cases = try Fixtures.decode([RegexCase].self, "clip/regex_cases.json")
        #expect(cases.count > 1000)
        var compiled: [String: PatternRegex] = [:]
        var mismatches: [String] = []
        for item in cases {
            let regex = try compiled[item.pattern] ?? PatternRegex(item.pattern)
            compiled[item.pattern] = regex
            let scalars = Array(item.text.unicodeScalars)
            let found = regex.matches(in: scalars[...]).filter { !$0.isEmpty }.map { [$0.lowerBound, $0.upperBound] }
            if found != item.matches {
                mismatches.append("/\(item.pattern)/ on \"\(Parity.show(item.text))\": got \(found), expected \(item.matches)")
            }
            let replaced = Self.text(RegexReplaceNormalizer(pattern: regex, content: ["‖"]).normalize(scalars)[...])
            if replaced.exact != item.replaced.exact {
                mismatches.append("/\(item.pattern)/ replacing in \"\(Parity.show(item.text))\": got \"\(Parity.show(replaced))\", expected \"\(Parity.show(item.replaced))\"")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count * 2) regex checks differ:\n\(mismatches.prefix(8).joined(separator: "\n"))")
    }

    @Test("Split: String and Regex patterns, every behavior, with and without invert")
    func split() throws {
        try checkPreTokenizerCases("clip/split_cases.json", minimum: 600)
    }

    @Test("ByteLevel: prefix space and GPT-2's regex on and off, after another pre-tokenizer")
    func byteLevel() throws {
        try checkPreTokenizerCases("clip/bytelevel_cases.json", minimum: 40)
    }

    private func checkPreTokenizerCases(_ path: String, minimum: Int) throws {
        let cases = try Fixtures.decode([PreTokenizerCase].self, path)
        #expect(cases.count >= minimum)
        var mismatches: [String] = []
        for item in cases {
            let preTokenizer = try Self.preTokenizer(item.pre_tokenizer)
            var words: [ScalarSlice] = []
            preTokenizer.split(Array(item.text.unicodeScalars)[...], into: &words)
            let pieces = words.map(Self.text)
            if pieces.exact != item.pieces.exact {
                let json = String(decoding: item.pre_tokenizer.data, as: UTF8.self)
                mismatches.append("\(json) on \"\(Parity.show(item.text))\": got \(pieces), expected \(item.pieces)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) cases differ:\n\(mismatches.prefix(8).joined(separator: "\n"))")
    }

    @Test("the byte table is GPT-2's and round-trips every byte")
    func byteTable() {
        #expect(ByteLevelAlphabet.scalarForByte[0x20] == "Ġ")
        #expect(ByteLevelAlphabet.scalarForByte[0x0A] == "Ċ")
        #expect(ByteLevelAlphabet.scalarForByte[0x41] == "A")
        #expect(ByteLevelAlphabet.scalarForByte[0xAD] == "\u{143}")
        #expect(Set(ByteLevelAlphabet.scalarForByte).count == 256)
        for byte in 0..<256 {
            #expect(ByteLevelAlphabet.byte(for: ByteLevelAlphabet.scalarForByte[byte]) == UInt8(byte))
        }
        #expect(ByteLevelAlphabet.byte(for: "€") == nil)
        #expect(ByteLevelDecoder().decode(["Ġhello", "Ġw", "Ã¶", "rld"]) == " hello wörld")
        #expect(ByteLevelDecoder().decode(["<|endoftext|>", "€"]) == "<|endoftext|>€")
    }

    @Test("patterns this engine does not implement are rejected with the pattern, key and file")
    func unsupportedPatterns() throws {
        for pattern in [#"(?<=a)b"#, #"(a)\1"#, #"[[:alpha:]]"#, #"[a-z&&[^aeiou]]"#, #"\p{Greek}"#, #"(a*)*"#, #"(?x) a"#, #"a{3,2}"#, "(a", "a)", "*a"] {
            #expect(throws: RegexSyntaxError.self, "\(pattern)") { _ = try PatternRegex(pattern) }
        }
        let json = #"""
            {"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []},
             "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(?<=x)a"}, "behavior": "Isolated", "invert": false}}
            """#
        let error = #expect(throws: TokenizerError.self) {
            _ = try Tokenizer(tokenizerJSON: Data(json.utf8), source: "lookbehind.json")
        }
        let message = error?.localizedDescription ?? ""
        #expect(message.contains("(?<=x)a") && message.contains("pre_tokenizer.pattern.Regex")
                && message.contains("lookbehind.json") && message.contains("look-behind"), "\(message)")
    }

    @Test("bad BPE models fail with the file, key and value")
    func badModels() throws {
        let cases: [(json: String, parts: [String])] = [
            (#"{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}}"#,
             ["model.merges[0]", "\"a b\"", "\"ab\""]),
            (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a x"]}}"#, ["model.merges[0]", "\"x\""]),
            (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b c"]}}"#, ["model.merges[0]", "one space"]),
            (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [["a"]]}}"#, ["model.merges[0]"]),
            (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "unk_token": "<unk>"}}"#,
             ["\"<unk>\"", "model.unk_token"]),
            (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "dropout": 0.1}}"#,
             ["unsupported model", "BPE with dropout", "model.dropout"]),
            (#"{"model": {"type": "BPE", "vocab": {"a": 0}}}"#, ["missing key", "model.merges"]),
            (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "decoder": {"type": "Metaspace"}}"#,
             ["unsupported decoder", "\"Metaspace\"", "decoder.type"]),
            (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "post_processor": {"type": "Sequence", "processors": []}}"#,
             ["unsupported post-processor", "\"Sequence\"", "post_processor.type"]),
            (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "Split", "pattern": {"Glob": "*"}, "behavior": "Removed", "invert": false}}"#,
             ["pre_tokenizer.pattern", "{\"String\": …} or {\"Regex\": …}"]),
            (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "Split", "pattern": {"String": "a"}, "behavior": "Sideways", "invert": false}}"#,
             ["pre_tokenizer.behavior", "\"Sideways\""]),
        ]
        for (json, parts) in cases {
            let error = #expect(throws: TokenizerError.self, "\(json)") {
                _ = try Tokenizer(tokenizerJSON: Data(json.utf8), source: "bad-bpe.json")
            }
            let message = error?.localizedDescription ?? ""
            for part in parts + ["bad-bpe.json"] {
                #expect(message.contains(part), "\"\(message)\" should mention \(part)")
            }
        }
    }

    @Test("BPE options: fused and separate unknown tokens, byte fallback, ignore_merges, the cache")
    func bpeOptions() throws {
        func model(_ extra: String) throws -> BPE {
            let json = #"{"type": "BPE", "vocab": {"<unk>": 0, "a": 1, "b": 2, "ab": 3, "abb": 4, "<0x63>": 5, "<0x64>": 6, "bbb": 7}, "merges": ["a b", "ab b"]"# + extra + "}"
            return try BPE.read(JSONNode(try JSON.parse(Data(json.utf8), file: "bpe.json"), path: "model", file: "bpe.json"))
        }
        func ids(_ bpe: BPE, _ word: String) -> [Int] { bpe.tokenize(Array(word.unicodeScalars)[...]).map(\.id) }
        let separate = try model(#", "unk_token": "<unk>""#)
        #expect(ids(separate, "abbxya") == [4, 0, 0, 1])
        let fused = try model(#", "unk_token": "<unk>", "fuse_unk": true"#)
        #expect(ids(fused, "abbxya") == [4, 0, 1])
        let fallback = try model(#", "unk_token": "<unk>", "byte_fallback": true"#)
        #expect(ids(fallback, "acdx") == [1, 5, 6, 0])
        let plain = try model("")
        #expect(ids(plain, "xab") == [3])  // no unknown token: unknown scalars are dropped
        #expect(ids(plain, "bbb") == [2, 2, 2])
        let ignoring = try model(#", "ignore_merges": true"#)
        #expect(ids(ignoring, "bbb") == [7])
        #expect(ids(plain, "abab") == [3, 3])
        #expect(ids(plain, "abab") == [3, 3])  // from the cache
    }
}
