/// `Split`: cuts text around the matches of a pattern (a literal or a regular expression), keeping or
/// dropping them as `behavior` says; with `invert`, the matches are the pieces and the gaps the delimiters.
struct SplitPreTokenizer: PreTokenizer {
    let pattern: PatternRegex
    let behavior: SplitBehavior
    let invert: Bool

    /// Reads `{"type": "Split", "pattern": {…}, "behavior": "Removed", "invert": false}`.
    init(_ node: JSONNode) throws {
        pattern = try PatternRegex.read(node.required("pattern"))
        guard let behavior = try SplitBehavior.read(node.required("behavior")) else {
            throw TokenizerError.missingKey(key: node.path.isEmpty ? "behavior" : "\(node.path).behavior", file: node.file)
        }
        self.behavior = behavior
        invert = try node.bool("invert", default: false)
    }

    init(pattern: PatternRegex, behavior: SplitBehavior, invert: Bool) {
        self.pattern = pattern
        self.behavior = behavior
        self.invert = invert
    }

    func split(_ piece: ScalarSlice, into words: inout [ScalarSlice]) {
        var runs = pattern.runs(in: piece)
        if invert { runs = runs.map { ($0.range, !$0.isMatch) } }
        behavior.apply(runs, of: piece, into: &words)
    }
}
