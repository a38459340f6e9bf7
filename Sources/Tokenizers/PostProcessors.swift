/// Adds special tokens and type ids around a sequence or pair (`post_processor` in tokenizer.json).
protocol PostProcessor: Sendable {
    /// How many special tokens `process` adds (counted against the truncation budget).
    func addedTokens(isPair: Bool) -> Int
    func process(_ first: Encoding, _ second: Encoding?, addSpecialTokens: Bool) -> Encoding
}

/// Builds post-processors from their JSON description, keyed by the `type` field.
enum PostProcessorRegistry {
    typealias Builder = @Sendable (JSONNode) throws -> any PostProcessor

    static let builders: [String: Builder] = [
        "TemplateProcessing": { node in try TemplateProcessing(node) },
        "BertProcessing": { node in
            BertProcessing(sep: try readPair(node.required("sep")), cls: try readPair(node.required("cls")))
        },
        "RobertaProcessing": { node in
            RobertaProcessing(sep: try readPair(node.required("sep")), cls: try readPair(node.required("cls")))
        },
        // ByteLevel only trims offsets, which this library does not report: ids and type ids pass through.
        "ByteLevel": { _ in ConcatenatingProcessor() },
    ]

    /// The post-processor described by `node`; `null` gives plain concatenation.
    static func make(_ node: JSONNode?) throws -> any PostProcessor {
        guard let node else { return ConcatenatingProcessor() }
        let type = try node.componentType()
        guard let builder = builders[type] else {
            throw TokenizerError.unsupportedComponent(kind: "post-processor", type: type, file: node.file,
                                                      key: node.path.isEmpty ? "type" : "\(node.path).type")
        }
        return try builder(node)
    }

    /// Reads `["[SEP]", 102]`.
    private static func readPair(_ node: JSONNode) throws -> Token {
        let items = try node.array()
        guard items.count == 2 else { throw node.invalid("a [token, id] pair") }
        return Token(id: try items[1].int(), value: try items[0].string())
    }
}

/// No post-processor: the pair (type id 1) follows the first sequence (type id 0).
struct ConcatenatingProcessor: PostProcessor {
    func addedTokens(isPair: Bool) -> Int { 0 }
    func process(_ first: Encoding, _ second: Encoding?, addSpecialTokens: Bool) -> Encoding {
        var result = first
        if let second { result.append(second) }
        return result
    }
}

/// `[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]`, B and its separator with type id 1.
struct BertProcessing: PostProcessor {
    let sep: Token
    let cls: Token

    func addedTokens(isPair: Bool) -> Int { isPair ? 3 : 2 }

    func process(_ first: Encoding, _ second: Encoding?, addSpecialTokens: Bool) -> Encoding {
        guard addSpecialTokens else { return ConcatenatingProcessor().process(first, second, addSpecialTokens: false) }
        var result = Encoding([cls], typeID: 0)
        result.append(first)
        result.append(Encoding([sep], typeID: 0))
        if let second {
            result.append(second)
            result.append(Encoding([sep], typeID: 1))
        }
        return result
    }
}

/// Templates such as `[CLS]:0 $A:0 [SEP]:0` for single sequences and pairs.
struct TemplateProcessing: PostProcessor {
    enum Piece: Sendable, Equatable {
        case sequence(isPair: Bool, typeID: Int)
        case special(name: TokenKey, typeID: Int)
    }

    let single: [Piece]
    let pair: [Piece]
    /// Special token name → the ids and tokens it expands to.
    let specialTokens: [TokenKey: [Token]]

    init(single: [Piece], pair: [Piece], specialTokens: [TokenKey: [Token]]) {
        self.single = single
        self.pair = pair
        self.specialTokens = specialTokens
    }

    init(_ node: JSONNode) throws {
        var specials: [TokenKey: [Token]] = [:]
        if let table = node["special_tokens"] {
            for (name, entry) in try table.members() {
                let ids = try entry.required("ids").array().map { try $0.int() }
                let tokens = try entry.required("tokens").array().map { try $0.string() }
                guard ids.count == tokens.count else {
                    throw entry.invalid("as many ids as tokens")
                }
                specials[TokenKey(name)] = zip(ids, tokens).map { Token(id: $0, value: $1) }
            }
        }
        let single = try Self.readTemplate(node.required("single"))
        let pair = try Self.readTemplate(node.required("pair"))
        for (template, key) in [(single, "single"), (pair, "pair")] {
            for case .special(let name, _) in template where specials[name] == nil {
                throw TokenizerError.specialTokenNotInVocabulary(
                    token: name.string, key: "\(node.path).\(key) (missing from \(node.path).special_tokens)", file: node.file)
            }
        }
        self.init(single: single, pair: pair, specialTokens: specials)
    }

    /// Reads a template: an array of `{"Sequence": {"id": "A", "type_id": 0}}` / `{"SpecialToken": …}`
    /// objects, or of strings such as `"$A:0"` / `"[CLS]:0"`, or one space-separated string.
    private static func readTemplate(_ node: JSONNode) throws -> [Piece] {
        if case .string(let text) = node.value {
            return try text.split(separator: " ").map { try parsePiece(String($0), node: node) }
        }
        return try node.array().map { item in
            if case .string(let text) = item.value { return try parsePiece(text, node: item) }
            if let sequence = item["Sequence"] {
                let id = try sequence.required("id").string()
                guard id == "A" || id == "B" else { throw sequence.invalid("sequence id \"A\" or \"B\"") }
                return .sequence(isPair: id == "B", typeID: try sequence.int("type_id", default: 0))
            }
            if let special = item["SpecialToken"] {
                return .special(name: TokenKey(try special.required("id").string()),
                                typeID: try special.int("type_id", default: 0))
            }
            throw item.invalid("a {\"Sequence\": …} or {\"SpecialToken\": …} template piece")
        }
    }

    private static func parsePiece(_ text: String, node: JSONNode) throws -> Piece {
        var name = Substring(text)
        var typeID = 0
        if let colon = text.lastIndex(of: ":"), let parsed = Int(text[text.index(after: colon)...]) {
            name = text[..<colon]
            typeID = parsed
        }
        switch name {
        case "$", "$A", "$0": return .sequence(isPair: false, typeID: typeID)
        case "$B", "$1": return .sequence(isPair: true, typeID: typeID)
        default:
            if name.hasPrefix("$") { throw node.invalid("a template piece like $A, $B or a special token") }
            return .special(name: TokenKey(String(name)), typeID: typeID)
        }
    }

    func addedTokens(isPair: Bool) -> Int {
        (isPair ? pair : single).reduce(0) { total, piece in
            if case .special(let name, _) = piece { return total + (specialTokens[name]?.count ?? 0) }
            return total
        }
    }

    func process(_ first: Encoding, _ second: Encoding?, addSpecialTokens: Bool) -> Encoding {
        var result = Encoding()
        for piece in second == nil ? single : pair {
            switch piece {
            case .sequence(let isPair, let typeID):
                guard var part = isPair ? second : first else { continue }
                part.setTypeID(typeID)
                result.append(part)
            case .special(let name, let typeID):
                if addSpecialTokens, let tokens = specialTokens[name] {
                    result.append(Encoding(tokens, typeID: typeID))
                }
            }
        }
        return result
    }
}
