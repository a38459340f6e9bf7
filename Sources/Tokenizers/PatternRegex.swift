/// A regular expression as `tokenizers` uses them (Oniguruma, Ruby syntax), matched over Unicode scalars
/// with Oniguruma's Unicode classes. See `RegexParser` for the supported syntax.
struct PatternRegex: Sendable {
    /// The pattern as written.
    let source: String
    private let program: RegexProgram

    /// Compiles `source`; throws a `RegexSyntaxError` for invalid or unsupported syntax.
    init(_ source: String) throws {
        self.source = source
        program = try RegexProgram(try RegexParser.parse(source))
    }

    /// A pattern that matches `literal` exactly (what `tokenizers` builds from a `{"String": …}` pattern).
    init(literal: String) {
        source = literal
        program = RegexProgram(literal: Array(literal.unicodeScalars))
    }

    /// The first match starting at or after `from`.
    func firstMatch(in text: ScalarSlice, from: Int) -> Range<Int>? {
        var start = from
        while start <= text.endIndex {
            if let end = program.match(text, at: start) { return start..<end }
            start += 1
        }
        return nil
    }

    /// Every match, left to right, as Oniguruma's `find_iter` yields them: after a match the search
    /// resumes at its end, and an empty match right where the previous match ended is skipped.
    func matches(in text: ScalarSlice) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var resume = text.startIndex
        var lastMatchEnd: Int?
        while resume <= text.endIndex, let match = firstMatch(in: text, from: resume) {
            if match.isEmpty && lastMatchEnd == match.upperBound {
                resume += 1
                continue
            }
            resume = match.upperBound
            lastMatchEnd = match.upperBound
            found.append(match)
        }
        return found
    }

    /// The text cut into matches and the gaps between them, covering it entirely (the `tokenizers`
    /// `Pattern::find_matches`); empty text is one empty gap.
    func runs(in text: ScalarSlice) -> [(range: Range<Int>, isMatch: Bool)] {
        if text.isEmpty { return [(text.startIndex..<text.startIndex, false)] }
        var runs: [(range: Range<Int>, isMatch: Bool)] = []
        var previous = text.startIndex
        for match in matches(in: text) {
            if previous != match.lowerBound { runs.append((previous..<match.lowerBound, false)) }
            runs.append((match, true))
            previous = match.upperBound
        }
        if previous != text.endIndex { runs.append((previous..<text.endIndex, false)) }
        return runs
    }
}

extension PatternRegex {
    /// Reads a tokenizer.json pattern object: `{"String": "…"}` (a literal) or `{"Regex": "…"}`.
    static func read(_ node: JSONNode) throws -> PatternRegex {
        if let literal = node["String"] { return PatternRegex(literal: try literal.string()) }
        guard let regex = node["Regex"] else { throw node.invalid("{\"String\": …} or {\"Regex\": …}") }
        let source = try regex.string()
        do {
            return try PatternRegex(source)
        } catch let error as RegexSyntaxError {
            throw TokenizerError.unsupportedPattern(pattern: source, reason: "\(error.reason) (at character \(error.offset))",
                                                    key: regex.path, file: node.file)
        }
    }

    /// Compiles a pattern built into this library (CLIP's and GPT-2's), naming `origin` on failure.
    static func builtIn(_ source: String, origin: String, file: String) throws -> PatternRegex {
        do {
            return try PatternRegex(source)
        } catch let error as RegexSyntaxError {
            throw TokenizerError.unsupportedPattern(pattern: source, reason: error.reason, key: origin, file: file)
        }
    }
}
