import ArgumentParser
import Foundation
import Vectorbook

/// `vectorbook tokenize --model ID [--json] TEXT…`
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Show how a model's tokenizer splits text (with special tokens)."
    )

    @Option(help: "Model id or folder.")
    var model: String

    @Flag(help: "Print one JSON object: {\"model\", \"tokens\", \"ids\"}.")
    var json = false

    @OptionGroup var inputs: TextInputs
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try global.apply()
        try reportingErrors {
            let texts = try inputs.load()
            let folder = try ModelLocator(progress: global.progress).resolve(model)
            let tokenizer = try Tokenizer(folder: folder)
            let ids = texts.map { tokenizer.encode($0) }
            let tokens = ids.map { tokenizer.convertIDsToTokens($0) }
            if json {
                Terminal.output(JSONWriter.object([
                    ("model", JSONWriter.string(model)),
                    ("tokens", JSONWriter.array(tokens) { JSONWriter.array($0, JSONWriter.string) }),
                    ("ids", JSONWriter.array(ids) { JSONWriter.array($0) { "\($0)" } }),
                ]))
                return
            }
            for (index, text) in texts.enumerated() {
                Terminal.output("\(text)  (\(ids[index].count) tokens)")
                let width = max(5, tokens[index].map(\.count).max() ?? 5)
                for (token, id) in zip(tokens[index], ids[index]) {
                    Terminal.output("  " + token.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(id)")
                }
            }
        }
    }
}
