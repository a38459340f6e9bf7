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
    /// The unknown token and its id; nil for a model without one (e.g. a byte-level BPE).
    var unknown: Token? { get }
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
        "BPE": { node in try BPE.read(node) },
    ]

    /// The model described by `node`; throws `unsupported model "X"` for unknown types.
    static func make(_ node: JSONNode) throws -> any TokenModel {
        let type = try node.componentType()
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
    let vocabulary: [TokenKey: Int]
    let reverse: [Int: String]
    let unknownToken: Token
    let prefix: [UInt8]
    let maxInputCharsPerWord: Int
    /// The longest vocabulary entry, in scalars: no candidate longer than this can match.
    private let longestEntry: Int

    init(vocabulary: [TokenKey: Int], unknownToken: String, continuingSubwordPrefix: String,
         maxInputCharsPerWord: Int, file: String, unknownKey: String) throws {
        guard let unknownID = vocabulary[TokenKey(unknownToken)] else {
            throw TokenizerError.unknownTokenNotInVocabulary(token: unknownToken, key: unknownKey, file: file)
        }
        self.vocabulary = vocabulary
        var reverse: [Int: String] = [:]
        reverse.reserveCapacity(vocabulary.count)
        for (token, id) in vocabulary { reverse[id] = token.string }
        self.reverse = reverse
        self.unknownToken = Token(id: unknownID, value: unknownToken)
        self.prefix = Array(continuingSubwordPrefix.utf8)
        self.maxInputCharsPerWord = maxInputCharsPerWord
        self.longestEntry = vocabulary.keys.reduce(0) { max($0, $1.scalarCount) }
    }

    /// Reads `model.vocab`: an object of token → id.
    static func readVocabulary(_ node: JSONNode) throws -> [TokenKey: Int] {
        guard case .object(let members) = node.value else { throw node.invalid("an object of token to id") }
        var vocabulary: [TokenKey: Int] = [:]
        vocabulary.reserveCapacity(members.count)
        for (token, value) in members {
            guard case .int(let id) = value, id >= 0 else {
                throw TokenizerError.invalidValue(key: "\(node.path).\(token)", value: value.summary,
                                                  file: node.file, expected: "a non-negative integer id")
            }
            vocabulary[TokenKey(token)] = id
        }
        return vocabulary
    }

    /// Reads a `vocab.txt`: one token per line, the id is the line number; trailing whitespace is dropped.
    static func readVocabulary(text: String) -> [TokenKey: Int] {
        var vocabulary: [TokenKey: Int] = [:]
        var index = 0
        // Split on scalars: as a `Character`, "\r\n" is a single grapheme and would not split on "\n".
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }  // a final newline ends the last line
        vocabulary.reserveCapacity(lines.count)
        for line in lines {
            var scalars = line
            while let last = scalars.last, UnicodeClass.isWhitespace(last) { scalars.removeLast() }
            vocabulary[TokenKey(String(Substring(scalars)))] = index
            index += 1
        }
        return vocabulary
    }

    var vocabularySize: Int { vocabulary.count }
    var unknown: Token? { unknownToken }
    func tokenToID(_ token: String) -> Int? { vocabulary[TokenKey(token)] }
    func idToToken(_ id: Int) -> String? { reverse[id] }

    func tokenize(_ word: ScalarSlice) -> [Token] {
        let count = word.count
        if count > maxInputCharsPerWord { return [unknownToken] }
        // UTF-8 of the word, with the byte offset of every scalar boundary.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(count * 2)
        var offsets: [Int] = [0]
        offsets.reserveCapacity(count + 1)
        for scalar in word {
            UTF8.encode(scalar) { utf8.append($0) }
            offsets.append(utf8.count)
        }
        var tokens: [Token] = []
        var start = 0
        var candidate: [UInt8] = []
        candidate.reserveCapacity(utf8.count + prefix.count)
        while start < count {
            let limit = max(start == 0 ? longestEntry : longestEntry - prefix.count, 0)
            var end = min(count, start + limit)
            var match: Token?
            while start < end {
                candidate.removeAll(keepingCapacity: true)
                if start > 0 { candidate.append(contentsOf: prefix) }
                candidate.append(contentsOf: utf8[offsets[start]..<offsets[end]])
                if let id = vocabulary[TokenKey(bytes: candidate)] {
                    match = Token(id: id, value: String(decoding: candidate, as: UTF8.self))
                    break
                }
                end -= 1
            }
            guard let found = match else { return [unknownToken] }
            tokens.append(found)
            start = end
        }
        return tokens
    }
}

/// A vocabulary key compared byte for byte. Swift `String` equality is canonical equivalence, under
/// which "é" and "e\u{301}" (or "Å" and "A\u{30A}") are one key; tokenizers keeps them distinct.
struct TokenKey: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ string: String) { bytes = Array(string.utf8) }
    init(bytes: [UInt8]) { self.bytes = bytes }

    var string: String { String(decoding: bytes, as: UTF8.self) }
    /// Number of Unicode scalars (UTF-8 lead bytes).
    var scalarCount: Int { bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (lhs: TokenKey, rhs: TokenKey) -> Bool { lhs.bytes == rhs.bytes }
}
