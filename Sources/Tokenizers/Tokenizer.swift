import Foundation

/// A fast tokenizer that behaves like a transformers `AutoTokenizer` (backed by the `tokenizers`
/// library): added-token extraction, normalization, pre-tokenization, WordPiece or byte-level BPE
/// (BERT, CLIP, GPT-2 style), special tokens, truncation, padding and decoding.
public final class Tokenizer: Sendable {
    private let pipeline: Pipeline

    /// `model_max_length` from tokenizer_config.json; `Int.max` when absent or a "no limit" sentinel.
    public let modelMaxLength: Int
    /// `padding_side` from tokenizer_config.json (else tokenizer.json's padding direction), default `.right`.
    public let paddingSide: PaddingSide
    /// `truncation_side` from tokenizer_config.json (else tokenizer.json's truncation direction), default `.right`.
    public let truncationSide: PaddingSide
    /// Every special token (e.g. "[CLS]", "[PAD]", "[MASK]").
    public let specialTokens: Set<String>

    /// Loads `tokenizer.json` from a model folder, with `tokenizer_config.json`, `special_tokens_map.json`
    /// and `config.json` when present. Without tokenizer.json it builds a BERT WordPiece tokenizer from
    /// `vocab.txt` and the configuration (like transformers' `BertTokenizerFast` built from a vocab).
    public convenience init(folder: URL) throws {
        func read(_ name: String) throws -> (data: Data, path: String)? {
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            do {
                return (try Data(contentsOf: url), url.path)
            } catch {
                throw TokenizerError.unreadableFile(file: url.path, reason: error.localizedDescription)
            }
        }
        let configFile = try read("tokenizer_config.json")
        let mapFile = try read("special_tokens_map.json")
        let modelConfigFile = try read("config.json")
        let config = try TokenizerConfig.read(
            config: configFile?.data, configFile: configFile?.path ?? folder.appendingPathComponent("tokenizer_config.json").path,
            specialTokensMap: mapFile?.data, mapFile: mapFile?.path ?? "special_tokens_map.json",
            modelConfig: modelConfigFile?.data, modelConfigFile: modelConfigFile?.path ?? "config.json")
        if let json = try read("tokenizer.json") {
            self.init(pipeline: try Pipeline.fromTokenizerJSON(json.data, source: json.path, config: config))
        } else if let vocabulary = try read("vocab.txt") {
            self.init(pipeline: try Pipeline.fromVocabulary(vocabulary.data, source: vocabulary.path, config: config))
        } else {
            throw TokenizerError.noTokenizerFiles(folder: folder.path)
        }
    }

    /// Loads a tokenizer from the contents of a tokenizer.json and, optionally, its tokenizer_config.json.
    /// `source` names the tokenizer.json in error messages.
    public convenience init(tokenizerJSON: Data, tokenizerConfig: Data? = nil, source: String = "tokenizer.json") throws {
        // Errors in the configuration name it as the tokenizer_config.json beside `source`.
        let directory = (source as NSString).deletingLastPathComponent
        let configFile = directory.isEmpty ? "tokenizer_config.json" : directory + "/tokenizer_config.json"
        let config = try TokenizerConfig.read(
            config: tokenizerConfig, configFile: configFile,
            specialTokensMap: nil, mapFile: "special_tokens_map.json", modelConfig: nil, modelConfigFile: "config.json")
        self.init(pipeline: try Pipeline.fromTokenizerJSON(tokenizerJSON, source: source, config: config))
    }

    init(pipeline: Pipeline) {
        self.pipeline = pipeline
        modelMaxLength = pipeline.config.modelMaxLength ?? Int.max
        paddingSide = pipeline.config.paddingSide ?? pipeline.fallbackPaddingSide ?? .right
        truncationSide = pipeline.config.truncationSide ?? pipeline.fallbackTruncationSide ?? .right
        var specials = Set(pipeline.config.namedSpecialTokens.map(\.token.content))
        specials.formUnion(pipeline.config.extraSpecialTokens.map(\.content))
        specials.formUnion(pipeline.addedVocabulary.specialContents.map(\.string))
        specialTokens = specials
    }

    // MARK: - Vocabulary

    /// The model vocabulary size, without added tokens (transformers' `vocab_size`).
    public var vocabularySize: Int { pipeline.model.vocabularySize }
    /// The named special tokens (`pad_token`, `unk_token`, … in tokenizer_config.json or
    /// special_tokens_map.json); nil when the tokenizer has none.
    public var padToken: String? { specialToken("pad_token") }
    public var unkToken: String? { specialToken("unk_token") }
    public var clsToken: String? { specialToken("cls_token") }
    public var sepToken: String? { specialToken("sep_token") }
    public var maskToken: String? { specialToken("mask_token") }
    public var bosToken: String? { specialToken("bos_token") }
    public var eosToken: String? { specialToken("eos_token") }

    /// The ids of the named special tokens; nil when the tokenizer has no such token.
    public var padTokenID: Int? { padToken.flatMap(pipeline.tokenID) }
    public var unkTokenID: Int? { unkToken.flatMap(pipeline.tokenID) }
    public var clsTokenID: Int? { clsToken.flatMap(pipeline.tokenID) }
    public var sepTokenID: Int? { sepToken.flatMap(pipeline.tokenID) }
    public var maskTokenID: Int? { maskToken.flatMap(pipeline.tokenID) }
    public var bosTokenID: Int? { bosToken.flatMap(pipeline.tokenID) }
    public var eosTokenID: Int? { eosToken.flatMap(pipeline.tokenID) }

    private func specialToken(_ key: String) -> String? {
        if key == "pad_token" { return pipeline.config.specialToken(key) ?? pipeline.fallbackPadToken }
        return pipeline.config.specialToken(key)
    }

    /// Token strings to ids; unknown tokens map to the unknown-token id (and are left out when the
    /// model has no unknown token, as in byte-level BPE).
    public func convertTokensToIDs(_ tokens: [String]) -> [Int] {
        let unknown = unkTokenID ?? pipeline.model.unknown?.id
        return tokens.compactMap { pipeline.tokenID($0) ?? unknown }
    }

    /// Ids to token strings; ids outside the vocabulary map to the unknown token (and are left out when
    /// the model has no unknown token).
    public func convertIDsToTokens(_ ids: [Int]) -> [String] {
        ids.compactMap { tokenString($0) ?? pipeline.model.unknown?.value }
    }

    private func tokenString(_ id: Int) -> String? {
        pipeline.addedVocabulary.decodedContent(id) ?? pipeline.model.idToToken(id)
    }

    // MARK: - Encoding

    /// The tokens of `text`, without special tokens (transformers' `tokenize`).
    public func tokenize(_ text: String) -> [String] {
        encodeSequence(text, typeID: 0).tokens
    }

    /// The ids of `text`, with the special tokens unless `addSpecialTokens` is false. Never truncates.
    public func encode(_ text: String, addSpecialTokens: Bool = true) -> [Int] {
        pipeline.postProcessor.process(encodeSequence(text, typeID: 0), nil, addSpecialTokens: addSpecialTokens).ids
    }

    /// Tokenizes one text (or text pair) into a one-row batch. See the batch form for the options.
    public func callAsFunction(_ text: String, pair: String? = nil, padding: Padding = false,
                               truncation: Bool = false, maxLength: Int? = nil,
                               addSpecialTokens: Bool = true) throws -> BatchEncoding {
        try callAsFunction([text], pairs: pair.map { [$0] }, padding: padding, truncation: truncation,
                           maxLength: maxLength, addSpecialTokens: addSpecialTokens)
    }

    /// Tokenizes a batch, as transformers' `tokenizer(texts, text_pair=pairs, …)`:
    /// - `truncation`: longest-first to `maxLength ?? modelMaxLength` tokens, special tokens included.
    ///   As in transformers, giving `maxLength` without padding turns truncation on.
    /// - `padding`: `.longest` pads to the longest row, `.maxLength` to `maxLength ?? modelMaxLength`,
    ///   on `paddingSide`, with the pad token, attention 0 and the pad type id.
    /// Rows longer than the model limit are returned as they are when truncation is off.
    public func callAsFunction(_ texts: [String], pairs: [String]? = nil, padding: Padding = false,
                               truncation: Bool = false, maxLength: Int? = nil,
                               addSpecialTokens: Bool = true) throws -> BatchEncoding {
        if let pairs, pairs.count != texts.count {
            throw TokenizerError.pairCountMismatch(texts: texts.count, pairs: pairs.count)
        }
        // transformers' `_get_padding_truncation_strategies`.
        var truncate = truncation || (maxLength != nil && padding == .doNotPad)
        var padding = padding
        var length = maxLength
        let unlimited = modelMaxLength == Int.max
        if length == nil {
            if padding == .maxLength {
                if unlimited { padding = .doNotPad } else { length = modelMaxLength }
            }
            if truncate {
                if unlimited { truncate = false } else { length = modelMaxLength }
            }
        }
        var pad: (id: Int, token: String)?
        if padding != .doNotPad {
            guard let token = padToken, let id = pipeline.tokenID(token) else {
                throw TokenizerError.noPadToken(file: pipeline.config.file)
            }
            pad = (id, token)
        }

        var encodings = texts.indices.map { index -> Encoding in
            var first = encodeSequence(texts[index], typeID: 0)
            var second = pairs.map { encodeSequence($0[index], typeID: 1) }
            if truncate, let length {
                let special = addSpecialTokens ? pipeline.postProcessor.addedTokens(isPair: second != nil) : 0
                Encoding.truncate(&first, &second, maxLength: length, specialTokens: special, side: truncationSide)
            }
            return pipeline.postProcessor.process(first, second, addSpecialTokens: addSpecialTokens)
        }

        if let pad {
            let target = padding == .maxLength ? (length ?? 0) : encodings.map(\.count).max() ?? 0
            for i in encodings.indices {
                encodings[i].pad(to: target, id: pad.id, typeID: pipeline.padTypeID, token: pad.token, side: paddingSide)
            }
        }
        return BatchEncoding(encodings)
    }

    /// Added tokens out, normalization, pre-tokenization and the model, for one sequence.
    private func encodeSequence(_ text: String, typeID: Int) -> Encoding {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        for rawPiece in pipeline.addedVocabulary.splitRaw(scalars[...]) {
            switch rawPiece {
            case .token(let token):
                tokens.append(token)  // an added token matched in the raw text: never normalized or split
            case .text(let raw):
                let normalized = pipeline.normalizer?.normalize(Array(raw)) ?? Array(raw)
                for piece in pipeline.addedVocabulary.splitNormalized(normalized[...]) {
                    switch piece {
                    case .token(let token):
                        tokens.append(token)
                    case .text(let text):
                        tokens += tokenizeWords(text)
                    }
                }
            }
        }
        return Encoding(tokens, typeID: typeID)
    }

    /// Pre-tokenizes normalized text and runs the model on every word.
    private func tokenizeWords(_ text: ScalarSlice) -> [Token] {
        guard !text.isEmpty else { return [] }
        guard let preTokenizer = pipeline.preTokenizer else { return pipeline.model.tokenize(text) }
        var words: [ScalarSlice] = []
        preTokenizer.split(text, into: &words)
        var tokens: [Token] = []
        tokens.reserveCapacity(words.count)
        for word in words { tokens += pipeline.model.tokenize(word) }
        return tokens
    }

    // MARK: - Decoding

    /// Text for `ids`, as transformers' `decode(ids, skip_special_tokens:)`. Unknown ids are dropped.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool = false) -> String {
        var tokens: [String] = []
        tokens.reserveCapacity(ids.count)
        for id in ids {
            guard let token = tokenString(id) else { continue }
            if skipSpecialTokens && pipeline.addedVocabulary.isSpecial(token) { continue }
            tokens.append(token)
        }
        let text = pipeline.decoder.decode(tokens)
        return pipeline.cleansUpDecodedText ? WordPieceDecoder.transformersCleanUp(text) : text
    }
}
