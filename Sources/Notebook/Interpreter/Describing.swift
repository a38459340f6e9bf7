import Foundation

/// How values print (`print`, interpolation) and display (a cell's last expression), matching
/// what Swift prints: `[1, 2]`, `["a": 1]`, `Optional(3)`, `(1, "x")`, Float and Double in their
/// shortest form, strings quoted inside collections. Dictionaries print and iterate sorted by
/// key, so outputs are stable from run to run (Swift's own order is random).
extension Runtime {
    /// The text `print` writes for `value` (Swift's `String(describing:)`).
    func describe(_ value: Value) -> String {
        switch value {
        case .string(let text): return text
        case .object(let object):
            if let describe = registry.descriptions[object.typeName] { return describe(value, self) }
            return String(describing: object.payload)
        case .range(let lower, let upper, let closed):
            return describeRange(lower: lower, upper: upper, closed: closed)
        default: return debugDescribe(value)
        }
    }

    /// The text of `value` inside a collection or an `Optional` (Swift's `debugDescription`).
    func debugDescribe(_ value: Value) -> String {
        switch value {
        case .void: return "()"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return number.description
        case .float(let number): return number.description
        case .string(let text): return text.debugDescription
        case .optional(let wrapped):
            guard let wrapped else { return "nil" }
            return "Optional(\(debugDescribe(wrapped)))"
        case .array(let items):
            return "[" + items.map { debugDescribe($0) }.joined(separator: ", ") + "]"
        case .dictionary(let pairs):
            if pairs.isEmpty { return "[:]" }
            return "[" + sortedPairs(pairs).map { "\(debugDescribe($0.key)): \(debugDescribe($0.value))" }
                .joined(separator: ", ") + "]"
        case .tuple(let items):
            return "(" + items.map { item in
                (item.label.map { "\($0): " } ?? "") + debugDescribe(item.value)
            }.joined(separator: ", ") + ")"
        case .range(let lower?, let upper?, let closed):
            // Inside collections Swift shows `Range(0..<2)`, `ClosedRange(1...3)`.
            return (closed ? "ClosedRange(" : "Range(") + describeRange(lower: lower, upper: upper, closed: closed) + ")"
        case .range(let lower, let upper, let closed):
            return describeRange(lower: lower, upper: upper, closed: closed)
        case .function: return "(Function)"
        case .object(let object):
            if let describe = registry.descriptions[object.typeName] { return describe(value, self) }
            return String(reflecting: object.payload)
        case .metatype(let name): return name
        }
    }

    private func describeRange(lower: Value?, upper: Value?, closed: Bool) -> String {
        switch (lower, upper) {
        case let (lower?, upper?):
            return debugDescribe(lower) + (closed ? "..." : "..<") + debugDescribe(upper)
        case let (nil, upper?):
            let kind = closed ? "PartialRangeThrough" : "PartialRangeUpTo"
            return "\(kind)<\(typeName(upper))>(upperBound: \(debugDescribe(upper)))"
        case let (lower?, nil):
            return "PartialRangeFrom<\(typeName(lower))>(lowerBound: \(debugDescribe(lower)))"
        case (nil, nil):
            return "UnboundedRange"
        }
    }

    /// Dictionary pairs in key order (numbers by value, strings lexicographically).
    func sortedPairs(_ pairs: [(key: Value, value: Value)]) -> [(key: Value, value: Value)] {
        pairs.sorted { orderedBefore($0.key, $1.key) }
    }

    // MARK: Type names

    /// The Swift type name of a value, e.g. `Int`, `[Float]`, `Int?`, `(Int, String)`,
    /// `Range<Int>`, `Tensor`; `hint` names what the value alone cannot tell (an empty array).
    func typeName(_ value: Value, hint: TypeHint? = nil) -> String {
        switch value {
        case .void: return "()"
        case .bool: return "Bool"
        case .int: return "Int"
        case .double: return "Double"
        case .float: return "Float"
        case .string: return "String"
        case .optional(let wrapped):
            if let wrapped {
                let inner = typeName(wrapped, hint: hint?.unwrapped)
                return inner.hasSuffix(")") && inner.hasPrefix("(") && !inner.contains(",") ? "(\(inner))?" : "\(inner)?"
            }
            if let hint, case .optional = hint { return hint.swiftName }
            return hint.map { "\($0.swiftName)?" } ?? "Optional<Any>"
        case .array(let items):
            if let first = items.first { return "[\(typeName(first, hint: hint?.elementHint))]" }
            if let hint, case .array = hint.unwrapped { return hint.unwrapped.swiftName }
            return "[Any]"
        case .dictionary(let pairs):
            if let first = pairs.first {
                return "[\(typeName(first.key)): \(typeName(first.value))]"
            }
            if let hint, case .dictionary = hint.unwrapped { return hint.unwrapped.swiftName }
            return "[AnyHashable: Any]"
        case .tuple(let items):
            return "(" + items.map { item in (item.label.map { "\($0): " } ?? "") + typeName(item.value) }
                .joined(separator: ", ") + ")"
        case .range(let lower, let upper, let closed):
            let bound = (lower ?? upper).map { typeName($0) } ?? "Int"
            switch (lower, upper) {
            case (.some, .some): return closed ? "ClosedRange<\(bound)>" : "Range<\(bound)>"
            case (nil, .some): return closed ? "PartialRangeThrough<\(bound)>" : "PartialRangeUpTo<\(bound)>"
            case (.some, nil): return "PartialRangeFrom<\(bound)>"
            case (nil, nil): return "UnboundedRange"
            }
        case .function: return "(Function)"
        case .object(let object): return object.typeName
        case .metatype(let name): return "\(name).Type"
        }
    }

    /// The key bindings are registered under for a value's type (`Array`, `String`, `Tensor`, …).
    func registryKey(_ value: Value) -> String {
        switch value {
        case .void: return "Void"
        case .bool: return "Bool"
        case .int: return "Int"
        case .double: return "Double"
        case .float: return "Float"
        case .string: return "String"
        case .optional: return "Optional"
        case .array: return "Array"
        case .dictionary: return "Dictionary"
        case .tuple: return "Tuple"
        case .range(let lower, let upper, let closed):
            switch (lower, upper) {
            case (.some, .some): return closed ? "ClosedRange" : "Range"
            case (nil, .some): return closed ? "PartialRangeThrough" : "PartialRangeUpTo"
            default: return "PartialRangeFrom"
            }
        case .function: return "Function"
        case .object(let object): return object.typeName
        case .metatype(let name): return name
        }
    }

    // MARK: Displays

    /// Arrays of at most 16 numbers, booleans or short strings display as one line of text.
    static func isShortScalarList(_ items: [Value]) -> Bool {
        guard items.count <= 16 else { return false }
        return items.allSatisfy { item in
            switch item {
            case .int, .double, .float, .bool: return true
            case .string(let text): return text.count <= 24
            default: return false
            }
        }
    }

    /// Collections display at most this many items.
    static let displayLimit = 100

    /// How a cell's last expression shows: the registry's display for its type, else the
    /// description for scalars, item by item for collections.
    func display(_ value: Value, hint: TypeHint? = nil) throws -> Display {
        if let display = registry.displays[registryKey(value)] {
            return try display(value, self)
        }
        switch value {
        case .array(let items) where Self.isShortScalarList(items):
            // Shapes, ids and other short lists of numbers read best on one line: `[1, 257, 384]`.
            return .text(describe(value), type: typeName(value, hint: hint))
        case .array(let items):
            return .collection(CollectionDisplay(
                kind: .array, keys: nil,
                items: try items.prefix(Runtime.displayLimit).map { try display($0, hint: hint?.elementHint) },
                omitted: max(0, items.count - Runtime.displayLimit), type: typeName(value, hint: hint)))
        case .dictionary(let pairs):
            let sorted = sortedPairs(pairs).prefix(Runtime.displayLimit)
            return .collection(CollectionDisplay(
                kind: .dictionary, keys: sorted.map { describe($0.key) },
                items: try sorted.map { try display($0.value) },
                omitted: max(0, pairs.count - Runtime.displayLimit), type: typeName(value, hint: hint)))
        case .tuple(let items):
            return .collection(CollectionDisplay(
                kind: .tuple, keys: items.enumerated().map { $0.element.label ?? String($0.offset) },
                items: try items.prefix(Runtime.displayLimit).map { try display($0.value) },
                omitted: max(0, items.count - Runtime.displayLimit), type: typeName(value, hint: hint)))
        case .optional(let wrapped?):
            if case .object = wrapped, registry.displays[registryKey(wrapped)] != nil {
                return try display(wrapped)
            }
            return .text(describe(value), type: typeName(value, hint: hint))
        default:
            return .text(describe(value), type: typeName(value, hint: hint))
        }
    }
}
