/// transformers' `CLIPTokenizer` (the tokenizer of CLIP, CLIPSeg, X-CLIP, OWL-ViT, GroupViT, …). Like
/// `BertTokenizer`, transformers 5 rebuilds it from the vocabulary and merges alone, with a fixed pipeline
/// that ignores tokenizer.json's normalizer, pre-tokenizer, post-processor and decoder:
/// - NFC, whitespace runs → one space, lowercase;
/// - CLIP's word pattern (`Split`, matches kept, the rest dropped), then `ByteLevel` with GPT-2's pattern;
/// - BPE with the end-of-word suffix `</w>`, unknown token `unk_token` (default `<|endoftext|>`);
/// - `<|startoftext|> A <|endoftext|>` (RobertaProcessing with `bos_token` and `eos_token`);
/// - byte-level decoding, then `</w>` → space and the text stripped of surrounding whitespace.
extension Pipeline {
    /// `model_type` values that AutoTokenizer maps to `CLIPTokenizer` when `tokenizer_class` is absent.
    static let clipFamilyModelTypes: Set<String> = [
        "aimv2", "clip", "clipseg", "groupvit", "omdet-turbo", "oneformer", "owlv2", "owlvit", "sam3",
        "sam3_video", "xclip",
    ]

    /// The pattern of CLIP's `Split` pre-tokenizer.
    static let clipWordPattern =
        #"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"#

    static func isCLIPFamily(_ config: TokenizerConfig) -> Bool {
        if let cls = config.tokenizerClass { return cls == "CLIPTokenizer" }
        return config.modelType.map { clipFamilyModelTypes.contains($0) } ?? false
    }

    /// The CLIP pipeline around the `vocab` and `merges` of tokenizer.json's `model` object.
    static func clip(model node: JSONNode, source: String, config: TokenizerConfig) throws -> Pipeline {
        var config = config
        for (key, content) in [("unk_token", "<|endoftext|>"), ("bos_token", "<|startoftext|>"),
                               ("eos_token", "<|endoftext|>"), ("pad_token", "<|endoftext|>")] {
            config.setDefaultSpecialToken(key, content)
        }
        let unknown = config.specialToken("unk_token") ?? "<|endoftext|>"
        let model = try BPE(
            vocabulary: try WordPiece.readVocabulary(node.required("vocab")),
            merges: try BPE.readMerges(node.required("merges")),
            unknownToken: unknown, continuingSubwordPrefix: "", endOfWordSuffix: "</w>",
            fuseUnknown: false, byteFallback: false, ignoreMerges: false,
            origin: BPE.Origin(file: source, path: node.path, unknownKey: "unk_token in \(config.file)"))
        let whitespace = try PatternRegex.builtIn(#"\s+"#, origin: "CLIPTokenizer normalizer", file: source)
        let words = try PatternRegex.builtIn(clipWordPattern, origin: "CLIPTokenizer pre-tokenizer", file: source)
        var pipeline = Pipeline(
            normalizer: SequenceNormalizer(steps: [
                UnicodeFormNormalizer(form: .nfc), RegexReplaceNormalizer(pattern: whitespace, content: [" "]),
                LowercaseNormalizer(),
            ]),
            preTokenizer: SequencePreTokenizer(steps: [
                SplitPreTokenizer(pattern: words, behavior: .removed, invert: true),
                try ByteLevelPreTokenizer(addPrefixSpace: false, useRegex: true, file: source),
            ]),
            model: model,
            postProcessor: ConcatenatingProcessor(),  // replaced in `finish`, once the special tokens have ids
            decoder: CLIPDecoder(),
            config: config, source: source)
        pipeline.usesCLIPTemplate = true
        return pipeline
    }

    /// CLIP's `<|startoftext|> A <|endoftext|>` template from the configured `bos_token` and `eos_token`.
    func clipPostProcessor() throws -> RobertaProcessing {
        func special(_ key: String, _ fallback: String) throws -> Token {
            let content = config.specialToken(key) ?? fallback
            guard let id = tokenID(content) else {
                throw TokenizerError.specialTokenNotInVocabulary(token: content, key: key, file: config.file)
            }
            return Token(id: id, value: content)
        }
        return RobertaProcessing(sep: try special("eos_token", "<|endoftext|>"),
                                 cls: try special("bos_token", "<|startoftext|>"))
    }
}

/// transformers' CLIPTokenizer decoding: the ByteLevel decoder, then every `</w>` becomes a space and
/// the text is stripped of leading and trailing whitespace (Python's `str.strip()`).
struct CLIPDecoder: TokenDecoder {
    static let suffix = Array("</w>".utf8)

    func decode(_ tokens: [String]) -> String {
        let bytes = Array(ByteLevelDecoder().decode(tokens).utf8)
        let spaced = WordPieceDecoder.replace(bytes, Self.suffix, [0x20])
        return PythonText.strip(String(decoding: spaced, as: UTF8.self))
    }
}

/// Python string behaviour that transformers relies on.
enum PythonText {
    /// Python's `str.isspace()`: the scalars `str.strip()` removes.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python's `str.strip()` with no argument.
    static func strip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
