import Foundation

/// A value known at compile time (strings without interpolation, booleans).
final class ConstantExpr: Expr {
    let value: Value

    init(_ value: Value, pos: SourcePos, hint: TypeHint?) {
        self.value = value
        super.init(pos: pos, hint: hint)
    }

    override func eval(_ frame: Frame) throws -> Value { value }
}

/// A numeric literal expression, typed by its context (see `NumberLiteralTree`).
final class NumberLiteralExpr: Expr {
    let tree: NumberLiteralTree
    let defaultKind: NumericKind
    private var cache: [Value?] = [nil, nil, nil]

    init(_ tree: NumberLiteralTree, pos: SourcePos) {
        self.tree = tree
        defaultKind = tree.hasFloatingLiteral ? .double : .int
        super.init(pos: pos, hint: defaultKind == .int ? .int : .double)
    }

    override var isContextual: Bool { true }

    override func eval(_ frame: Frame) throws -> Value { try value(defaultKind, frame.runtime) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        guard var kind = hint?.numericKind else { return try value(defaultKind, frame.runtime) }
        if kind == .int, defaultKind == .double { kind = .double }
        return try value(kind, frame.runtime)
    }

    func value(_ kind: NumericKind, _ runtime: Runtime) throws -> Value {
        let slot: Int
        switch kind {
        case .int: slot = 0
        case .double: slot = 1
        case .float: slot = 2
        }
        if let cached = cache[slot] { return cached }
        let computed = try tree.evaluate(kind, runtime: runtime, at: pos)
        cache[slot] = computed
        return computed
    }
}

/// `nil`.
final class NilLiteralExpr: Expr {
    override var isContextual: Bool { true }
    override func eval(_ frame: Frame) throws -> Value { .optional(nil) }
}

/// A string literal with interpolations: `"n = \(n)"`.
final class InterpolatedStringExpr: Expr {
    enum Part {
        case text(String)
        case value(Expr)
    }

    let parts: [Part]

    init(parts: [Part], pos: SourcePos) {
        self.parts = parts
        super.init(pos: pos, hint: .string)
    }

    override func eval(_ frame: Frame) throws -> Value {
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .value(let expr): result += frame.runtime.describe(try expr.eval(frame))
            }
        }
        return .string(result)
    }
}

/// `[a, b, c]`: elements that are literals adopt the element type of the context or of the
/// other elements (`[x, 1]` with a Float `x` is `[Float]`).
final class ArrayLiteralExpr: Expr {
    let elements: [Expr]
    let contextual: Bool
    /// The element type the literals alone give (`[1, 2.5]` is `[Double]`).
    let literalElementHint: TypeHint?

    init(elements: [Expr], pos: SourcePos) {
        self.elements = elements
        contextual = elements.isEmpty || elements.contains { $0.isContextual }
        let numbers = elements.compactMap { $0 as? NumberLiteralExpr }
        literalElementHint = numbers.contains { $0.defaultKind == .double } ? .double : nil
        let staticElement = elements.first.flatMap { $0.hint }
        super.init(pos: pos, hint: staticElement.map { TypeHint.array($0) })
    }

    override var isContextual: Bool { contextual }

    override func eval(_ frame: Frame) throws -> Value { try eval(frame, hint: nil) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        if !contextual {
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try element.eval(frame)) }
            return .array(values)
        }
        var elementHint = hint?.elementHint
        var values = [Value](repeating: .void, count: elements.count)
        for (index, element) in elements.enumerated() where !element.isContextual {
            values[index] = try element.eval(frame)
            if elementHint == nil { elementHint = TypeHint.of(values[index]) }
        }
        if elementHint == nil { elementHint = literalElementHint }
        for (index, element) in elements.enumerated() where element.isContextual {
            values[index] = try element.eval(frame, hint: elementHint)
        }
        if let declared = hint?.elementHint {
            return .array(values.map { conform($0, to: declared) })
        }
        return .array(values)
    }
}

/// `[k: v, …]` and `[:]`.
final class DictionaryLiteralExpr: Expr {
    let pairs: [(key: Expr, value: Expr)]

    init(pairs: [(key: Expr, value: Expr)], pos: SourcePos) {
        self.pairs = pairs
        super.init(pos: pos)
    }

    override var isContextual: Bool { true }

    override func eval(_ frame: Frame) throws -> Value { try eval(frame, hint: nil) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        var keyHint: TypeHint?
        var valueHint: TypeHint?
        if case .dictionary(let key, let value)? = hint?.unwrapped {
            keyHint = key
            valueHint = value
        }
        if valueHint == nil, pairs.contains(where: { ($0.value as? NumberLiteralExpr)?.defaultKind == .double }) {
            valueHint = .double
        }
        var result: [(key: Value, value: Value)] = []
        result.reserveCapacity(pairs.count)
        let runtime = frame.runtime
        for pair in pairs {
            let key = try pair.key.evalBinding(frame, hint: keyHint)
            let value = try pair.value.evalBinding(frame, hint: valueHint)
            if valueHint == nil, !pair.value.isContextual { valueHint = TypeHint.of(value) }
            if runtime.index(ofKey: key, in: result) != nil {
                throw CellFailure.trap("Dictionary literal contains duplicate keys", at: pos)
            }
            result.append((key: key, value: value))
        }
        return .dictionary(result)
    }
}

/// `(a, b)` and `(x: 1, y: 2)`.
final class TupleExpr: Expr {
    let elements: [(label: String?, expr: Expr)]

    init(elements: [(label: String?, expr: Expr)], pos: SourcePos) {
        self.elements = elements
        super.init(pos: pos)
    }

    override var isContextual: Bool { elements.contains { $0.expr.isContextual } }

    override func eval(_ frame: Frame) throws -> Value { try eval(frame, hint: nil) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        var hints: [TypeHint]?
        if case .tuple(let items, _)? = hint?.unwrapped, items.count == elements.count { hints = items }
        var values: [(label: String?, value: Value)] = []
        values.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            values.append((label: element.label, value: try element.expr.evalBinding(frame, hint: hints?[index])))
        }
        return .tuple(values)
    }
}
