/// A token added on top of the model vocabulary (`added_tokens` in tokenizer.json,
/// `added_tokens_decoder` or the special tokens in tokenizer_config.json).
struct AddedToken: Sendable, Equatable {
    var content: String
    var special: Bool
    /// Matched against normalized text (true) or against the raw input (false).
    var normalized: Bool
    var lstrip = false
    var rstrip = false
    var singleWord = false

    /// Reads an added-token object (`{"content": …, "special": …, …}`).
    /// `special` overrides the file's flag; `normalized` defaults to `!special` as in `tokenizers`.
    static func read(_ node: JSONNode, special forcedSpecial: Bool? = nil) throws -> AddedToken {
        let special = try forcedSpecial ?? node.bool("special", default: false)
        return AddedToken(
            content: try node.required("content").string(),
            special: special,
            normalized: try node.bool("normalized", default: !special),
            lstrip: try node.bool("lstrip", default: false),
            rstrip: try node.bool("rstrip", default: false),
            singleWord: try node.bool("single_word", default: false))
    }
}

/// One piece of input text after added tokens have been taken out of it.
enum TextPiece {
    case text(ScalarSlice)
    case token(Token)
}

/// The added tokens of a tokenizer, and how to find them in text without ever splitting them.
struct AddedVocabulary: Sendable {
    private(set) var tokensByID: [Int: AddedToken] = [:]
    private(set) var idsByContent: [TokenKey: Int] = [:]
    private(set) var specialContents: Set<TokenKey> = []
    /// For normalized added tokens whose normalized form differs: what `decode` shows.
    private var normalizedContent: [Int: String] = [:]
    private var rawMatcher = TokenMatcher()
    private var normalizedMatcher = TokenMatcher()

    var isEmpty: Bool { tokensByID.isEmpty }
    var count: Int { tokensByID.count }

    func id(of content: String) -> Int? { idsByContent[TokenKey(content)] }
    func isSpecial(_ content: String) -> Bool { specialContents.contains(TokenKey(content)) }

    /// The text `decode` uses for an added token id (the normalized form for normalized tokens).
    func decodedContent(_ id: Int) -> String? {
        guard let token = tokensByID[id] else { return nil }
        return normalizedContent[id] ?? token.content
    }

    /// Adds `token`, reusing the model id of its content when the model knows it, else taking the next
    /// free id after the vocabulary (as `tokenizers` does; the ids written in the file are not trusted).
    /// Tokens already present with the same content are left as they are.
    mutating func add(_ token: AddedToken, model: any TokenModel, normalizer: (any Normalizer)?) {
        let key = TokenKey(token.content)
        guard !token.content.isEmpty, idsByContent[key] == nil else { return }
        let id: Int
        if let known = model.tokenToID(token.content) {
            id = known
        } else {
            let largest = tokensByID.keys.max()
            let size = model.vocabularySize
            if let largest, largest >= size || size == 0 { id = largest + 1 } else { id = size }
        }
        tokensByID[id] = token
        idsByContent[key] = id
        if token.special { specialContents.insert(key) }
        let contentScalars = Array(token.content.unicodeScalars)
        if token.normalized {
            let pattern = normalizer?.normalize(contentScalars) ?? contentScalars
            if pattern != contentScalars {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: pattern)
                normalizedContent[id] = String(view)
            }
            normalizedMatcher.insert(pattern, id: id)
        } else {
            rawMatcher.insert(contentScalars, id: id)
        }
    }

    /// Splits raw input around the added tokens that match un-normalized text.
    func splitRaw(_ text: ScalarSlice) -> [TextPiece] { split(text, with: rawMatcher) }

    /// Splits normalized text around the added tokens that match normalized text.
    func splitNormalized(_ text: ScalarSlice) -> [TextPiece] { split(text, with: normalizedMatcher) }

    private func split(_ text: ScalarSlice, with matcher: TokenMatcher) -> [TextPiece] {
        if matcher.isEmpty || text.isEmpty { return [.text(text)] }
        var pieces: [TextPiece] = []
        var consumed = text.startIndex
        for match in matcher.leftmostLongestMatches(in: text) {
            guard let token = tokensByID[match.id] else { continue }
            var start = match.range.lowerBound
            var end = match.range.upperBound
            if token.singleWord {
                let wordBefore = start > text.startIndex && UnicodeClass.isWordCharacter(text[start - 1])
                let wordAfter = end < text.endIndex && UnicodeClass.isWordCharacter(text[end])
                if wordBefore || wordAfter { continue }
            }
            if token.lstrip {
                var newStart = start
                while newStart > text.startIndex && UnicodeClass.isWhitespace(text[newStart - 1]) { newStart -= 1 }
                start = max(newStart, consumed)
            }
            if token.rstrip {
                while end < text.endIndex && UnicodeClass.isWhitespace(text[end]) { end += 1 }
            }
            if consumed < start { pieces.append(.text(text[consumed..<start])) }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: text[start..<end])
            pieces.append(.token(Token(id: match.id, value: String(view))))
            consumed = end
        }
        if consumed < text.endIndex { pieces.append(.text(text[consumed..<text.endIndex])) }
        return pieces
    }
}

/// Finds non-overlapping occurrences of a set of patterns, leftmost first and longest at each start
/// (the Aho–Corasick "leftmost-longest" semantics used by `tokenizers`).
struct TokenMatcher: Sendable {
    /// Patterns grouped by first scalar, longest first.
    private var byFirstScalar: [Unicode.Scalar: [(pattern: [Unicode.Scalar], id: Int)]] = [:]

    var isEmpty: Bool { byFirstScalar.isEmpty }

    mutating func insert(_ pattern: [Unicode.Scalar], id: Int) {
        guard let first = pattern.first else { return }
        var bucket = byFirstScalar[first] ?? []
        bucket.append((pattern, id))
        bucket.sort { $0.pattern.count > $1.pattern.count }
        byFirstScalar[first] = bucket
    }

    func leftmostLongestMatches(in text: ScalarSlice) -> [(range: Range<Int>, id: Int)] {
        var matches: [(range: Range<Int>, id: Int)] = []
        var i = text.startIndex
        scan: while i < text.endIndex {
            if let bucket = byFirstScalar[text[i]] {
                for candidate in bucket {
                    let end = i + candidate.pattern.count
                    if end <= text.endIndex && text[i..<end].elementsEqual(candidate.pattern) {
                        matches.append((i..<end, candidate.id))
                        i = end
                        continue scan
                    }
                }
            }
            i += 1
        }
        return matches
    }
}
