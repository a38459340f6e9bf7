import ArgumentParser
import Foundation

/// Texts given as arguments and/or in a file (one per line; `-` reads standard input).
struct TextInputs: ParsableArguments {
    @Option(name: .customLong("input-file"), help: "Read texts from FILE, one per line (- for standard input); blank lines are skipped.")
    var inputFile: String?

    @Argument(help: "Texts to process.")
    var texts: [String] = []

    /// All texts, arguments first. Throws for an empty argument or when nothing was given.
    func load() throws -> [String] {
        for (index, text) in texts.enumerated() where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CLIError("text argument \(index + 1) is empty; there is nothing to process")
        }
        var all = texts
        if let inputFile {
            let data: Data
            if inputFile == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: inputFile) else {
                    throw CLIError("cannot read --input-file \(inputFile)")
                }
                data = contents
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CLIError("--input-file \(inputFile) is not UTF-8 text")
            }
            all += text.split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        guard !all.isEmpty else { throw CLIError("give at least one text, or --input-file with at least one non-blank line") }
        return all
    }
}

/// A command-line mistake reported as `error: …` with exit status 1.
struct CLIError: LocalizedError {
    let message: String
    init(_ message: String) { self.message = message }
    var errorDescription: String? { message }
}
