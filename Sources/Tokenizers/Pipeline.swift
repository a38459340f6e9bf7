import Foundation

/// Every part of a loaded tokenizer, assembled the way transformers assembles them.
struct Pipeline: Sendable {
    var normalizer: (any Normalizer)?
    var preTokenizer: (any PreTokenizer)?
    var model: any TokenModel
    var postProcessor: any PostProcessor
    var decoder: any TokenDecoder
    var addedVocabulary = AddedVocabulary()
    var config: TokenizerConfig
    /// The file the model came from (tokenizer.json or vocab.txt), for error messages.
    var source: String
    /// Pad token and pad type id from tokenizer.json's `padding` section, used when the config has none.
    var fallbackPadToken: String?
    var padTypeID = 0
    var fallbackPaddingSide: PaddingSide?
    var fallbackTruncationSide: PaddingSide?
    /// Set for transformers' `BertTokenizer`, whose `[CLS] … [SEP]` template is built from the config.
    var usesBertTemplate = false
    /// Set for transformers' `CLIPTokenizer`, whose `<|startoftext|> … <|endoftext|>` template is built
    /// from the config.
    var usesCLIPTemplate = false

    /// Tokenizer classes whose transformers 5 implementation rebuilds a BERT WordPiece pipeline from
    /// tokenizer_config.json (ignoring tokenizer.json's normalizer, pre-tokenizer, post-processor and decoder).
    static let bertFamilyClasses: Set<String> = [
        "BertTokenizer", "DistilBertTokenizer", "ConvBertTokenizer", "ElectraTokenizer", "LayoutLMTokenizer",
        "SqueezeBertTokenizer", "RetriBertTokenizer", "DPRContextEncoderTokenizer", "DPRQuestionEncoderTokenizer",
        "DPRReaderTokenizer",
    ]
    /// `model_type` values that AutoTokenizer maps to `BertTokenizer` when `tokenizer_class` is absent.
    static let bertFamilyModelTypes: Set<String> = [
        "bert", "distilbert", "convbert", "electra", "layoutlm", "squeezebert", "retribert", "megatron-bert",
        "nezha", "nomic_bert", "ernie", "qdqbert", "realm", "dpr",
    ]

    static func isBertFamily(_ config: TokenizerConfig) -> Bool {
        if let cls = config.tokenizerClass { return bertFamilyClasses.contains(cls) }
        return config.modelType.map { bertFamilyModelTypes.contains($0) } ?? false
    }

    /// Loads tokenizer.json (with the configuration beside it).
    static func fromTokenizerJSON(_ data: Data, source: String, config: TokenizerConfig) throws -> Pipeline {
        let root = JSONNode(try JSON.parse(data, file: source), file: source)
        guard case .object = root.value else { throw root.invalid("a JSON object") }
        let modelNode = try root.required("model")

        var pipeline: Pipeline
        var fileAddedTokens: [AddedToken] = []
        if let list = root["added_tokens"] {
            fileAddedTokens = try list.array().map { try AddedToken.read($0) }
        }
        if isBertFamily(config) {
            let vocabulary = try WordPiece.readVocabulary(modelNode.required("vocab"))
            pipeline = try bert(vocabulary: vocabulary, source: source, config: config)
            // transformers reads tokenizer.json's added tokens only when the config has no added_tokens_decoder.
            let added = config.addedTokensDecoder.map { $0.map(\.token) } ?? fileAddedTokens
            pipeline.addTokens(added)
        } else if isCLIPFamily(config) {
            pipeline = try clip(model: modelNode, source: source, config: config)
            pipeline.addTokens(config.addedTokensDecoder.map { $0.map(\.token) } ?? fileAddedTokens)
        } else {
            let model = try ModelRegistry.make(modelNode)
            let normalizer = try root["normalizer"].map { try NormalizerRegistry.make($0) }
            pipeline = Pipeline(
                normalizer: normalizer,
                preTokenizer: try root["pre_tokenizer"].map { try PreTokenizerRegistry.make($0) },
                model: model,
                postProcessor: try PostProcessorRegistry.make(root["post_processor"]),
                decoder: try DecoderRegistry.make(root["decoder"]),
                config: config, source: source)
            pipeline.addTokens(fileAddedTokens)
            pipeline.addTokens(config.addedTokensDecoder?.map(\.token) ?? [])
        }
        if let padding = root["padding"] {
            pipeline.fallbackPadToken = try padding["pad_token"]?.string()
            pipeline.padTypeID = try padding.int("pad_type_id", default: 0)
            pipeline.fallbackPaddingSide = try padding["direction"].map { try side($0) }
        }
        if let truncation = root["truncation"] {
            pipeline.fallbackTruncationSide = try truncation["direction"].map { try side($0) }
        }
        try pipeline.finish()
        return pipeline
    }

    /// Builds a BERT WordPiece tokenizer from a `vocab.txt` (no tokenizer.json).
    static func fromVocabulary(_ data: Data, source: String, config: TokenizerConfig) throws -> Pipeline {
        guard let text = String(data: data, encoding: .utf8) else {
            throw TokenizerError.unreadableFile(file: source, reason: "not UTF-8 text")
        }
        var pipeline = try bert(vocabulary: WordPiece.readVocabulary(text: text), source: source, config: config)
        pipeline.addTokens(config.addedTokensDecoder?.map(\.token) ?? [])
        try pipeline.finish()
        return pipeline
    }

    /// transformers' `BertTokenizer`: the normalizer from `do_lower_case`, `strip_accents` and
    /// `tokenize_chinese_chars`, BERT pre-tokenization, `[CLS] … [SEP]` templates, WordPiece decoding.
    private static func bert(vocabulary: [TokenKey: Int], source: String, config: TokenizerConfig) throws -> Pipeline {
        var config = config
        for (key, content) in [("unk_token", "[UNK]"), ("sep_token", "[SEP]"), ("pad_token", "[PAD]"),
                               ("cls_token", "[CLS]"), ("mask_token", "[MASK]")] {
            config.setDefaultSpecialToken(key, content)
        }
        let unknown = config.specialToken("unk_token") ?? "[UNK]"
        let model = try WordPiece(vocabulary: vocabulary, unknownToken: unknown, continuingSubwordPrefix: "##",
                                  maxInputCharsPerWord: 100, file: source, unknownKey: "unk_token in \(config.file)")
        let normalizer = BertNormalizer(cleanText: true, handleChineseChars: config.tokenizeChineseChars ?? true,
                                        stripAccents: config.stripAccents, lowercase: config.doLowerCase ?? true)
        var pipeline = Pipeline(normalizer: normalizer, preTokenizer: BertPreTokenizer(), model: model,
                                postProcessor: ConcatenatingProcessor(),  // replaced in `finish`
                                decoder: WordPieceDecoder(prefix: "##", cleanup: true),
                                config: config, source: source)
        pipeline.usesBertTemplate = true
        return pipeline
    }

    private static func side(_ node: JSONNode) throws -> PaddingSide {
        guard let side = PaddingSide(rawValue: try node.string().lowercased()) else {
            throw node.invalid("\"Left\" or \"Right\"")
        }
        return side
    }

    mutating func addTokens(_ tokens: [AddedToken]) {
        for token in tokens {
            addedVocabulary.add(token, model: model, normalizer: normalizer)
        }
    }

    /// Adds the configured special tokens that are not yet known, then (for BERT and CLIP) the post-processor.
    private mutating func finish() throws {
        addTokens(config.namedSpecialTokens.map(\.token) + config.extraSpecialTokens)
        if usesCLIPTemplate { postProcessor = try clipPostProcessor() }
        if usesBertTemplate {
            let cls = config.specialToken("cls_token") ?? "[CLS]"
            let sep = config.specialToken("sep_token") ?? "[SEP]"
            let clsToken = Token(id: tokenID(cls) ?? 2, value: cls)
            let sepToken = Token(id: tokenID(sep) ?? 3, value: sep)
            let (clsKey, sepKey) = (TokenKey(cls), TokenKey(sep))
            postProcessor = TemplateProcessing(
                single: [.special(name: clsKey, typeID: 0), .sequence(isPair: false, typeID: 0),
                         .special(name: sepKey, typeID: 0)],
                pair: [.special(name: clsKey, typeID: 0), .sequence(isPair: false, typeID: 0),
                       .special(name: sepKey, typeID: 0), .sequence(isPair: true, typeID: 1),
                       .special(name: sepKey, typeID: 1)],
                specialTokens: [clsKey: [clsToken], sepKey: [sepToken]])
        }
    }

    /// Whether `decode` applies transformers' `clean_up_tokenization` (`clean_up_tokenization_spaces`):
    /// transformers 5 skips it for BPE models unless told otherwise, as it would corrupt their text.
    var cleansUpDecodedText: Bool {
        config.cleanUpTokenizationSpaces && (!(model is BPE) || config.cleanUpTokenizationSpacesForBPE)
    }

    /// The id of a token string: added tokens first, then the model vocabulary.
    func tokenID(_ token: String) -> Int? {
        addedVocabulary.id(of: token) ?? model.tokenToID(token)
    }
}
