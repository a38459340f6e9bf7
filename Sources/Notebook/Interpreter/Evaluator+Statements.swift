import Foundation

/// A compiled statement.
class Stmt {
    let pos: SourcePos

    init(pos: SourcePos) { self.pos = pos }

    func exec(_ frame: Frame) throws -> Flow { .normal }
}

/// Runs statements in order until one breaks, continues, returns or falls through.
@inline(__always) func runStatements(_ statements: [Stmt], _ frame: Frame) throws -> Flow {
    for statement in statements {
        let flow = try statement.exec(frame)
        if case .normal = flow { continue }
        return flow
    }
    return .normal
}

/// Where a declaration or pattern puts a value.
enum BindTarget {
    case local(VarInfo)
    case global(name: String, hint: TypeHint?, isConstant: Bool)

    func bind(_ value: Value, _ frame: Frame) {
        switch self {
        case .local(let info):
            frame.declare(info, info.declaredHint.map { conform(value, to: $0) } ?? value)
        case .global(let name, let hint, let isConstant):
            frame.runtime.defineGlobal(name, hint.map { conform(value, to: $0) } ?? value, hint: hint, isConstant: isConstant)
        }
    }
}

/// An expression used as a statement. The last one of a cell records its value for display.
final class ExprStmt: Stmt {
    let expr: Expr
    let displaysValue: Bool

    init(_ expr: Expr, displaysValue: Bool) {
        self.expr = expr
        self.displaysValue = displaysValue
        super.init(pos: expr.pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let value = try expr.eval(frame)
        if displaysValue { frame.runtime.lastValue = (value, expr.hint) }
        return .normal
    }
}

/// `let x = …`, `var x: T = …` (one name).
final class DeclareStmt: Stmt {
    let target: BindTarget
    let initializer: Expr?
    let hint: TypeHint?

    init(target: BindTarget, initializer: Expr?, hint: TypeHint?, pos: SourcePos) {
        self.target = target
        self.initializer = initializer
        self.hint = hint
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let value: Value
        if let initializer {
            value = try initializer.evalBinding(frame, hint: hint)
        } else if case .optional? = hint {
            value = .optional(nil)
        } else {
            value = .void
        }
        target.bind(value, frame)
        return .normal
    }
}

/// `let (a, b) = …`.
final class DestructureStmt: Stmt {
    let pattern: PatternNode
    let initializer: Expr
    let hint: TypeHint?

    init(pattern: PatternNode, initializer: Expr, hint: TypeHint?, pos: SourcePos) {
        self.pattern = pattern
        self.initializer = initializer
        self.hint = hint
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let value = try initializer.evalBinding(frame, hint: hint)
        guard try pattern.match(value, frame) else {
            throw CellFailure.trap("cannot destructure a value of type '\(frame.runtime.typeName(value))' "
                                   + "with this pattern", at: pos)
        }
        return .normal
    }
}

/// `func name(…) { … }`.
final class FunctionDeclStmt: Stmt {
    let target: BindTarget
    let code: FunctionCode

    init(target: BindTarget, code: FunctionCode, pos: SourcePos) {
        self.target = target
        self.code = code
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        switch target {
        case .local(let info):
            // Declare first, so a recursive local function captures its own variable.
            frame.declare(info, .void)
            frame.set(info, .function(FunctionInstance.make(code, in: frame)))
        case .global(let name, _, _):
            frame.runtime.defineGlobal(name, .function(FunctionInstance.make(code, in: frame)), hint: .function,
                                       isConstant: true)
        }
        return .normal
    }
}

/// `{ … }` as in `do { … }`.
final class BlockStmt: Stmt {
    let body: [Stmt]

    init(body: [Stmt], pos: SourcePos) {
        self.body = body
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow { try runStatements(body, frame) }
}

// MARK: - Conditions

/// One clause of an `if`, `guard` or `while` condition list.
enum Condition {
    case boolean(Expr)
    /// `let x = optional` (`let x` alone is `let x = x`).
    case optionalBinding(BindTarget, Expr, TypeHint?)
    /// `case pattern = value`.
    case pattern(PatternNode, Expr)
}

/// Evaluates conditions left to right, binding as it goes; false at the first that fails.
func testConditions(_ conditions: [Condition], _ frame: Frame) throws -> Bool {
    for condition in conditions {
        switch condition {
        case .boolean(let expr):
            if try !boolean(expr.eval(frame), at: expr.pos) { return false }
        case .optionalBinding(let target, let expr, let hint):
            let value = try expr.eval(frame, hint: hint.map { TypeHint.optional($0) })
            if case .optional(let wrapped) = value {
                guard let wrapped else { return false }
                target.bind(wrapped, frame)
            } else {
                target.bind(value, frame)
            }
        case .pattern(let pattern, let expr):
            if try !pattern.match(expr.eval(frame), frame) { return false }
        }
    }
    return true
}

/// `if … { } else if … { } else { }`.
final class IfStmt: Stmt {
    let conditions: [Condition]
    let then: [Stmt]
    let otherwise: Stmt?

    init(conditions: [Condition], then: [Stmt], otherwise: Stmt?, pos: SourcePos) {
        self.conditions = conditions
        self.then = then
        self.otherwise = otherwise
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        if try testConditions(conditions, frame) { return try runStatements(then, frame) }
        return try otherwise?.exec(frame) ?? .normal
    }
}

/// `guard … else { … }`: the else block must leave the scope.
final class GuardStmt: Stmt {
    let conditions: [Condition]
    let elseBody: [Stmt]

    init(conditions: [Condition], elseBody: [Stmt], pos: SourcePos) {
        self.conditions = conditions
        self.elseBody = elseBody
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        if try testConditions(conditions, frame) { return .normal }
        let flow = try runStatements(elseBody, frame)
        if case .normal = flow {
            throw CellFailure.trap("'guard' body must not fall through: end it with 'return', 'break', 'continue' "
                                   + "or a call that stops the program", at: pos)
        }
        return flow
    }
}

// MARK: - Loops

/// Decides what a loop does after its body ended with `flow`: nil to go on, else the flow to
/// return from the loop.
@inline(__always) func loopExit(_ flow: Flow, label: String?) -> Flow? {
    switch flow {
    case .normal: return nil
    case .breakLoop(let target):
        return target == nil || target == label ? .normal : flow
    case .continueLoop(let target):
        return target == nil || target == label ? nil : flow
    case .returned, .fallthroughCase: return flow
    }
}

/// `while … { }`.
final class WhileStmt: Stmt {
    let label: String?
    let conditions: [Condition]
    let body: [Stmt]

    init(label: String?, conditions: [Condition], body: [Stmt], pos: SourcePos) {
        self.label = label
        self.conditions = conditions
        self.body = body
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let runtime = frame.runtime
        while try testConditions(conditions, frame) {
            try runtime.tick()
            if let exit = loopExit(try runStatements(body, frame), label: label) { return exit }
        }
        return .normal
    }
}

/// `repeat { } while …`.
final class RepeatStmt: Stmt {
    let label: String?
    let body: [Stmt]
    let condition: Expr

    init(label: String?, body: [Stmt], condition: Expr, pos: SourcePos) {
        self.label = label
        self.body = body
        self.condition = condition
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let runtime = frame.runtime
        repeat {
            try runtime.tick()
            if let exit = loopExit(try runStatements(body, frame), label: label) { return exit }
        } while try boolean(condition.eval(frame), at: condition.pos)
        return .normal
    }
}

/// `for pattern in sequence where condition { }`. Integer ranges run without materialising.
final class ForInStmt: Stmt {
    let label: String?
    let pattern: PatternNode
    /// The loop variable when the pattern is a plain name (the fast path).
    let variable: VarInfo?
    let sequence: Expr
    let filter: Expr?
    let body: [Stmt]

    init(label: String?, pattern: PatternNode, variable: VarInfo?, sequence: Expr, filter: Expr?, body: [Stmt],
         pos: SourcePos) {
        self.label = label
        self.pattern = pattern
        self.variable = variable
        self.sequence = sequence
        self.filter = filter
        self.body = body
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let runtime = frame.runtime
        let values = try sequence.eval(frame)
        if case .range(let lower?, let upper, let closed) = values, case .int(let start) = lower {
            var end = Int.max
            var endInclusive = true
            if let upper {
                guard case .int(let last) = upper else {
                    throw CellFailure.trap("cannot iterate a range with bounds of different types", at: sequence.pos)
                }
                end = last
                endInclusive = closed
            }
            if endInclusive ? start > end : start >= end { return .normal }
            var index = start
            while true {
                try runtime.tick()
                if let exit = try step(.int(index), frame) { return exit }
                if endInclusive ? index >= end : index >= end - 1 { break }
                index += 1
            }
            return .normal
        }
        var result: Flow = .normal
        try runtime.forEachElement(values, at: sequence.pos) { element in
            try runtime.tick()
            if let exit = try step(element, frame) {
                result = exit
                return false
            }
            return true
        }
        return result
    }

    /// One iteration; nil to go on, else the flow that ends the loop.
    @inline(__always) private func step(_ element: Value, _ frame: Frame) throws -> Flow? {
        if let variable {
            frame.declare(variable, element)
        } else if try !pattern.match(element, frame) {
            throw CellFailure.trap("the element of type '\(frame.runtime.typeName(element))' does not match the loop's pattern",
                                   at: pos)
        }
        if let filter, try !boolean(filter.eval(frame), at: filter.pos) { return nil }
        return loopExit(try runStatements(body, frame), label: label)
    }
}

// MARK: - Switch

/// One `case`: alternative patterns, each with an optional `where`.
struct SwitchCase {
    let patterns: [(pattern: PatternNode, guardExpr: Expr?)]
    let isDefault: Bool
    let body: [Stmt]
}

/// `switch value { case …: … default: … }`.
final class SwitchStmt: Stmt {
    let label: String?
    let subject: Expr
    let cases: [SwitchCase]

    init(label: String?, subject: Expr, cases: [SwitchCase], pos: SourcePos) {
        self.label = label
        self.subject = subject
        self.cases = cases
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let value = try subject.eval(frame)
        var matched: Int?
        search: for (index, switchCase) in cases.enumerated() {
            if switchCase.isDefault {
                matched = index
                break
            }
            for alternative in switchCase.patterns {
                if try alternative.pattern.match(value, frame) {
                    if let guardExpr = alternative.guardExpr, try !boolean(guardExpr.eval(frame), at: guardExpr.pos) {
                        continue
                    }
                    matched = index
                    break search
                }
            }
        }
        guard var index = matched else { return .normal }
        while true {
            let flow = try runStatements(cases[index].body, frame)
            switch flow {
            case .fallthroughCase:
                index += 1
                if index >= cases.count { return .normal }
            case .breakLoop(let target) where target == nil || target == label:
                return .normal
            default:
                return flow
            }
        }
    }
}

// MARK: - Jumps

final class ReturnStmt: Stmt {
    let value: Expr?
    let hint: TypeHint?

    init(value: Expr?, hint: TypeHint?, pos: SourcePos) {
        self.value = value
        self.hint = hint
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        frame.returnValue = try value?.evalBinding(frame, hint: hint) ?? .void
        return .returned
    }
}

final class BreakStmt: Stmt {
    let label: String?

    init(label: String?, pos: SourcePos) {
        self.label = label
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow { .breakLoop(label) }
}

final class ContinueStmt: Stmt {
    let label: String?

    init(label: String?, pos: SourcePos) {
        self.label = label
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow { .continueLoop(label) }
}

final class FallthroughStmt: Stmt {
    override func exec(_ frame: Frame) throws -> Flow { .fallthroughCase }
}

/// `do { … } catch { … }`: the catch block sees errors thrown by bindings as `error`; traps,
/// refused files and timeouts are not caught.
final class DoCatchStmt: Stmt {
    let body: [Stmt]
    let errorTarget: BindTarget?
    let handler: [Stmt]?

    init(body: [Stmt], errorTarget: BindTarget?, handler: [Stmt]?, pos: SourcePos) {
        self.body = body
        self.errorTarget = errorTarget
        self.handler = handler
        super.init(pos: pos)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        guard let handler else { return try runStatements(body, frame) }
        do {
            return try runStatements(body, frame)
        } catch let failure as CellFailure where failure.catchable {
            errorTarget?.bind(.object(LibraryObject(typeName: "Error", payload: CaughtError(failure: failure))), frame)
            return try runStatements(handler, frame)
        }
    }
}

/// The value of `error` in a `catch` block.
struct CaughtError: CustomStringConvertible {
    let failure: CellFailure
    var description: String { failure.message }
}
