/// A token produced by the model: its id and its text.
struct Token: Sendable, Equatable {
    let id: Int
    let value: String
}

/// A subword model that turns one pre-tokenized word into tokens.
protocol TokenModel: Sendable {
    func tokenize(_ word: ScalarSlice) -> [Token]
    func tokenToID(_ token: String) -> Int?
    func idToToken(_ id: Int) -> String?
    var vocabularySize: Int { get }
    /// The unknown token and its id.
    var unknown: Token { get }
}

/// Builds models from their JSON description, keyed by the `type` field.
enum ModelRegistry {
    typealias Builder = @Sendable (JSONNode) throws -> any TokenModel

    static let builders: [String: Builder] = [
        "WordPiece": { node in
            try WordPiece(
                vocabulary: try WordPiece.readVocabulary(node.required("vocab")),
                unknownToken: try node.string("unk_token", default: "[UNK]"),
                continuingSubwordPrefix: try node.string("continuing_subword_prefix", default: "##"),
                maxInputCharsPerWord: try node.int("max_input_chars_per_word", default: 100),
                file: node.file, unknownKey: node.path.isEmpty ? "unk_token" : "\(node.path).unk_token")
        },
    ]

    /// The model described by `node`; throws `unsupported model "X"` for unknown types.
    static func make(_ node: JSONNode) throws -> any TokenModel {
        let type = try node.componentType(kind: "model")
        guard let builder = builders[type] else {
            throw TokenizerError.unsupportedComponent(kind: "model", type: type, file: node.file,
                                                      key: node.path.isEmpty ? "type" : "\(node.path).type")
        }
        return try builder(node)
    }
}

/// WordPiece: greedy longest-match-first over Unicode scalars, with a continuing-subword prefix.
/// A word longer than `maxInputCharsPerWord` scalars, or one with a piece that matches nothing,
/// becomes a single unknown token.
struct WordPiece: TokenModel {
    let vocabulary: [String: Int]
    let reverse: [Int: String]
    let unknown: Token
    let prefix: [Unicode.Scalar]
    let maxInputCharsPerWord: Int
    /// The longest vocabulary entry, in scalars: no candidate longer than this can match.
    private let longestEntry: Int

    init(vocabulary: [String: Int], unknownToken: String, continuingSubwordPrefix: String,
         maxInputCharsPerWord: Int, file: String, unknownKey: String) throws {
        guard let unknownID = vocabulary[unknownToken] else {
            throw TokenizerError.unknownTokenNotInVocabulary(token: unknownToken, key: unknownKey, file: file)
        }
        self.vocabulary = vocabulary
        var reverse: [Int: String] = [:]
        reverse.reserveCapacity(vocabulary.count)
        for (token, id) in vocabulary { reverse[id] = token }
        self.reverse = reverse
        self.unknown = Token(id: unknownID, value: unknownToken)
        self.prefix = Array(continuingSubwordPrefix.unicodeScalars)
        self.maxInputCharsPerWord = maxInputCharsPerWord
        self.longestEntry = vocabulary.keys.reduce(0) { max($0, $1.unicodeScalars.count) }
    }

    /// Reads `model.vocab`: an object of token → id.
    static func readVocabulary(_ node: JSONNode) throws -> [String: Int] {
        guard case .object(let members) = node.value else { throw node.invalid("an object of token to id") }
        var vocabulary: [String: Int] = [:]
        vocabulary.reserveCapacity(members.count)
        for (token, value) in members {
            guard case .int(let id) = value, id >= 0 else {
                throw TokenizerError.invalidValue(key: "\(node.path).\(token)", value: value.summary,
                                                  file: node.file, expected: "a non-negative integer id")
            }
            vocabulary[token] = id
        }
        return vocabulary
    }

    /// Reads a `vocab.txt`: one token per line, the id is the line number; trailing whitespace is dropped.
    static func readVocabulary(text: String) -> [String: Int] {
        var vocabulary: [String: Int] = [:]
        var index = 0
        // Split on scalars: as a `Character`, "\r\n" is a single grapheme and would not split on "\n".
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }  // a final newline ends the last line
        vocabulary.reserveCapacity(lines.count)
        for line in lines {
            var scalars = line
            while let last = scalars.last, UnicodeClass.isWhitespace(last) { scalars.removeLast() }
            vocabulary[String(Substring(scalars))] = index
            index += 1
        }
        return vocabulary
    }

    var vocabularySize: Int { vocabulary.count }
    func tokenToID(_ token: String) -> Int? { vocabulary[token] }
    func idToToken(_ id: Int) -> String? { reverse[id] }

    func tokenize(_ word: ScalarSlice) -> [Token] {
        if word.count > maxInputCharsPerWord { return [unknown] }
        var tokens: [Token] = []
        var start = word.startIndex
        var candidate = String.UnicodeScalarView()
        while start < word.endIndex {
            let limit = start == word.startIndex ? longestEntry : longestEntry - prefix.count
            var end = min(word.endIndex, start + max(limit, 0))
            var match: Token?
            while start < end {
                candidate.removeAll(keepingCapacity: true)
                if start > word.startIndex { candidate.append(contentsOf: prefix) }
                candidate.append(contentsOf: word[start..<end])
                let text = String(candidate)
                if let id = vocabulary[text] {
                    match = Token(id: id, value: text)
                    break
                }
                end -= 1
            }
            guard let found = match else { return [unknown] }
            tokens.append(found)
            start = end
        }
        return tokens
    }
}
