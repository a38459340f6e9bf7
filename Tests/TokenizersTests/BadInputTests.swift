import Foundation
import Testing
import Tokenizers

/// Files that must not load, each with an error naming the file and the offending type, key or value.
@Suite("bad tokenizer files")
struct BadInputTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let file: String
        let expect: [String]
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "cases", withExtension: "json", subdirectory: "Fixtures/bad"),
              let data = try? Data(contentsOf: url),
              let cases = try? JSONDecoder().decode([Case].self, from: data) else { return [] }
        return cases
    }()

    @Test("the bad-input fixtures are present")
    func present() {
        #expect(Self.cases.count >= 4, "Fixtures/bad/cases.json is missing: run Scripts/reference/make_tokenizer_fixtures.py")
        #expect(Set(Self.cases.map(\.file)).isSuperset(of: [
            "unknown_model.json", "unknown_normalizer.json", "malformed.json", "missing_unk.json",
        ]))
    }

    @Test("each bad file fails with a message naming the file and the fault", arguments: cases)
    func failsClearly(_ bad: Case) throws {
        let data = try Fixtures.data("bad/\(bad.file)")
        let error = #expect(throws: TokenizerError.self) {
            _ = try Tokenizer(tokenizerJSON: data, source: bad.file)
        }
        let message = error?.localizedDescription ?? ""
        for part in bad.expect {
            #expect(message.contains(part), "\"\(message)\" should mention \(part)")
        }
    }

    @Test("a folder with neither tokenizer.json nor vocab.txt is reported by path")
    func emptyFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("empty-tokenizer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: TokenizerError.self) { _ = try Tokenizer(folder: folder) }
        #expect(error?.localizedDescription.contains(folder.path) == true)
        #expect(error?.localizedDescription.contains("tokenizer.json") == true)
    }

    @Test("a bad tokenizer_config.json value names the key and the file")
    func badConfig() throws {
        let json = try Fixtures.data("tokenizers/sequence/tokenizer.json")
        let config = Data(#"{"padding_side": "middle"}"#.utf8)
        let error = #expect(throws: TokenizerError.self) {
            _ = try Tokenizer(tokenizerJSON: json, tokenizerConfig: config)
        }
        let message = error?.localizedDescription ?? ""
        #expect(message.contains("padding_side") && message.contains("\"middle\"") && message.contains("tokenizer_config.json"),
                "\(message)")
    }

    @Test("a malformed tokenizer_config.json names the file")
    func malformedConfig() throws {
        let json = try Fixtures.data("tokenizers/sequence/tokenizer.json")
        let error = #expect(throws: TokenizerError.self) {
            _ = try Tokenizer(tokenizerJSON: json, tokenizerConfig: Data("{\"model_max_length\": }".utf8))
        }
        #expect(error?.localizedDescription.contains("tokenizer_config.json is not valid JSON") == true)
    }

    @Test("a template that names an undefined special token is rejected")
    func undefinedTemplateToken() throws {
        let json = #"""
            {"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "a": 1}},
             "post_processor": {"type": "TemplateProcessing",
               "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[EOS]", "type_id": 0}}],
               "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
               "special_tokens": {}}}
            """#
        let error = #expect(throws: TokenizerError.self) {
            _ = try Tokenizer(tokenizerJSON: Data(json.utf8), source: "template.json")
        }
        let message = error?.localizedDescription ?? ""
        #expect(message.contains("[EOS]") && message.contains("template.json") && message.contains("post_processor.single"),
                "\(message)")
    }
}
