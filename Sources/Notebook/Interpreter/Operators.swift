import Foundation

/// Infix operators of the cell language.
enum BinaryOperator: Equatable, Sendable {
    case add, subtract, multiply, divide, remainder
    case wrappingAdd, wrappingSubtract, wrappingMultiply
    case equal, notEqual, less, lessEqual, greater, greaterEqual, identical, notIdentical
    case bitAnd, bitOr, bitXor, shiftLeft, shiftRight
    case halfOpenRange, closedRange, patternMatch
    /// Any other operator: only the registry's operators can apply it.
    case custom(String)

    init(_ text: String) {
        switch text {
        case "+": self = .add
        case "-": self = .subtract
        case "*": self = .multiply
        case "/": self = .divide
        case "%": self = .remainder
        case "&+": self = .wrappingAdd
        case "&-": self = .wrappingSubtract
        case "&*": self = .wrappingMultiply
        case "==": self = .equal
        case "!=": self = .notEqual
        case "<": self = .less
        case "<=": self = .lessEqual
        case ">": self = .greater
        case ">=": self = .greaterEqual
        case "===": self = .identical
        case "!==": self = .notIdentical
        case "&": self = .bitAnd
        case "|": self = .bitOr
        case "^": self = .bitXor
        case "<<": self = .shiftLeft
        case ">>": self = .shiftRight
        case "..<": self = .halfOpenRange
        case "...": self = .closedRange
        case "~=": self = .patternMatch
        default: self = .custom(text)
        }
    }

    var text: String {
        switch self {
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .divide: return "/"
        case .remainder: return "%"
        case .wrappingAdd: return "&+"
        case .wrappingSubtract: return "&-"
        case .wrappingMultiply: return "&*"
        case .equal: return "=="
        case .notEqual: return "!="
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .identical: return "==="
        case .notIdentical: return "!=="
        case .bitAnd: return "&"
        case .bitOr: return "|"
        case .bitXor: return "^"
        case .shiftLeft: return "<<"
        case .shiftRight: return ">>"
        case .halfOpenRange: return "..<"
        case .closedRange: return "..."
        case .patternMatch: return "~="
        case .custom(let text): return text
        }
    }

    /// Arithmetic operators whose operands can be folded when both are literals.
    var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .remainder: return true
        default: return false
        }
    }
}

extension Runtime {
    /// Applies an infix operator to two values, with Swift's semantics: integer overflow and
    /// division by zero trap, mixed number types (a literal next to a typed value) adopt the
    /// wider type (Float beats Double beats Int), library types use registered operators.
    func applyBinary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at pos: SourcePos) throws -> Value {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return try intOperation(op, a, b, at: pos)
        case let (.double(a), .double(b)): if let result = doubleOperation(op, a, b) { return result }
        case let (.float(a), .float(b)): if let result = floatOperation(op, a, b) { return result }
        case let (.string(a), .string(b)):
            switch op {
            case .add: return .string(a + b)
            case .equal: return .bool(a == b)
            case .notEqual: return .bool(a != b)
            case .less: return .bool(a < b)
            case .lessEqual: return .bool(a <= b)
            case .greater: return .bool(a > b)
            case .greaterEqual: return .bool(a >= b)
            case .halfOpenRange, .closedRange:
                guard a <= b else { throw CellFailure.trap("Range requires lowerBound <= upperBound", at: pos) }
                return .range(lower: lhs, upper: rhs, closed: op == .closedRange)
            default: break
            }
        default: break
        }
        if case .object = lhs, let result = try registryOperator(op.text, lhs, rhs) { return result }
        if case .object = rhs, let result = try registryOperator(op.text, lhs, rhs) { return result }
        // A literal of one number type next to a value of another: the literal adopts it.
        switch (lhs, rhs) {
        case let (.int(a), .double(b)): return try applyBinary(op, .double(Double(a)), .double(b), at: pos)
        case let (.double(a), .int(b)): return try applyBinary(op, .double(a), .double(Double(b)), at: pos)
        case let (.int(a), .float(b)): return try applyBinary(op, .float(Float(a)), .float(b), at: pos)
        case let (.float(a), .int(b)): return try applyBinary(op, .float(a), .float(Float(b)), at: pos)
        case let (.double(a), .float(b)): return try applyBinary(op, .float(Float(a)), .float(b), at: pos)
        case let (.float(a), .double(b)): return try applyBinary(op, .float(a), .float(Float(b)), at: pos)
        default: break
        }
        switch op {
        case .equal: return .bool(try valuesEqual(lhs, rhs))
        case .notEqual: return .bool(try !valuesEqual(lhs, rhs))
        case .less, .lessEqual, .greater, .greaterEqual:
            let ordered: Bool?
            switch op {
            case .less: ordered = try lessThan(lhs, rhs)
            case .greater: ordered = try lessThan(rhs, lhs)
            case .lessEqual: ordered = try lessThan(rhs, lhs).map { !$0 }
            default: ordered = try lessThan(lhs, rhs).map { !$0 }
            }
            if let ordered { return .bool(ordered) }
        case .add:
            if case .array(let a) = lhs, case .array(let b) = rhs { return .array(a + b) }
        case .patternMatch:
            return .bool(try patternMatches(lhs, rhs, at: pos))
        case .halfOpenRange, .closedRange:
            if let less = try lessThan(rhs, lhs) {
                if less { throw CellFailure.trap("Range requires lowerBound <= upperBound", at: pos) }
                return .range(lower: lhs, upper: rhs, closed: op == .closedRange)
            }
        case .identical, .notIdentical:
            if case .object(let a) = lhs, case .object(let b) = rhs {
                let same = (a.payload as AnyObject) === (b.payload as AnyObject)
                return .bool(op == .identical ? same : !same)
            }
        default: break
        }
        if let result = try registryOperator(op.text, lhs, rhs) { return result }
        throw CellFailure.trap("binary operator '\(op.text)' cannot be applied to operands of type "
                               + "'\(typeName(lhs))' and '\(typeName(rhs))'", at: pos)
    }

    /// `pattern ~= value`: ranges contain, other patterns compare equal.
    func patternMatches(_ pattern: Value, _ value: Value, at pos: SourcePos) throws -> Bool {
        if case .range(let lower, let upper, let closed) = pattern {
            var subject = value
            if case .optional(let wrapped) = value {
                guard let wrapped else { return false }
                subject = wrapped
            }
            return try rangeContains(lower: lower, upper: upper, closed: closed, subject)
        }
        return try valuesEqual(pattern, value)
    }

    /// Whether a range contains a value.
    func rangeContains(lower: Value?, upper: Value?, closed: Bool, _ value: Value) throws -> Bool {
        if let lower, let below = try lessThan(value, lower), below { return false }
        if let upper {
            guard let less = try lessThan(value, upper) else { return false }
            if less { return true }
            return closed ? try valuesEqual(value, upper) : false
        }
        return true
    }

    private func intOperation(_ op: BinaryOperator, _ a: Int, _ b: Int, at pos: SourcePos) throws -> Value {
        switch op {
        case .add:
            let (result, overflow) = a.addingReportingOverflow(b)
            if overflow { throw overflowTrap(a, "+", b, at: pos) }
            return .int(result)
        case .subtract:
            let (result, overflow) = a.subtractingReportingOverflow(b)
            if overflow { throw overflowTrap(a, "-", b, at: pos) }
            return .int(result)
        case .multiply:
            let (result, overflow) = a.multipliedReportingOverflow(by: b)
            if overflow { throw overflowTrap(a, "*", b, at: pos) }
            return .int(result)
        case .divide:
            if b == 0 { throw CellFailure.trap("Division by zero", at: pos) }
            let (result, overflow) = a.dividedReportingOverflow(by: b)
            if overflow { throw overflowTrap(a, "/", b, at: pos) }
            return .int(result)
        case .remainder:
            if b == 0 { throw CellFailure.trap("Division by zero in remainder operation", at: pos) }
            let (result, overflow) = a.remainderReportingOverflow(dividingBy: b)
            if overflow { throw overflowTrap(a, "%", b, at: pos) }
            return .int(result)
        case .wrappingAdd: return .int(a &+ b)
        case .wrappingSubtract: return .int(a &- b)
        case .wrappingMultiply: return .int(a &* b)
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        case .bitAnd: return .int(a & b)
        case .bitOr: return .int(a | b)
        case .bitXor: return .int(a ^ b)
        case .shiftLeft: return .int(a << b)
        case .shiftRight: return .int(a >> b)
        case .halfOpenRange, .closedRange:
            guard a <= b else { throw CellFailure.trap("Range requires lowerBound <= upperBound", at: pos) }
            return .range(lower: .int(a), upper: .int(b), closed: op == .closedRange)
        case .patternMatch: return .bool(a == b)
        case .identical, .notIdentical, .custom:
            if let result = try registryOperator(op.text, .int(a), .int(b)) { return result }
            throw CellFailure.trap("binary operator '\(op.text)' cannot be applied to two 'Int' operands", at: pos)
        }
    }

    private func overflowTrap(_ a: Int, _ op: String, _ b: Int, at pos: SourcePos) -> CellFailure {
        CellFailure.trap("Arithmetic overflow: \(a) \(op) \(b) does not fit in Int", at: pos)
    }

    private func doubleOperation(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Value? {
        switch op {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .divide: return .double(a / b)
        case .remainder: return .double(a.truncatingRemainder(dividingBy: b))
        case .equal, .patternMatch: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        case .halfOpenRange, .closedRange:
            guard a <= b else { return nil }
            return .range(lower: .double(a), upper: .double(b), closed: op == .closedRange)
        default: return nil
        }
    }

    private func floatOperation(_ op: BinaryOperator, _ a: Float, _ b: Float) -> Value? {
        switch op {
        case .add: return .float(a + b)
        case .subtract: return .float(a - b)
        case .multiply: return .float(a * b)
        case .divide: return .float(a / b)
        case .remainder: return .float(a.truncatingRemainder(dividingBy: b))
        case .equal, .patternMatch: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        case .halfOpenRange, .closedRange:
            guard a <= b else { return nil }
            return .range(lower: .float(a), upper: .float(b), closed: op == .closedRange)
        default: return nil
        }
    }

    /// `x op= y` in place: strings and arrays grow without copying.
    func applyCompound(_ op: BinaryOperator, _ target: inout Value, _ rhs: Value, at pos: SourcePos) throws {
        if op == .add {
            switch (target, rhs) {
            case (.string(var text), .string(let suffix)):
                target = .void
                text += suffix
                target = .string(text)
                return
            case (.array(var items), .array(let more)):
                target = .void
                items += more
                target = .array(items)
                return
            default: break
            }
        }
        target = try applyBinary(op, target, rhs, at: pos)
    }

    /// Applies a prefix operator (`-`, `!`, `~`, `+`).
    func applyPrefix(_ op: String, _ operand: Value, at pos: SourcePos) throws -> Value {
        switch (op, operand) {
        case ("-", .int(let a)):
            let (result, overflow) = Int(0).subtractingReportingOverflow(a)
            if overflow { throw CellFailure.trap("Arithmetic overflow: -(\(a)) does not fit in Int", at: pos) }
            return .int(result)
        case ("-", .double(let a)): return .double(-a)
        case ("-", .float(let a)): return .float(-a)
        case ("+", .int), ("+", .double), ("+", .float): return operand
        case ("!", .bool(let flag)): return .bool(!flag)
        case ("~", .int(let a)): return .int(~a)
        default:
            if let candidates = registry.prefixOperators[op] {
                for candidate in candidates {
                    if let result = try candidate(operand, self) { return result }
                }
            }
            throw CellFailure.trap("unary operator '\(op)' cannot be applied to an operand of type '\(typeName(operand))'",
                                   at: pos)
        }
    }
}
