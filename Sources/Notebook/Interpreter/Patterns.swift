import Foundation

/// A compiled pattern (`switch` cases, `for` and `let` destructuring, `if case`).
class PatternNode {
    let pos: SourcePos

    init(pos: SourcePos) { self.pos = pos }

    /// Whether `value` matches; binds the pattern's names when it does.
    func match(_ value: Value, _ frame: Frame) throws -> Bool { false }
}

/// `_`.
final class WildcardPattern: PatternNode {
    override func match(_ value: Value, _ frame: Frame) throws -> Bool { true }
}

/// `let x` (or a name inside a `let` pattern).
final class BindingPattern: PatternNode {
    let target: BindTarget

    init(target: BindTarget, pos: SourcePos) {
        self.target = target
        super.init(pos: pos)
    }

    override func match(_ value: Value, _ frame: Frame) throws -> Bool {
        target.bind(value, frame)
        return true
    }
}

/// An expression matched with `~=`: ranges contain the value, other values equal it.
final class ExpressionPattern: PatternNode {
    let expr: Expr

    init(expr: Expr, pos: SourcePos) {
        self.expr = expr
        super.init(pos: pos)
    }

    override func match(_ value: Value, _ frame: Frame) throws -> Bool {
        let pattern = try expr.eval(frame, hint: TypeHint.of(value))
        return try frame.runtime.patternMatches(pattern, value, at: pos)
    }
}

/// `(a, b)`, `(let x, 0)`, `(_, let y)`.
final class TuplePattern: PatternNode {
    let elements: [PatternNode]

    init(elements: [PatternNode], pos: SourcePos) {
        self.elements = elements
        super.init(pos: pos)
    }

    override func match(_ value: Value, _ frame: Frame) throws -> Bool {
        var subject = value
        if case .optional(let wrapped?) = value { subject = wrapped }
        guard case .tuple(let items) = subject, items.count == elements.count else { return false }
        for (element, item) in zip(elements, items) where try !element.match(item.value, frame) {
            return false
        }
        return true
    }
}

/// `let x?` and `.some(let x)`: matches a non-nil optional.
final class SomePattern: PatternNode {
    let inner: PatternNode

    init(inner: PatternNode, pos: SourcePos) {
        self.inner = inner
        super.init(pos: pos)
    }

    override func match(_ value: Value, _ frame: Frame) throws -> Bool {
        guard case .optional(let wrapped) = value else { return try inner.match(value, frame) }
        guard let wrapped else { return false }
        return try inner.match(wrapped, frame)
    }
}

/// `.none` / `nil` as a pattern.
final class NonePattern: PatternNode {
    override func match(_ value: Value, _ frame: Frame) throws -> Bool {
        if case .optional(nil) = value { return true }
        return false
    }
}
