import Foundation
import SwiftSyntax

/// A binary expression after precedence folding. The parser leaves `a + b * c` as a flat
/// sequence; this folds it with Swift's standard precedence groups (SwiftOperators is not a
/// dependency of the Notebook target, and cells cannot declare operators anyway).
indirect enum FoldedExpr {
    case operand(ExprSyntax)
    case binary(op: String, node: Syntax, lhs: FoldedExpr, rhs: FoldedExpr)
    case assignment(node: Syntax, lhs: FoldedExpr, rhs: FoldedExpr)
    case ternary(condition: FoldedExpr, then: ExprSyntax, otherwise: FoldedExpr, node: Syntax)
    case cast(kind: CastExpr.Kind, type: TypeSyntax, operand: FoldedExpr, node: Syntax)
    /// `try`/`try?`/`try!` written before the first operand covers the whole expression.
    case tryWrap(TryExprSyntax, FoldedExpr)
}

/// Swift's standard precedence groups, lowest first.
enum Precedence: Int, Comparable {
    case assignment = 1, ternary, disjunction, conjunction, comparison, nilCoalescing, casting, rangeFormation,
         addition, multiplication, bitwiseShift

    static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }

    var isRightAssociative: Bool {
        self == .assignment || self == .ternary || self == .nilCoalescing
    }

    /// The group of an infix operator; unknown operators get Swift's default precedence.
    static func of(_ op: String) -> Precedence {
        switch op {
        case "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&+=", "&-=", "&*=": return .assignment
        case "||": return .disjunction
        case "&&": return .conjunction
        case "==", "!=", "<", "<=", ">", ">=", "===", "!==", "~=": return .comparison
        case "??": return .nilCoalescing
        case "..<", "...": return .rangeFormation
        case "+", "-", "&+", "&-", "|", "^": return .addition
        case "*", "/", "%", "&*", "&": return .multiplication
        case "<<", ">>", "&<<", "&>>": return .bitwiseShift
        default: return .ternary
        }
    }
}

/// Folds a `SequenceExprSyntax` by precedence climbing.
struct OperatorFolder {
    private let elements: [ExprSyntax]
    private var index = 0

    init(_ sequence: SequenceExprSyntax) {
        elements = Array(sequence.elements)
    }

    mutating func fold() throws -> FoldedExpr {
        let result = try parse(minimum: .assignment)
        if index < elements.count {
            throw CompileError(kind: .syntax, message: "could not read this operator expression",
                               pos: SourcePos.unknown)
        }
        return result
    }

    private enum OperatorKind {
        case infix(String)
        case assignment
        case ternary(ExprSyntax)
        case cast(CastExpr.Kind)
    }

    private func operatorAt(_ position: Int) -> (kind: OperatorKind, precedence: Precedence, node: Syntax)? {
        guard position < elements.count else { return nil }
        let element = elements[position]
        if let binary = element.as(BinaryOperatorExprSyntax.self) {
            let text = binary.operator.text
            return (.infix(text), Precedence.of(text), Syntax(binary))
        }
        if let assignment = element.as(AssignmentExprSyntax.self) {
            return (.assignment, .assignment, Syntax(assignment))
        }
        if let ternary = element.as(UnresolvedTernaryExprSyntax.self) {
            return (.ternary(ternary.thenExpression), .ternary, Syntax(ternary))
        }
        if let cast = element.as(UnresolvedAsExprSyntax.self) {
            let kind: CastExpr.Kind
            switch cast.questionOrExclamationMark?.tokenKind {
            case .postfixQuestionMark?: kind = .conditional
            case .exclamationMark?: kind = .forced
            default: kind = .coerce
            }
            return (.cast(kind), .casting, Syntax(cast))
        }
        if element.is(UnresolvedIsExprSyntax.self) {
            return (.cast(.check), .casting, Syntax(element))
        }
        return nil
    }

    private mutating func operand() throws -> FoldedExpr {
        guard index < elements.count else {
            throw CompileError(kind: .syntax, message: "expected an operand", pos: .unknown)
        }
        let element = elements[index]
        index += 1
        return .operand(element)
    }

    private mutating func parse(minimum: Precedence) throws -> FoldedExpr {
        var lhs = try operand()
        while let (kind, precedence, node) = operatorAt(index), precedence >= minimum {
            index += 1
            switch kind {
            case .cast(let castKind):
                guard index < elements.count, let typeExpr = elements[index].as(TypeExprSyntax.self) else {
                    throw CompileError(kind: .syntax, message: "expected a type after 'as'/'is'", pos: .unknown)
                }
                index += 1
                lhs = hoistTry(lhs) { .cast(kind: castKind, type: typeExpr.type, operand: $0, node: node) }
            case .ternary(let then):
                let rhs = try parse(minimum: precedence)
                lhs = hoistTry(lhs) { .ternary(condition: $0, then: then, otherwise: rhs, node: node) }
            case .assignment:
                let rhs = try parse(minimum: precedence)
                lhs = .assignment(node: node, lhs: lhs, rhs: rhs)
            case .infix(let op):
                let next = precedence.isRightAssociative ? precedence
                    : Precedence(rawValue: precedence.rawValue + 1) ?? .bitwiseShift
                let rhs = precedence == .bitwiseShift && !precedence.isRightAssociative
                    ? try operandOnly()
                    : try parse(minimum: next)
                if precedence == .assignment {
                    lhs = .binary(op: op, node: node, lhs: lhs, rhs: rhs)
                } else {
                    lhs = hoistTry(lhs) { .binary(op: op, node: node, lhs: $0, rhs: rhs) }
                }
            }
        }
        return lhs
    }

    /// The right operand of the highest group (nothing binds tighter).
    private mutating func operandOnly() throws -> FoldedExpr { try operand() }

    /// `try f() + 1` means `try (f() + 1)`.
    private func hoistTry(_ lhs: FoldedExpr, _ make: (FoldedExpr) -> FoldedExpr) -> FoldedExpr {
        switch lhs {
        case .operand(let expr):
            if let tryExpr = expr.as(TryExprSyntax.self) {
                return .tryWrap(tryExpr, make(.operand(tryExpr.expression)))
            }
            return make(lhs)
        case .tryWrap(let tryExpr, let inner):
            return .tryWrap(tryExpr, make(inner))
        default:
            return make(lhs)
        }
    }
}
