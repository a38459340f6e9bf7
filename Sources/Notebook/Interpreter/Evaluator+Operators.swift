import Foundation

/// `a op b` for operators other than `&&`, `||`, `??` and assignments.
final class BinaryExpr: Expr {
    let op: BinaryOperator
    let lhs: Expr
    let rhs: Expr
    private let lhsContextual: Bool
    private let rhsContextual: Bool

    init(op: BinaryOperator, lhs: Expr, rhs: Expr, pos: SourcePos) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        lhsContextual = lhs.isContextual
        rhsContextual = rhs.isContextual
        var hint: TypeHint?
        switch op {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .identical, .notIdentical, .patternMatch:
            hint = .bool
        case .add, .subtract, .multiply, .divide, .remainder:
            hint = lhsContextual ? rhs.hint : lhs.hint
        default: hint = nil
        }
        super.init(pos: pos, hint: hint)
    }

    override var isContextual: Bool { lhsContextual && rhsContextual }

    override func eval(_ frame: Frame) throws -> Value { try eval(frame, hint: nil) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        let runtime = frame.runtime
        let left: Value, right: Value
        if rhsContextual, !lhsContextual {
            left = try lhs.eval(frame)
            right = try rhs.eval(frame, hint: TypeHint.of(left))
        } else if lhsContextual, !rhsContextual {
            right = try rhs.eval(frame)
            left = try lhs.eval(frame, hint: TypeHint.of(right))
        } else if lhsContextual {
            let operandHint = isComparison ? nil : hint
            left = try lhs.eval(frame, hint: operandHint)
            right = try rhs.eval(frame, hint: operandHint ?? TypeHint.of(left))
        } else {
            left = try lhs.eval(frame)
            right = try rhs.eval(frame)
        }
        return try runtime.applyBinary(op, left, right, at: pos)
    }

    private var isComparison: Bool { hint == .bool }
}

/// `a && b`, `a || b` (the right side runs only when needed).
final class LogicalExpr: Expr {
    let isAnd: Bool
    let lhs: Expr
    let rhs: Expr

    init(isAnd: Bool, lhs: Expr, rhs: Expr, pos: SourcePos) {
        self.isAnd = isAnd
        self.lhs = lhs
        self.rhs = rhs
        super.init(pos: pos, hint: .bool)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let left = try boolean(lhs.eval(frame), at: lhs.pos)
        if isAnd, !left { return .bool(false) }
        if !isAnd, left { return .bool(true) }
        return .bool(try boolean(rhs.eval(frame), at: rhs.pos))
    }
}

/// The Bool a condition evaluates to.
@inline(__always) func boolean(_ value: Value, at pos: SourcePos) throws -> Bool {
    if case .bool(let flag) = value { return flag }
    throw CellFailure.trap("expected a Bool condition, found a value of another type", at: pos)
}

/// `a ?? b`.
final class NilCoalescingExpr: Expr {
    let lhs: Expr
    let rhs: Expr

    init(lhs: Expr, rhs: Expr, pos: SourcePos) {
        self.lhs = lhs
        self.rhs = rhs
        super.init(pos: pos, hint: rhs.isContextual ? lhs.hint?.unwrapped : rhs.hint)
    }

    override func eval(_ frame: Frame) throws -> Value { try eval(frame, hint: nil) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        let left = try lhs.eval(frame, hint: hint.map { TypeHint.optional($0) })
        guard case .optional(let wrapped) = left else { return left }
        if let wrapped { return wrapped }
        return try rhs.eval(frame, hint: hint ?? lhs.hint?.unwrapped)
    }
}

/// `-x`, `!x`, `~x`.
final class PrefixExpr: Expr {
    let op: String
    let operand: Expr

    init(op: String, operand: Expr, pos: SourcePos) {
        self.op = op
        self.operand = operand
        super.init(pos: pos, hint: op == "!" ? .bool : operand.hint)
    }

    override var isContextual: Bool { operand.isContextual }

    override func eval(_ frame: Frame) throws -> Value { try eval(frame, hint: nil) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        try frame.runtime.applyPrefix(op, operand.eval(frame, hint: hint), at: pos)
    }
}

/// `..<b`, `...b`, `a...`.
final class PartialRangeExpr: Expr {
    let bound: Expr
    let isUpper: Bool
    let closed: Bool

    init(bound: Expr, isUpper: Bool, closed: Bool, pos: SourcePos) {
        self.bound = bound
        self.isUpper = isUpper
        self.closed = closed
        super.init(pos: pos)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let value = try bound.eval(frame)
        return isUpper ? .range(lower: nil, upper: value, closed: closed) : .range(lower: value, upper: nil, closed: closed)
    }
}

/// `c ? a : b`.
final class TernaryExpr: Expr {
    let condition: Expr
    let then: Expr
    let otherwise: Expr

    init(condition: Expr, then: Expr, otherwise: Expr, pos: SourcePos) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
        super.init(pos: pos, hint: then.isContextual ? otherwise.hint : then.hint)
    }

    override var isContextual: Bool { then.isContextual && otherwise.isContextual }

    override func eval(_ frame: Frame) throws -> Value { try eval(frame, hint: nil) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        let branch = try boolean(condition.eval(frame), at: condition.pos) ? then : otherwise
        return try branch.eval(frame, hint: hint ?? self.hint)
    }
}
