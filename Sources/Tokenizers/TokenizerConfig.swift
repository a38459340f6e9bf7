import Foundation

/// The settings transformers reads from `tokenizer_config.json`, `special_tokens_map.json` and the
/// model's `config.json`, resolved the way `AutoTokenizer.from_pretrained` resolves them.
struct TokenizerConfig: Sendable {
    /// A `model_max_length` at or above this means "no limit" (transformers' sentinel is 1e30 and its
    /// threshold `LARGE_INTEGER` 1e20; any value past `Int`'s range is treated the same way).
    static let noLimitThreshold = 9.0e18
    /// The special-token attributes every transformers tokenizer has.
    static let standardSpecialTokenKeys = [
        "bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token",
    ]

    var file = "tokenizer_config.json"
    /// `tokenizer_class`, without a trailing "Fast".
    var tokenizerClass: String?
    /// `model_type` from the model's config.json, used when `tokenizer_class` is absent.
    var modelType: String?
    /// `nil` when there is no limit.
    var modelMaxLength: Int?
    var paddingSide: PaddingSide?
    var truncationSide: PaddingSide?
    var doLowerCase: Bool?
    var stripAccents: Bool?
    var tokenizeChineseChars: Bool?
    /// transformers 5 defaults this to false.
    var cleanUpTokenizationSpaces = false
    /// `clean_up_tokenization_spaces_for_bpe_even_though_it_will_corrupt_output`: without it, transformers 5
    /// ignores `clean_up_tokenization_spaces` for BPE models.
    var cleanUpTokenizationSpacesForBPE = false
    /// Named special tokens (`unk_token`, `pad_token`, model-specific `*_token` keys), in a stable order.
    var namedSpecialTokens: [(key: String, token: AddedToken)] = []
    /// `additional_special_tokens` / `extra_special_tokens` given as a list.
    var extraSpecialTokens: [AddedToken] = []
    /// `added_tokens_decoder`, by id; `nil` when the key is absent.
    var addedTokensDecoder: [(id: Int, token: AddedToken)]?

    /// The content of the named special token `key` (e.g. "pad_token").
    func specialToken(_ key: String) -> String? {
        namedSpecialTokens.first { $0.key == key }?.token.content
    }

    /// Sets `key` unless it is already set.
    mutating func setDefaultSpecialToken(_ key: String, _ content: String) {
        guard specialToken(key) == nil else { return }
        namedSpecialTokens.append((key, AddedToken(content: content, special: true, normalized: false)))
    }

    /// Reads the configuration files; every one is optional.
    static func read(config: Data?, configFile: String, specialTokensMap: Data?, mapFile: String,
                     modelConfig: Data?, modelConfigFile: String) throws -> TokenizerConfig {
        var result = TokenizerConfig()
        result.file = configFile
        var named: [String: AddedToken] = [:]

        if let config {
            let root = JSONNode(try JSON.parse(config, file: configFile), file: configFile)
            guard case .object = root.value else { throw root.invalid("a JSON object") }
            if let cls = root["tokenizer_class"] {
                var name = try cls.string()
                if name.hasSuffix("Fast") { name.removeLast(4) }
                result.tokenizerClass = name
            }
            if let limit = root["model_max_length"] ?? root["max_len"] {
                let value = try limit.number()
                result.modelMaxLength = value >= noLimitThreshold ? nil : Int(max(value, 0))
            }
            result.paddingSide = try side(root["padding_side"])
            result.truncationSide = try side(root["truncation_side"])
            result.doLowerCase = try root["do_lower_case"]?.bool()
            result.stripAccents = try root["strip_accents"]?.bool()
            result.tokenizeChineseChars = try root["tokenize_chinese_chars"]?.bool()
            result.cleanUpTokenizationSpaces = try root.bool("clean_up_tokenization_spaces", default: false)
            result.cleanUpTokenizationSpacesForBPE = try root.bool(
                "clean_up_tokenization_spaces_for_bpe_even_though_it_will_corrupt_output", default: false)
            try readSpecialTokens(root, into: &named, extras: &result.extraSpecialTokens)
            if let decoder = root["added_tokens_decoder"] {
                var entries: [(id: Int, token: AddedToken)] = []
                for (key, node) in try decoder.members() {
                    guard let id = Int(key) else { throw node.invalid("an integer id as the key") }
                    entries.append((id, try AddedToken.read(node)))
                }
                result.addedTokensDecoder = entries.sorted { $0.id < $1.id }
            }
        }
        // Like transformers: special_tokens_map.json is read only when the config has no added_tokens_decoder.
        if let specialTokensMap, result.addedTokensDecoder == nil {
            let root = JSONNode(try JSON.parse(specialTokensMap, file: mapFile), file: mapFile)
            guard case .object = root.value else { throw root.invalid("a JSON object") }
            var extras: [AddedToken] = []
            try readSpecialTokens(root, into: &named, extras: &extras)
            for token in extras where !result.extraSpecialTokens.contains(token) {
                result.extraSpecialTokens.append(token)
            }
        }
        let order = standardSpecialTokenKeys + named.keys.filter { !standardSpecialTokenKeys.contains($0) }.sorted()
        result.namedSpecialTokens = order.compactMap { key in named[key].map { (key, $0) } }

        if let modelConfig {
            let root = JSONNode(try JSON.parse(modelConfig, file: modelConfigFile), file: modelConfigFile)
            result.modelType = try root["model_type"]?.string()
        }
        return result
    }

    private static func side(_ node: JSONNode?) throws -> PaddingSide? {
        guard let node else { return nil }
        guard let side = PaddingSide(rawValue: try node.string()) else { throw node.invalid("\"left\" or \"right\"") }
        return side
    }

    /// Reads `*_token` keys and the extra-special-token lists of a config object.
    private static func readSpecialTokens(_ root: JSONNode, into named: inout [String: AddedToken],
                                          extras: inout [AddedToken]) throws {
        for (key, node) in try root.members() {
            if key == "additional_special_tokens" || key == "extra_special_tokens" {
                if case .object = node.value {
                    for (name, item) in try node.members() { named[name] = try specialToken(item) }
                } else {
                    for item in try node.array() {
                        let token = try specialToken(item)
                        if !extras.contains(token) { extras.append(token) }
                    }
                }
            } else if key.hasSuffix("_token") {
                switch node.value {
                case .string, .object: named[key] = try specialToken(node)
                default: continue  // e.g. booleans such as "add_bos_token"
                }
            }
        }
    }

    /// A special token given as a string or as an AddedToken object.
    private static func specialToken(_ node: JSONNode) throws -> AddedToken {
        if case .string(let content) = node.value {
            return AddedToken(content: content, special: true, normalized: false)
        }
        var token = try AddedToken.read(node)
        token.special = true
        return token
    }
}
