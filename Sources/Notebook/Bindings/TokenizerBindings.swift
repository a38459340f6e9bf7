import Foundation
import Vectorbook

extension BindingRegistry {
    /// `AutoTokenizer`, `Tokenizer`, `BatchEncoding`, `Padding` and `PaddingSide`.
    func registerTokenizers(loader: ModelLoader) {
        staticMethod("AutoTokenizer", "from", [Parameter("pretrained", type: "String"),
                                              Parameter("revision", type: "String", default: .string("main"))]) { arguments, context in
            let id = try BindingArgument.string(arguments[argument: 0], "AutoTokenizer.from(pretrained:)")
            let revision = try BindingArgument.string(arguments[argument: 1], "AutoTokenizer.from(pretrained:) revision")
            return BindingValue.library(LibraryType.tokenizer, try loader.tokenizer(id, revision: revision, context: context))
        }
        registerTokenizerCalls()
        registerTokenizerMembers()
        registerBatchEncoding()
        libraryEnumeration(LibraryType.padding, [("doNotPad", Padding.doNotPad), ("longest", .longest), ("maxLength", .maxLength)],
                           caseIterable: false)
        libraryEnumeration(LibraryType.paddingSide, [("left", PaddingSide.left), ("right", .right)], caseIterable: false)
        libraryProperty(LibraryType.paddingSide, PaddingSide.self, "rawValue") { .string($0.rawValue) }
        libraryDescription(LibraryType.tokenizer, Tokenizer.self) { String(describing: $0) }
    }

    /// `tokenizer(text, pair:…)` and `tokenizer(texts, pairs:…)`; both bodies accept either form,
    /// so the right thing happens whichever overload the interpreter picks.
    private func registerTokenizerCalls() {
        func options(_ pairLabel: String, _ pairType: String) -> [Parameter] {
            [Parameter(pairLabel, type: pairType, default: .optional(nil)),
             Parameter("padding", type: "Padding", default: BindingValue.library(LibraryType.padding, Padding.doNotPad)),
             Parameter("truncation", type: "Bool", default: .bool(false)),
             Parameter("maxLength", type: "Int?", default: .optional(nil)),
             Parameter("addSpecialTokens", type: "Bool", default: .bool(true))]
        }
        let body: MemberBody = { receiver, arguments, _ in
            let tokenizer = try BindingArgument.object(receiver, Tokenizer.self, LibraryType.tokenizer, "Tokenizer call")
            let role = "tokenizer(_:pair:padding:truncation:maxLength:addSpecialTokens:)"
            let padding = try TokenizerValues.padding(arguments[argument: 2], role)
            let truncation = try BindingArgument.bool(arguments[argument: 3], "\(role) truncation")
            let maxLength = try BindingArgument.optional(arguments[argument: 4]).map { try BindingArgument.int($0, "\(role) maxLength") }
            if let maxLength, maxLength < 0 {
                throw CellRuntimeError("\(role): maxLength must not be negative, got \(maxLength)")
            }
            let special = try BindingArgument.bool(arguments[argument: 5], "\(role) addSpecialTokens")
            let pair = BindingArgument.optional(arguments[argument: 1])
            let encoding: BatchEncoding
            if BindingArgument.isArray(arguments[argument: 0]) {
                let texts = try BindingArgument.strings(arguments[argument: 0], "\(role) texts")
                let pairs = try pair.map { try BindingArgument.strings($0, "\(role) pairs") }
                encoding = try tokenizer(texts, pairs: pairs, padding: padding, truncation: truncation,
                                         maxLength: maxLength, addSpecialTokens: special)
            } else {
                let text = try BindingArgument.string(arguments[argument: 0], "\(role) text")
                let second = try pair.map { try BindingArgument.string($0, "\(role) pair") }
                encoding = try tokenizer(text, pair: second, padding: padding, truncation: truncation,
                                         maxLength: maxLength, addSpecialTokens: special)
            }
            return BindingValue.library(LibraryType.batchEncoding, encoding)
        }
        callAsFunction(LibraryType.tokenizer, [Parameter(nil, type: "String")] + options("pair", "String?"), body)
        callAsFunction(LibraryType.tokenizer, [Parameter(nil, type: "[String]")] + options("pairs", "[String]?"), body)
    }

    private func registerTokenizerMembers() {
        let type = LibraryType.tokenizer
        libraryMethod(type, Tokenizer.self, "tokenize", [Parameter(nil, type: "String")]) { tokenizer, arguments, _ in
            BindingValue.strings(tokenizer.tokenize(try BindingArgument.string(arguments[argument: 0], "tokenize(_:)")))
        }
        libraryMethod(type, Tokenizer.self, "encode", [Parameter(nil, type: "String"),
                                                       Parameter("addSpecialTokens", type: "Bool", default: .bool(true))]) { tokenizer, arguments, _ in
            BindingValue.ints(tokenizer.encode(try BindingArgument.string(arguments[argument: 0], "encode(_:)"),
                                   addSpecialTokens: try BindingArgument.bool(arguments[argument: 1], "encode(_:addSpecialTokens:)")))
        }
        libraryMethod(type, Tokenizer.self, "decode", [Parameter(nil, type: "[Int]"),
                                                       Parameter("skipSpecialTokens", type: "Bool", default: .bool(false))]) { tokenizer, arguments, _ in
            .string(tokenizer.decode(try BindingArgument.ints(arguments[argument: 0], "decode(_:)"),
                                     skipSpecialTokens: try BindingArgument.bool(arguments[argument: 1], "decode(_:skipSpecialTokens:)")))
        }
        libraryMethod(type, Tokenizer.self, "convertTokensToIDs", [Parameter(nil, type: "[String]")]) { tokenizer, arguments, _ in
            BindingValue.ints(tokenizer.convertTokensToIDs(try BindingArgument.strings(arguments[argument: 0], "convertTokensToIDs(_:)")))
        }
        libraryMethod(type, Tokenizer.self, "convertIDsToTokens", [Parameter(nil, type: "[Int]")]) { tokenizer, arguments, _ in
            BindingValue.strings(tokenizer.convertIDsToTokens(try BindingArgument.ints(arguments[argument: 0], "convertIDsToTokens(_:)")))
        }
        libraryProperty(type, Tokenizer.self, "modelMaxLength") { .int($0.modelMaxLength) }
        libraryProperty(type, Tokenizer.self, "vocabularySize") { .int($0.vocabularySize) }
        libraryProperty(type, Tokenizer.self, "paddingSide") { BindingValue.library(LibraryType.paddingSide, $0.paddingSide) }
        libraryProperty(type, Tokenizer.self, "truncationSide") { BindingValue.library(LibraryType.paddingSide, $0.truncationSide) }
        // A `Set<String>` in Swift; cells get it sorted, as an array.
        libraryProperty(type, Tokenizer.self, "specialTokens") { BindingValue.strings($0.specialTokens.sorted()) }
        let tokens: [(String, (Tokenizer) -> String?, (Tokenizer) -> Int?)] = [
            ("pad", { $0.padToken }, { $0.padTokenID }), ("unk", { $0.unkToken }, { $0.unkTokenID }),
            ("cls", { $0.clsToken }, { $0.clsTokenID }), ("sep", { $0.sepToken }, { $0.sepTokenID }),
            ("mask", { $0.maskToken }, { $0.maskTokenID }), ("bos", { $0.bosToken }, { $0.bosTokenID }),
            ("eos", { $0.eosToken }, { $0.eosTokenID }),
        ]
        for (name, token, id) in tokens {
            libraryProperty(type, Tokenizer.self, "\(name)Token") { .optional(token($0), Value.string) }
            libraryProperty(type, Tokenizer.self, "\(name)TokenID") { .optional(id($0), Value.int) }
        }
        display(type) { value, _ in
            let tokenizer = try BindingArgument.object(value, Tokenizer.self, type, "display")
            return .text(DisplayConversion.summary(of: tokenizer, source: ModelLoader.sourceName(of: tokenizer)), type: type)
        }
    }

    private func registerBatchEncoding() {
        let type = LibraryType.batchEncoding
        libraryProperty(type, BatchEncoding.self, "inputIDs") { BindingValue.intRows($0.inputIDs) }
        libraryProperty(type, BatchEncoding.self, "attentionMask") { BindingValue.intRows($0.attentionMask) }
        libraryProperty(type, BatchEncoding.self, "tokenTypeIDs") { BindingValue.intRows($0.tokenTypeIDs) }
        libraryProperty(type, BatchEncoding.self, "tokens") { .array($0.tokens.map(BindingValue.strings)) }
        libraryProperty(type, BatchEncoding.self, "count") { .int($0.count) }
        initializer(type, [Parameter("inputIDs", type: "[[Int]]"), Parameter("attentionMask", type: "[[Int]]"),
                           Parameter("tokenTypeIDs", type: "[[Int]]"), Parameter("tokens", type: "[[String]]")]) { arguments, _ in
            let role = "BatchEncoding(inputIDs:attentionMask:tokenTypeIDs:tokens:)"
            return BindingValue.library(type, BatchEncoding(inputIDs: try BindingArgument.intRows(arguments[argument: 0], "\(role) inputIDs"),
                                                attentionMask: try BindingArgument.intRows(arguments[argument: 1], "\(role) attentionMask"),
                                                tokenTypeIDs: try BindingArgument.intRows(arguments[argument: 2], "\(role) tokenTypeIDs"),
                                                tokens: try BindingArgument.stringRows(arguments[argument: 3], "\(role) tokens")))
        }
        libraryEquality(type, BatchEncoding.self)
        libraryDescription(type, BatchEncoding.self) { String(describing: $0) }
        display(type) { value, _ in
            .tokens(DisplayConversion.tokenTable(try BindingArgument.object(value, BatchEncoding.self, type, "display")))
        }
    }
}

/// Tokenizer argument conversions.
enum TokenizerValues {
    /// `padding:` accepts `true`/`false` (as `Padding`'s boolean literal does) and the cases.
    static func padding(_ value: Value, _ role: String) throws -> Padding {
        if case .bool(let flag) = value { return Padding(booleanLiteral: flag) }
        return try BindingArgument.object(value, Padding.self, LibraryType.padding, "\(role) padding")
    }
}
