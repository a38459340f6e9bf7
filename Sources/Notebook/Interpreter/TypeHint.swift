import Foundation

/// The three number types cells use; Swift keeps them distinct and so does the interpreter.
enum NumericKind: Sendable {
    case int, double, float
}

/// A static type the interpreter knows: from an annotation (`let x: [Float]`), a declared
/// parameter type (user functions and `Parameter.type` of bindings), or a literal. Values carry
/// their own runtime type; hints only decide what contextual expressions become (numeric
/// literals, `nil`, `.member`, empty collections) and when a value is wrapped in `Optional`.
indirect enum TypeHint: Equatable, Sendable {
    case int, double, float, string, bool
    case array(TypeHint)
    case dictionary(TypeHint, TypeHint)
    case optional(TypeHint)
    /// Element types and labels (nil for unlabelled elements).
    case tuple([TypeHint], labels: [String?])
    case function
    /// A library type (`Tensor`, `Pooling`) or another named type.
    case named(String)
    /// A generic parameter of a binding: `Element` (the receiver's element type) or `T` (the
    /// type the other `T` arguments of the same call have).
    case generic(String)
    /// Anything (`Any`, unknown types).
    case unknown

    /// The number type this hint asks for (looking through `Optional`).
    var numericKind: NumericKind? {
        switch self {
        case .int: return .int
        case .double: return .double
        case .float: return .float
        case .optional(let wrapped): return wrapped.numericKind
        default: return nil
        }
    }

    /// The hint without `Optional`.
    var unwrapped: TypeHint {
        if case .optional(let wrapped) = self { return wrapped.unwrapped }
        return self
    }

    /// The element hint of an array hint (or of an optional array).
    var elementHint: TypeHint? {
        switch self {
        case .array(let element): return element
        case .optional(let wrapped): return wrapped.elementHint
        default: return nil
        }
    }

    /// The Swift spelling, e.g. `[Float]`, `Int?`, `[String: Int]`.
    var swiftName: String {
        switch self {
        case .int: return "Int"
        case .double: return "Double"
        case .float: return "Float"
        case .string: return "String"
        case .bool: return "Bool"
        case .array(let element): return "[\(element.swiftName)]"
        case .dictionary(let key, let value): return "[\(key.swiftName): \(value.swiftName)]"
        case .optional(let wrapped):
            if case .function = wrapped { return "(\(wrapped.swiftName))?" }
            return "\(wrapped.swiftName)?"
        case .tuple(let items, let labels):
            return "(" + zip(items, labels).map { ($0.1.map { "\($0): " } ?? "") + $0.0.swiftName }
                .joined(separator: ", ") + ")"
        case .function: return "(Function)"
        case .named(let name), .generic(let name): return name
        case .unknown: return "Any"
        }
    }

    /// Parses a Swift type as written in an annotation or a binding's `Parameter.type`.
    static func parse(_ text: String) -> TypeHint {
        var source = text.trimmingCharacters(in: .whitespaces)
        while source.hasPrefix("@") {
            // `@escaping (Int) -> Int`, `@Sendable …`
            guard let space = source.firstIndex(of: " ") else { return .unknown }
            source = String(source[space...]).trimmingCharacters(in: .whitespaces)
        }
        for prefix in ["inout ", "some ", "any ", "borrowing ", "consuming ", "sending "] where source.hasPrefix(prefix) {
            source = String(source.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        if source.isEmpty { return .unknown }
        if topLevelContainsArrow(source) { return .function }
        if source.hasSuffix("?") || source.hasSuffix("!") {
            let inner = parse(String(source.dropLast()))
            return source.hasSuffix("?") ? .optional(inner) : inner
        }
        if source.hasPrefix("["), source.hasSuffix("]") {
            let inner = String(source.dropFirst().dropLast())
            let parts = splitTopLevel(inner, separator: ":")
            if parts.count == 2 { return .dictionary(parse(parts[0]), parse(parts[1])) }
            return .array(parse(inner))
        }
        if source.hasPrefix("("), source.hasSuffix(")") {
            let inner = String(source.dropFirst().dropLast())
            var labels: [String?] = []
            let parts = splitTopLevel(inner, separator: ",").map { part -> String in
                // Tuple labels: `(name: String, score: Float)`.
                let pieces = splitTopLevel(part, separator: ":")
                labels.append(pieces.count == 2 && pieces[0] != "_" ? pieces[0] : nil)
                return pieces.count == 2 ? pieces[1] : part
            }
            if parts.count == 1 { return parse(parts[0]) }
            return .tuple(parts.map(parse), labels: labels)
        }
        if let open = source.firstIndex(of: "<"), source.hasSuffix(">") {
            let base = String(source[..<open])
            let arguments = splitTopLevel(String(source[source.index(after: open)..<source.index(before: source.endIndex)]),
                                          separator: ",").map(parse)
            switch (base, arguments.count) {
            case ("Array", 1), ("ArraySlice", 1), ("Set", 1), ("ContiguousArray", 1): return .array(arguments[0])
            case ("Optional", 1): return .optional(arguments[0])
            case ("Dictionary", 2): return .dictionary(arguments[0], arguments[1])
            default: return .named(base)
            }
        }
        switch source {
        case "Int", "Swift.Int": return .int
        case "Double", "Swift.Double", "CGFloat": return .double
        case "Float", "Swift.Float", "Float32": return .float
        case "String", "Swift.String", "Character", "Substring": return .string
        case "Bool", "Swift.Bool": return .bool
        case "Any", "AnyObject", "Void", "()": return .unknown
        case "Element", "T", "Self": return .generic(source)
        default: return .named(source)
        }
    }

    /// The hint a runtime value has (for literals next to it: `x * 2`, `x == 0`).
    static func of(_ value: Value) -> TypeHint? {
        switch value {
        case .int: return .int
        case .double: return .double
        case .float: return .float
        case .string: return .string
        case .bool: return .bool
        case .optional(let wrapped): return wrapped.flatMap(TypeHint.of)
        case .array(let items):
            guard let first = items.first, let element = TypeHint.of(first) else { return nil }
            return .array(element)
        case .dictionary(let pairs):
            guard let first = pairs.first, let key = TypeHint.of(first.key), let value = TypeHint.of(first.value) else {
                return nil
            }
            return .dictionary(key, value)
        case .object(let object): return .named(object.typeName)
        case .range(let lower, let upper, _):
            return (lower ?? upper).flatMap(TypeHint.of)
        default: return nil
        }
    }

    private static func topLevelContainsArrow(_ text: String) -> Bool {
        var depth = 0
        var previous: Character = " "
        for character in text {
            switch character {
            case "(", "[", "<": depth += 1
            case ")", "]": depth -= 1
            case ">":
                if previous == "-" {
                    if depth == 0 { return true }
                } else {
                    depth -= 1
                }
            default: break
            }
            previous = character
        }
        return false
    }

    /// Splits at `separator` where no bracket is open.
    private static func splitTopLevel(_ text: String, separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(", "[", "<": depth += 1
            case ")", "]", ">": depth -= 1
            default: break
            }
            if character == separator, depth == 0 {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }
}
