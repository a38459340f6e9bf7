/// Byte-pair encoding (`"type": "BPE"` in tokenizer.json), as the `tokenizers` library runs it: a word
/// starts as one symbol per scalar (the first without and the others with `continuing_subword_prefix`,
/// the last with `end_of_word_suffix`), symbols missing from the vocabulary become bytes
/// (`byte_fallback`) or the unknown token (fused when `fuse_unk`), then the ranked merges join adjacent
/// symbols. With `ignore_merges`, a word found whole in the vocabulary is one token. Results are cached
/// per word. `dropout` (random merging) is rejected: its output is not reproducible.
struct BPE: TokenModel {
    let vocabulary: [TokenKey: Int]
    private let reverse: [Int: String]
    let merges: [BPEPair: BPEMerge]
    let unknown: Token?
    let continuingSubwordPrefix: [UInt8]
    let endOfWordSuffix: [UInt8]
    let fuseUnknown: Bool
    let byteFallback: Bool
    let ignoreMerges: Bool
    private let cache = BPECache()

    /// Where the model was read from, for error messages.
    struct Origin {
        let file: String
        /// Key path of the model object (e.g. "model").
        let path: String
        /// Where the unknown token was given, when not in the model object (e.g. tokenizer_config.json).
        var unknownKey: String?

        func key(_ name: String) -> String {
            if name == "unk_token", let unknownKey { return unknownKey }
            return path.isEmpty ? name : "\(path).\(name)"
        }
    }

    init(vocabulary: [TokenKey: Int], merges: [(String, String)], unknownToken: String?,
         continuingSubwordPrefix: String?, endOfWordSuffix: String?, fuseUnknown: Bool, byteFallback: Bool,
         ignoreMerges: Bool, origin: Origin) throws {
        self.vocabulary = vocabulary
        var reverse: [Int: String] = [:]
        reverse.reserveCapacity(vocabulary.count)
        for (token, id) in vocabulary { reverse[id] = token.string }
        self.reverse = reverse
        if let unknownToken {
            guard let id = vocabulary[TokenKey(unknownToken)] else {
                throw TokenizerError.unknownTokenNotInVocabulary(token: unknownToken, key: origin.key("unk_token"),
                                                                 file: origin.file)
            }
            unknown = Token(id: id, value: unknownToken)
        } else {
            unknown = nil
        }
        let prefix = Array((continuingSubwordPrefix ?? "").utf8)
        self.continuingSubwordPrefix = prefix
        self.endOfWordSuffix = Array((endOfWordSuffix ?? "").utf8)
        self.fuseUnknown = fuseUnknown
        self.byteFallback = byteFallback
        self.ignoreMerges = ignoreMerges

        var table: [BPEPair: BPEMerge] = [:]
        table.reserveCapacity(merges.count)
        for (rank, (left, right)) in merges.enumerated() {
            func missing(_ token: String) -> TokenizerError {
                .invalidValue(key: origin.key("merges[\(rank)]"), value: "\"\(left) \(right)\"", file: origin.file,
                              expected: "a merge of tokens in the vocabulary (\"\(token)\" is not)")
            }
            guard let leftID = vocabulary[TokenKey(left)] else { throw missing(left) }
            guard let rightID = vocabulary[TokenKey(right)] else { throw missing(right) }
            let rightBytes = Array(right.utf8)
            guard rightBytes.count >= prefix.count else { throw missing(right) }
            let merged = TokenKey(bytes: Array(left.utf8) + rightBytes[prefix.count...])
            guard let mergedID = vocabulary[merged] else { throw missing(merged.string) }
            table[BPEPair(leftID, rightID)] = BPEMerge(rank: rank, id: mergedID)  // a repeated pair keeps its last rank
        }
        self.merges = table
    }

    /// Reads a `"type": "BPE"` model object.
    static func read(_ node: JSONNode) throws -> BPE {
        let origin = Origin(file: node.file, path: node.path)
        if let dropout = node["dropout"], try dropout.number() > 0 {
            throw TokenizerError.unsupportedComponent(kind: "model", type: "BPE with dropout", file: node.file,
                                                      key: origin.key("dropout"))
        }
        return try BPE(
            vocabulary: try WordPiece.readVocabulary(node.required("vocab")),
            merges: try readMerges(node.required("merges")),
            unknownToken: try node["unk_token"]?.string(),
            continuingSubwordPrefix: try node["continuing_subword_prefix"]?.string(),
            endOfWordSuffix: try node["end_of_word_suffix"]?.string(),
            fuseUnknown: try node.bool("fuse_unk", default: false),
            byteFallback: try node.bool("byte_fallback", default: false),
            ignoreMerges: try node.bool("ignore_merges", default: false),
            origin: origin)
    }

    /// Reads `merges`: `["a b", …]` strings (lines starting with "#version" are skipped) or `[["a", "b"], …]` pairs.
    static func readMerges(_ node: JSONNode) throws -> [(String, String)] {
        var merges: [(String, String)] = []
        let items = try node.array()
        merges.reserveCapacity(items.count)
        for item in items {
            if case .string(let line) = item.value {
                if line.hasPrefix("#version") { continue }
                let parts = line.split(separator: " ", omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw item.invalid("a merge \"left right\" with exactly one space") }
                merges.append((String(parts[0]), String(parts[1])))
            } else {
                let pair = try item.array()
                guard pair.count == 2 else { throw item.invalid("a merge: a string \"left right\" or a pair [left, right]") }
                merges.append((try pair[0].string(), try pair[1].string()))
            }
        }
        return merges
    }

    var vocabularySize: Int { vocabulary.count }
    func tokenToID(_ token: String) -> Int? { vocabulary[TokenKey(token)] }
    func idToToken(_ id: Int) -> String? { reverse[id] }

    func tokenize(_ word: ScalarSlice) -> [Token] {
        guard !word.isEmpty else { return [] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(word.count)
        for scalar in word { UTF8.encode(scalar) { bytes.append($0) } }
        let key = TokenKey(bytes: bytes)
        if ignoreMerges, let id = vocabulary[key] { return [Token(id: id, value: key.string)] }
        if let cached = cache.tokens(for: key) { return cached }
        let tokens = merge(word)
        cache.store(tokens, for: key)
        return tokens
    }

    /// The initial symbols of `word`, merged.
    private func merge(_ word: ScalarSlice) -> [Token] {
        var symbols = BPEWord(capacity: word.count)
        var pendingUnknown: Int?
        var piece: [UInt8] = []
        let last = word.index(before: word.endIndex)
        for index in word.indices {
            piece.removeAll(keepingCapacity: true)
            if index != word.startIndex { piece += continuingSubwordPrefix }
            UTF8.encode(word[index]) { piece.append($0) }
            if index == last { piece += endOfWordSuffix }
            if let id = vocabulary[TokenKey(bytes: piece)] {
                if let pending = pendingUnknown {
                    symbols.append(pending)
                    pendingUnknown = nil
                }
                symbols.append(id)
                continue
            }
            // As in `tokenizers`, byte-fallback tokens go in without first flushing a pending unknown token.
            if byteFallback, let ids = byteTokens(piece) {
                for id in ids { symbols.append(id) }
                continue
            }
            guard let unknown else { continue }  // no unknown token: the scalar is dropped
            if let pending = pendingUnknown, !fuseUnknown { symbols.append(pending) }
            pendingUnknown = unknown.id
        }
        if let pending = pendingUnknown { symbols.append(pending) }
        symbols.mergeAll(merges)
        return symbols.ids.map { Token(id: $0, value: reverse[$0] ?? "") }
    }

    /// The `<0xHH>` tokens of every byte of `piece`, or nil when one of them is not in the vocabulary.
    private func byteTokens(_ piece: [UInt8]) -> [Int]? {
        let digits = Array("0123456789ABCDEF".utf8)
        var ids: [Int] = []
        for byte in piece {
            let name: [UInt8] = Array("<0x".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 0xF)], UInt8(ascii: ">")]
            guard let id = vocabulary[TokenKey(bytes: name)] else { return nil }
            ids.append(id)
        }
        return ids
    }
}
