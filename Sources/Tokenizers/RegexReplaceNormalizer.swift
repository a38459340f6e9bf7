/// `Replace` with a `{"Regex": …}` pattern: every match (found left to right, as Oniguruma's `find_iter`
/// finds them) is replaced by `content`. CLIP uses it to turn whitespace runs into one space.
struct RegexReplaceNormalizer: Normalizer {
    let pattern: PatternRegex
    let content: [Unicode.Scalar]

    func normalize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard !text.isEmpty else { return text }  // `tokenizers` does not search empty text
        let matches = pattern.matches(in: text[...])
        guard !matches.isEmpty else { return text }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        var last = 0
        for match in matches {
            out += text[last..<match.lowerBound]
            out += content
            last = match.upperBound
        }
        out += text[last...]
        return out
    }
}
