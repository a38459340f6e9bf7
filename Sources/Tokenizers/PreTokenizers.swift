/// A piece of normalized text: a slice of Unicode scalars.
typealias ScalarSlice = ArraySlice<Unicode.Scalar>

/// Splits normalized text into words, from the `pre_tokenizer` section of tokenizer.json.
/// Empty pieces are never produced.
protocol PreTokenizer: Sendable {
    func split(_ piece: ScalarSlice, into words: inout [ScalarSlice])
}

extension PreTokenizer {
    /// Applies this pre-tokenizer to every piece in turn.
    func split(_ pieces: [ScalarSlice]) -> [ScalarSlice] {
        var words: [ScalarSlice] = []
        words.reserveCapacity(pieces.count * 2)
        for piece in pieces { split(piece, into: &words) }
        return words
    }
}

/// Builds pre-tokenizers from their JSON description, keyed by the `type` field.
enum PreTokenizerRegistry {
    typealias Builder = @Sendable (JSONNode) throws -> any PreTokenizer

    static let builders: [String: Builder] = [
        "BertPreTokenizer": { _ in BertPreTokenizer() },
        "Whitespace": { _ in WhitespacePreTokenizer() },
        "WhitespaceSplit": { _ in WhitespaceSplitPreTokenizer() },
        "Punctuation": { node in
            PunctuationPreTokenizer(behavior: try SplitBehavior.read(node["behavior"]) ?? .isolated)
        },
        "Digits": { node in
            DigitsPreTokenizer(individualDigits: try node.bool("individual_digits", default: false))
        },
        "Split": { node in try SplitPreTokenizer(node) },
        "ByteLevel": { node in
            try ByteLevelPreTokenizer(addPrefixSpace: try node.bool("add_prefix_space", default: true),
                                      useRegex: try node.bool("use_regex", default: true), file: node.file)
        },
        "Sequence": { node in
            SequencePreTokenizer(steps: try node.required("pretokenizers").array().map { try make($0) })
        },
    ]

    /// The pre-tokenizer described by `node`; throws `unsupported pre-tokenizer "X"` for unknown types.
    static func make(_ node: JSONNode) throws -> any PreTokenizer {
        let type = try node.componentType()
        guard let builder = builders[type] else {
            throw TokenizerError.unsupportedComponent(kind: "pre-tokenizer", type: type, file: node.file,
                                                      key: node.path.isEmpty ? "type" : "\(node.path).type")
        }
        return try builder(node)
    }
}

/// What to do with a delimiter when splitting (the `tokenizers` `SplitDelimiterBehavior`).
enum SplitBehavior: String, Sendable {
    case removed = "Removed"
    case isolated = "Isolated"
    case mergedWithPrevious = "MergedWithPrevious"
    case mergedWithNext = "MergedWithNext"
    case contiguous = "Contiguous"

    static func read(_ node: JSONNode?) throws -> SplitBehavior? {
        guard let node else { return nil }
        let name = try node.string()
        guard let behavior = SplitBehavior(rawValue: name) else {
            throw node.invalid("one of Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous")
        }
        return behavior
    }

    /// Splits `piece` around every scalar for which `isDelimiter` holds, as the `tokenizers` crate does.
    func split(_ piece: ScalarSlice, into words: inout [ScalarSlice], isDelimiter: (Unicode.Scalar) -> Bool) {
        // Alternating runs: (range, isMatch); every match is a single scalar.
        var runs: [(range: Range<Int>, isMatch: Bool)] = []
        var last = piece.startIndex
        for i in piece.indices where isDelimiter(piece[i]) {
            if last < i { runs.append((last..<i, false)) }
            runs.append((i..<(i + 1), true))
            last = i + 1
        }
        if last < piece.endIndex { runs.append((last..<piece.endIndex, false)) }
        apply(runs, of: piece, into: &words)
    }

    /// Keeps, drops or merges the runs of `piece` (matches and the gaps between them, covering it in
    /// order) as this behaviour says, appending the non-empty results to `words` (`NormalizedString::split`).
    func apply(_ runs: [(range: Range<Int>, isMatch: Bool)], of piece: ScalarSlice, into words: inout [ScalarSlice]) {
        var kept: [Range<Int>] = []
        switch self {
        case .removed:
            kept = runs.filter { !$0.isMatch }.map(\.range)
        case .isolated:
            kept = runs.map(\.range)
        case .contiguous:
            var previous = false
            for run in runs {
                if run.isMatch == previous, let tail = kept.last {
                    kept[kept.count - 1] = tail.lowerBound..<run.range.upperBound
                } else {
                    kept.append(run.range)
                }
                previous = run.isMatch
            }
        case .mergedWithPrevious:
            var previous = false
            for run in runs {
                if run.isMatch && !previous, let tail = kept.last {
                    kept[kept.count - 1] = tail.lowerBound..<run.range.upperBound
                } else {
                    kept.append(run.range)
                }
                previous = run.isMatch
            }
        case .mergedWithNext:
            var previous = false
            for run in runs.reversed() {
                if run.isMatch && !previous, let head = kept.last {
                    kept[kept.count - 1] = run.range.lowerBound..<head.upperBound
                } else {
                    kept.append(run.range)
                }
                previous = run.isMatch
            }
            kept.reverse()
        }
        for range in kept where !range.isEmpty { words.append(piece[range]) }
    }
}

/// BERT: split on whitespace (dropped), then make every punctuation scalar its own word.
struct BertPreTokenizer: PreTokenizer {
    func split(_ piece: ScalarSlice, into words: inout [ScalarSlice]) {
        var start = piece.startIndex
        for i in piece.indices {
            let s = piece[i]
            if UnicodeClass.isWhitespace(s) {
                if start < i { words.append(piece[start..<i]) }
                start = i + 1
            } else if UnicodeClass.isPunctuation(s) {
                if start < i { words.append(piece[start..<i]) }
                words.append(piece[i..<(i + 1)])
                start = i + 1
            }
        }
        if start < piece.endIndex { words.append(piece[start..<piece.endIndex]) }
    }
}

/// The regex `\w+|[^\w\s]+`: runs of word characters and runs of other non-space characters.
struct WhitespacePreTokenizer: PreTokenizer {
    private enum Kind { case word, space, other }

    private func kind(_ s: Unicode.Scalar) -> Kind {
        if UnicodeClass.isWordCharacter(s) { return .word }
        return UnicodeClass.isWhitespace(s) ? .space : .other
    }

    func split(_ piece: ScalarSlice, into words: inout [ScalarSlice]) {
        var i = piece.startIndex
        while i < piece.endIndex {
            let k = kind(piece[i])
            if k == .space { i += 1; continue }
            var j = i + 1
            while j < piece.endIndex && kind(piece[j]) == k { j += 1 }
            words.append(piece[i..<j])
            i = j
        }
    }
}

/// Split on whitespace, dropping it.
struct WhitespaceSplitPreTokenizer: PreTokenizer {
    func split(_ piece: ScalarSlice, into words: inout [ScalarSlice]) {
        SplitBehavior.removed.split(piece, into: &words, isDelimiter: UnicodeClass.isWhitespace)
    }
}

/// Split around punctuation scalars with a configurable behaviour (default: isolated).
struct PunctuationPreTokenizer: PreTokenizer {
    let behavior: SplitBehavior
    func split(_ piece: ScalarSlice, into words: inout [ScalarSlice]) {
        behavior.split(piece, into: &words, isDelimiter: UnicodeClass.isPunctuation)
    }
}

/// Split numbers off: one word per digit, or one per run of digits.
struct DigitsPreTokenizer: PreTokenizer {
    let individualDigits: Bool
    func split(_ piece: ScalarSlice, into words: inout [ScalarSlice]) {
        let behavior: SplitBehavior = individualDigits ? .isolated : .contiguous
        behavior.split(piece, into: &words, isDelimiter: UnicodeClass.isNumeric)
    }
}

struct SequencePreTokenizer: PreTokenizer {
    let steps: [any PreTokenizer]
    func split(_ piece: ScalarSlice, into words: inout [ScalarSlice]) {
        var pieces = [piece]
        for step in steps { pieces = step.split(pieces) }
        words.append(contentsOf: pieces)
    }
}
