import Foundation

/// `String` (and `Character`, which cells see as one-character strings) and `CharacterSet`.
extension StandardLibrary {
    static func registerStrings(_ registry: BindingRegistry) {
        registerStringInitializers(registry)
        registerStringMembers(registry)
        registerCharacterMembers(registry)
        let sets: [(String, CharacterSet)] = [
            ("whitespaces", .whitespaces), ("whitespacesAndNewlines", .whitespacesAndNewlines), ("newlines", .newlines),
            ("punctuationCharacters", .punctuationCharacters), ("decimalDigits", .decimalDigits), ("letters", .letters),
            ("alphanumerics", .alphanumerics),
        ]
        for (name, set) in sets {
            registry.staticProperty("CharacterSet", name) { _ in .object(LibraryObject(typeName: "CharacterSet", payload: set)) }
        }
        registry.initializer("CharacterSet", [Parameter("charactersIn", type: "String")]) { arguments, context in
            .object(LibraryObject(typeName: "CharacterSet",
                                  payload: CharacterSet(charactersIn: try string(arguments[0], "CharacterSet", context))))
        }
    }

    private static func registerStringInitializers(_ registry: BindingRegistry) {
        registry.initializer("String", [Parameter(nil)]) { arguments, context in
            // `String(characters)` joins characters; `String(x)` describes anything else.
            if case .array(let items) = arguments[0], !items.isEmpty,
               items.allSatisfy({ if case .string(let text) = $0 { return text.count == 1 } else { return false } }) {
                return .string(items.map { context.describe($0) }.joined())
            }
            return .string(context.describe(arguments[0]))
        }
        registry.initializer("String", [Parameter("describing")]) { arguments, context in
            .string(context.describe(arguments[0]))
        }
        registry.initializer("String", [Parameter("reflecting")]) { arguments, context in
            .string(try runtime(context).debugDescribe(arguments[0]))
        }
        registry.initializer("String", [Parameter("repeating", type: "String"), Parameter("count", type: "Int")]) {
            arguments, context in
            let count = try int(arguments[1], "String(repeating:count:)", context)
            let text = try string(arguments[0], "String(repeating:count:)", context)
            guard count >= 0 else { throw CellFailure.trap("Negative count not allowed", at: nil) }
            guard count.multipliedReportingOverflow(by: max(text.utf8.count, 1)).partialValue <= Runtime.materializeLimit,
                  count <= Runtime.materializeLimit else {
                throw CellFailure.trap("String(repeating:count:) would be longer than a cell may create", at: nil)
            }
            return .string(String(repeating: text, count: count))
        }
        registry.initializer("String", [Parameter(nil, type: "Int"), Parameter("radix", type: "Int"),
                                        Parameter("uppercase", type: "Bool", default: .bool(false))]) { arguments, context in
            let radix = try int(arguments[1], "String(_:radix:)", context)
            guard (2...36).contains(radix) else { throw CellFailure.trap("Radix must be between 2 and 36", at: nil) }
            return .string(String(try int(arguments[0], "String(_:radix:)", context), radix: radix,
                                  uppercase: try bool(arguments[2], "String(_:radix:uppercase:)", context)))
        }
        registry.initializer("String", [Parameter("format", type: "String"), Parameter(nil, variadic: true)]) {
            arguments, context in
            guard case .array(let values) = arguments[1] else { return .string("") }
            return .string(try StringFormat.format(try string(arguments[0], "String(format:)", context), values,
                                                   runtime: runtime(context)))
        }
    }

    private static func text(_ value: Value, _ context: any CallContext) throws -> String {
        try string(value, "String", context)
    }

    private static func registerStringMembers(_ registry: BindingRegistry) {
        registry.property("String", "count") { value, context in .int(try text(value, context).count) }
        registry.property("String", "isEmpty") { value, context in .bool(try text(value, context).isEmpty) }
        registry.property("String", "first") { value, context in .optional(try text(value, context).first.map { .string(String($0)) }) }
        registry.property("String", "last") { value, context in .optional(try text(value, context).last.map { .string(String($0)) }) }
        registry.property("String", "description") { value, _ in value }
        registry.property("String", "capitalized") { value, context in .string(try text(value, context).capitalized) }
        registry.property("String", "utf8Count") { value, context in .int(try text(value, context).utf8.count) }
        // The bytes and scalars of a string, as arrays (`Array(word.utf8)` prints `[99, 97, 116]`).
        registry.property("String", "utf8") { value, context in .array(try text(value, context).utf8.map { .int(Int($0)) }) }
        registry.property("String", "unicodeScalars") { value, context in
            .array(try text(value, context).unicodeScalars.map { .string(String($0)) })
        }
        registry.method("String", "uppercased", []) { value, _, context in .string(try text(value, context).uppercased()) }
        registry.method("String", "lowercased", []) { value, _, context in .string(try text(value, context).lowercased()) }
        registry.method("String", "hasPrefix", [Parameter(nil, type: "String")]) { value, arguments, context in
            .bool(try text(value, context).hasPrefix(try text(arguments[0], context)))
        }
        registry.method("String", "hasSuffix", [Parameter(nil, type: "String")]) { value, arguments, context in
            .bool(try text(value, context).hasSuffix(try text(arguments[0], context)))
        }
        registry.method("String", "contains", [Parameter(nil, type: "String")]) { value, arguments, context in
            .bool(try text(value, context).contains(try text(arguments[0], context)))
        }
        registry.method("String", "contains", [Parameter("where", type: "(Character) -> Bool")]) { value, arguments, context in
            for character in try text(value, context) {
                if try predicate(arguments[0], .string(String(character)), context: context) { return .bool(true) }
            }
            return .bool(false)
        }
        registry.method("String", "split", [Parameter("separator", type: "String"),
                                            Parameter("maxSplits", type: "Int", default: .int(Int.max)),
                                            Parameter("omittingEmptySubsequences", type: "Bool", default: .bool(true))]) {
            value, arguments, context in
            let separator = try text(arguments[0], context)
            guard separator.count == 1, let character = separator.first else {
                // A String separator (Swift 5.7+ `split(separator: "ab")`).
                let parts = try text(value, context).components(separatedBy: separator)
                let omit = try bool(arguments[2], "split", context)
                return .array(parts.filter { !omit || !$0.isEmpty }.map(Value.string))
            }
            let parts = try text(value, context).split(separator: character,
                                                         maxSplits: max(0, try int(arguments[1], "split", context)),
                                                         omittingEmptySubsequences: try bool(arguments[2], "split", context))
            return .array(parts.map { .string(String($0)) })
        }
        registry.method("String", "split", [Parameter("whereSeparator", type: "(Character) -> Bool")]) {
            value, arguments, context in
            var parts: [Value] = []
            var current = ""
            for character in try text(value, context) {
                if try predicate(arguments[0], .string(String(character)), context: context) {
                    if !current.isEmpty { parts.append(.string(current)) }
                    current = ""
                } else {
                    current.append(character)
                }
            }
            if !current.isEmpty { parts.append(.string(current)) }
            return .array(parts)
        }
        registry.method("String", "components", [Parameter("separatedBy", type: "String")]) { value, arguments, context in
            .array(try text(value, context).components(separatedBy: try text(arguments[0], context)).map(Value.string))
        }
        registry.method("String", "trimmingCharacters", [Parameter("in", type: "CharacterSet")]) { value, arguments, context in
            guard case .object(let object) = arguments[0], let set = object.payload as? CharacterSet else {
                throw mismatch("trimmingCharacters(in:)", arguments[0], context)
            }
            return .string(try text(value, context).trimmingCharacters(in: set))
        }
        registry.method("String", "replacingOccurrences", [Parameter("of", type: "String"), Parameter("with", type: "String")]) {
            value, arguments, context in
            .string(try text(value, context).replacingOccurrences(of: try text(arguments[0], context),
                                                                  with: try text(arguments[1], context)))
        }
        registry.method("String", "prefix", [Parameter(nil, type: "Int")]) { value, arguments, context in
            let count = try int(arguments[0], "prefix(_:)", context)
            guard count >= 0 else { throw CellFailure.trap("Can't take a prefix of negative length from a collection", at: nil) }
            return .string(String(try text(value, context).prefix(count)))
        }
        registry.method("String", "suffix", [Parameter(nil, type: "Int")]) { value, arguments, context in
            let count = try int(arguments[0], "suffix(_:)", context)
            guard count >= 0 else { throw CellFailure.trap("Can't take a suffix of negative length from a collection", at: nil) }
            return .string(String(try text(value, context).suffix(count)))
        }
        registry.method("String", "dropFirst", [Parameter(nil, type: "Int", default: .int(1))]) { value, arguments, context in
            let count = try int(arguments[0], "dropFirst(_:)", context)
            guard count >= 0 else { throw CellFailure.trap("Can't drop a negative number of elements from a collection", at: nil) }
            return .string(String(try text(value, context).dropFirst(count)))
        }
        registry.method("String", "dropLast", [Parameter(nil, type: "Int", default: .int(1))]) { value, arguments, context in
            let count = try int(arguments[0], "dropLast(_:)", context)
            guard count >= 0 else { throw CellFailure.trap("Can't drop a negative number of elements from a collection", at: nil) }
            return .string(String(try text(value, context).dropLast(count)))
        }
        registry.method("String", "filter", [Parameter(nil, type: "(Character) -> Bool")]) { value, arguments, context in
            var result = ""
            for character in try text(value, context)
            where try predicate(arguments[0], .string(String(character)), context: context) {
                result.append(character)
            }
            return .string(result)
        }
        registry.method("String", "starts", [Parameter("with", type: "String")]) { value, arguments, context in
            .bool(try text(value, context).hasPrefix(try text(arguments[0], context)))
        }
        registry.method("String", "padding", [Parameter("toLength", type: "Int"), Parameter("withPad", type: "String"),
                                              Parameter("startingAt", type: "Int")]) { value, arguments, context in
            let length = try int(arguments[0], "padding", context)
            let pad = try text(arguments[1], context)
            guard length >= 0, !pad.isEmpty else { return value }
            return .string(try text(value, context).padding(toLength: length, withPad: pad,
                                                            startingAt: max(0, try int(arguments[2], "padding", context))))
        }
        registry.mutatingMethod("String", "append", [Parameter(nil, type: "String")]) { value, arguments, context in
            guard case .string(var result) = value else { throw mismatch("append(_:)", value, context) }
            value = .void
            result += try text(arguments[0], context)
            value = .string(result)
            return .void
        }
        registry.mutatingMethod("String", "append", [Parameter("contentsOf", type: "String")]) { value, arguments, context in
            guard case .string(var result) = value else { throw mismatch("append(contentsOf:)", value, context) }
            value = .void
            result += try text(arguments[0], context)
            value = .string(result)
            return .void
        }
        registry.mutatingMethod("String", "removeLast", []) { value, _, context in
            guard case .string(var result) = value, let last = result.last else {
                throw CellFailure.trap("Can't remove last element from an empty collection", at: nil)
            }
            result.removeLast()
            value = .string(result)
            _ = context
            return .string(String(last))
        }
    }

    /// Character properties, on one-character strings.
    private static func registerCharacterMembers(_ registry: BindingRegistry) {
        let tests: [(String, (Character) -> Bool)] = [
            ("isLetter", { $0.isLetter }), ("isNumber", { $0.isNumber }), ("isWhitespace", { $0.isWhitespace }),
            ("isUppercase", { $0.isUppercase }), ("isLowercase", { $0.isLowercase }),
            ("isPunctuation", { $0.isPunctuation }), ("isASCII", { $0.isASCII }), ("isNewline", { $0.isNewline }),
        ]
        for (name, test) in tests {
            registry.property("String", name) { value, context in
                let characters = try text(value, context)
                guard characters.count == 1, let character = characters.first else {
                    throw CellRuntimeError("'\(name)' is a property of a Character (one-character string)")
                }
                return .bool(test(character))
            }
        }
        registry.property("String", "asciiValue") { value, context in
            .optional(try text(value, context).first?.asciiValue.map { .int(Int($0)) })
        }
        registry.property("String", "wholeNumberValue") { value, context in
            .optional(try text(value, context).first?.wholeNumberValue.map(Value.int))
        }
        registry.initializer("Character", [Parameter(nil, type: "String")]) { arguments, context in
            let characters = try text(arguments[0], context)
            guard characters.count == 1 else {
                throw CellFailure.trap("Can't form a Character from a String containing \(characters.count) characters",
                                       at: nil)
            }
            return .string(characters)
        }
    }
}
