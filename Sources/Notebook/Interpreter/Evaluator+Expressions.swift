import Foundation

/// A compiled expression. Cells are compiled once into a tree of these nodes (names resolved
/// to slots, literals pre-parsed, operators folded), so loops do not re-walk syntax.
class Expr {
    let pos: SourcePos
    /// The static type when the compiler knows it (annotations, literals, conversions).
    var hint: TypeHint?

    init(pos: SourcePos, hint: TypeHint? = nil) {
        self.pos = pos
        self.hint = hint
    }

    func eval(_ frame: Frame) throws -> Value { .void }

    /// Evaluates where the context expects `hint`: contextual expressions (numeric literals,
    /// `nil`, `.member`, collection literals) adopt it; others ignore it.
    func eval(_ frame: Frame, hint: TypeHint?) throws -> Value { try eval(frame) }

    /// Whether the value's type depends on the context.
    var isContextual: Bool { false }

    /// Evaluates for a binding point (declaration, parameter, return, assignment): adopts
    /// `hint` and wraps the value in `Optional` when the hint is optional.
    @inline(__always) final func evalBinding(_ frame: Frame, hint: TypeHint?) throws -> Value {
        guard let hint else { return try eval(frame) }
        return conform(try eval(frame, hint: hint), to: hint)
    }
}

/// Adapts a value to a declared type: `Optional` wrapping, and numbers that the interpreter
/// could not type statically (a literal typed later than Swift would).
func conform(_ value: Value, to hint: TypeHint) -> Value {
    switch hint {
    case .optional(let wrapped):
        if case .optional(let inner) = value {
            guard let inner else { return value }
            return .optional(conform(inner, to: wrapped))
        }
        return .optional(conform(value, to: wrapped))
    case .double:
        if case .int(let number) = value { return .double(Double(number)) }
        return value
    case .float:
        switch value {
        case .int(let number): return .float(Float(number))
        case .double(let number): return .float(Float(number))
        default: return value
        }
    case .array(let element):
        guard case .array(let items) = value, let first = items.first, needsConform(first, to: element) else {
            return value
        }
        return .array(items.map { conform($0, to: element) })
    case .dictionary(let keyHint, let valueHint):
        guard case .dictionary(let pairs) = value, let first = pairs.first,
              needsConform(first.value, to: valueHint) || needsConform(first.key, to: keyHint) else { return value }
        return .dictionary(pairs.map { (key: conform($0.key, to: keyHint), value: conform($0.value, to: valueHint)) })
    case .tuple(let hints, let labels):
        guard case .tuple(let items) = value, items.count == hints.count else { return value }
        return .tuple(items.indices.map { index in
            (label: labels[index] ?? items[index].label, value: conform(items[index].value, to: hints[index]))
        })
    default:
        return value
    }
}

private func needsConform(_ value: Value, to hint: TypeHint) -> Bool {
    switch (hint, value) {
    case (.optional, .optional): return false
    case (.optional, _): return true
    case (.double, .int), (.float, .int), (.float, .double): return true
    case (.array, .array), (.dictionary, .dictionary), (.tuple, .tuple): return true
    default: return false
    }
}

// MARK: - Names

/// A local variable of the running function or cell.
final class LocalGetExpr: Expr {
    let info: VarInfo

    init(_ info: VarInfo, pos: SourcePos) {
        self.info = info
        super.init(pos: pos, hint: info.hint)
    }

    override func eval(_ frame: Frame) throws -> Value { try frame.get(info, at: pos) }
}

/// A variable captured by the running closure.
final class CaptureGetExpr: Expr {
    let index: Int

    init(_ index: Int, pos: SourcePos, hint: TypeHint?) {
        self.index = index
        super.init(pos: pos, hint: hint)
    }

    override func eval(_ frame: Frame) throws -> Value { frame.captures[index].value }
}

/// A global name: a cell's top-level variable or function, a binding's function, or a type.
final class GlobalGetExpr: Expr {
    let name: String
    private var box: Box?

    init(_ name: String, pos: SourcePos, hint: TypeHint?) {
        self.name = name
        super.init(pos: pos, hint: hint)
    }

    override func eval(_ frame: Frame) throws -> Value {
        if let box { return box.value }
        let runtime = frame.runtime
        if let found = runtime.global(name) {
            box = found
            return found.value
        }
        return try runtime.globalFallback(name, at: pos)
    }

    /// The global's box, if it exists now (for assignments and mutating calls).
    func resolveBox(_ runtime: Runtime) -> Box? {
        if let box { return box }
        box = runtime.global(name)
        return box
    }
}

extension Runtime {
    /// A name that is not a global variable: a binding's function (as a value), or a type.
    func globalFallback(_ name: String, at pos: SourcePos) throws -> Value {
        if let overloads = registry.functions[name], !overloads.isEmpty {
            return .function(bindingFunctionValue(name: name, overloads: overloads))
        }
        if registry.typeNames.contains(name) || Runtime.builtinTypeNames.contains(name) {
            return .metatype(name)
        }
        throw CellFailure.trap("cannot find '\(name)' in scope", at: pos)
    }

    /// Types every cell can name.
    static let builtinTypeNames: Set<String> = [
        "Int", "Double", "Float", "String", "Bool", "Character", "Array", "Dictionary", "Optional",
        "Range", "ClosedRange", "Substring",
    ]

    /// A binding's global function used as a value (e.g. `values.map(sqrt)`).
    func bindingFunctionValue(name: String, overloads: [BindingRegistry.Overload<BindingRegistry.Body>]) -> Callable {
        Callable(name: name, parameters: overloads.first?.parameters) { arguments, context in
            guard let runtime = context as? Runtime else { throw CellRuntimeError("no interpreter context") }
            return try runtime.callBindingPositionally(name: name, overloads: overloads, arguments, at: runtime.currentPos)
        }
    }
}

/// An operator used as a function value: `reduce(0, +)`, `sorted(by: >)`.
final class OperatorFunctionExpr: Expr {
    let op: String

    init(_ op: String, pos: SourcePos) {
        self.op = op
        super.init(pos: pos, hint: .function)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let op = self.op
        let binary = BinaryOperator(op)
        let pos = self.pos
        return .function(Callable(name: op, parameters: [Parameter(nil), Parameter(nil)]) { arguments, context in
            guard let runtime = context as? Runtime else { throw CellRuntimeError("no interpreter context") }
            if arguments.count == 1 { return try runtime.applyPrefix(op, arguments[0], at: pos) }
            guard arguments.count == 2 else {
                throw CellFailure.trap("operator '\(op)' takes two arguments, got \(arguments.count)", at: pos)
            }
            return try runtime.applyBinary(binary, arguments[0], arguments[1], at: pos)
        })
    }
}

/// A type name used as a value (`Tensor`, `Int`).
final class TypeExpr: Expr {
    let name: String

    init(_ name: String, pos: SourcePos) {
        self.name = name
        super.init(pos: pos)
    }

    override func eval(_ frame: Frame) throws -> Value { .metatype(name) }
}

// MARK: - Members

/// `base.name`: a tuple element, a property, a static property, or a method as a value.
final class MemberGetExpr: Expr {
    let base: Expr
    let name: String

    init(base: Expr, name: String, pos: SourcePos) {
        self.base = base
        self.name = name
        super.init(pos: pos)
    }

    /// The last receiver type and its property getter.
    private var getterCache: (key: String, getter: (Value, any CallContext) throws -> Value)?

    override func eval(_ frame: Frame) throws -> Value {
        let value = try base.eval(frame)
        let runtime = frame.runtime
        switch value {
        case .tuple, .metatype, .optional:
            return try runtime.member(of: value, name, at: pos)
        default:
            break
        }
        let key = runtime.registryKey(value)
        if let cached = getterCache, cached.key == key {
            return try runtime.runBinding(at: pos) { try cached.getter(value, runtime) }
        }
        if let getter = runtime.registry.properties[key]?[name] {
            getterCache = (key, getter)
            return try runtime.runBinding(at: pos) { try getter(value, runtime) }
        }
        return try runtime.member(of: value, name, at: pos)
    }
}

/// `.name` with the type taken from the context (`pooling: .mean`).
final class ImplicitMemberExpr: Expr {
    let name: String

    init(name: String, pos: SourcePos) {
        self.name = name
        super.init(pos: pos)
    }

    override var isContextual: Bool { true }

    override func eval(_ frame: Frame) throws -> Value { try eval(frame, hint: nil) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        try frame.runtime.implicitMember(name, hint: hint, at: pos)
    }
}

/// `x?` inside an optional chain: unwraps, or ends the whole chain with `nil`.
final class OptionalChainExpr: Expr {
    let inner: Expr

    init(_ inner: Expr, pos: SourcePos) {
        self.inner = inner
        super.init(pos: pos)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let value = try inner.eval(frame)
        if case .optional(let wrapped) = value {
            guard let wrapped else { throw OptionalChainNil() }
            return wrapped
        }
        return value
    }
}

/// The outermost expression of an optional chain: its value is optional.
final class OptionalChainBoundaryExpr: Expr {
    let inner: Expr

    init(_ inner: Expr, pos: SourcePos) {
        self.inner = inner
        super.init(pos: pos)
    }

    override func eval(_ frame: Frame) throws -> Value {
        do {
            let value = try inner.eval(frame)
            if case .optional = value { return value }
            if case .void = value { return .optional(nil) }
            return .optional(value)
        } catch is OptionalChainNil {
            return .optional(nil)
        }
    }
}

/// `x!`.
final class ForceUnwrapExpr: Expr {
    let inner: Expr

    init(_ inner: Expr, pos: SourcePos) {
        self.inner = inner
        super.init(pos: pos, hint: inner.hint?.unwrapped)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let value = try inner.eval(frame)
        if case .optional(let wrapped) = value {
            guard let wrapped else {
                throw CellFailure.trap("Unexpectedly found nil while unwrapping an Optional value", at: pos)
            }
            return wrapped
        }
        return value
    }
}

/// `x as T`, `x as? T`, `x as! T`, `x is T`.
final class CastExpr: Expr {
    enum Kind { case coerce, conditional, forced, check }
    let kind: Kind
    let inner: Expr
    let target: TypeHint

    init(kind: Kind, inner: Expr, target: TypeHint, pos: SourcePos) {
        self.kind = kind
        self.inner = inner
        self.target = target
        let hint: TypeHint
        switch kind {
        case .coerce, .forced: hint = target
        case .conditional: hint = .optional(target)
        case .check: hint = .bool
        }
        super.init(pos: pos, hint: hint)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let runtime = frame.runtime
        switch kind {
        case .coerce:
            return try inner.evalBinding(frame, hint: target)
        case .conditional:
            let value = try inner.eval(frame)
            return runtime.value(value, matches: target) ? .optional(unwrapAll(value)) : .optional(nil)
        case .forced:
            let value = try inner.eval(frame)
            guard runtime.value(value, matches: target) else {
                throw CellFailure.trap("Could not cast value of type '\(runtime.typeName(value))' to '\(target.swiftName)'",
                                       at: pos)
            }
            return unwrapAll(value)
        case .check:
            return .bool(runtime.value(try inner.eval(frame), matches: target))
        }
    }

    private func unwrapAll(_ value: Value) -> Value {
        if case .optional(let wrapped?) = value { return unwrapAll(wrapped) }
        return value
    }
}

extension Runtime {
    /// Whether a value has a type (for `as?`, `as!`, `is`).
    func value(_ value: Value, matches hint: TypeHint) -> Bool {
        switch (hint, value) {
        case (.unknown, _), (.generic, _): return true
        case (.optional(let wrapped), .optional(let inner)):
            guard let inner else { return true }
            return self.value(inner, matches: wrapped)
        case (_, .optional(let inner)):
            guard let inner else { return false }
            return self.value(inner, matches: hint)
        case (.optional(let wrapped), _): return self.value(value, matches: wrapped)
        case (.int, .int), (.double, .double), (.float, .float), (.string, .string), (.bool, .bool): return true
        case (.array(let element), .array(let items)): return items.allSatisfy { self.value($0, matches: element) }
        case (.dictionary(let keyHint, let valueHint), .dictionary(let pairs)):
            return pairs.allSatisfy { self.value($0.key, matches: keyHint) && self.value($0.value, matches: valueHint) }
        case (.tuple(let hints, _), .tuple(let items)):
            return hints.count == items.count && zip(hints, items).allSatisfy { self.value($0.1.value, matches: $0.0) }
        case (.function, .function): return true
        case (.named(let name), _): return registryKey(value) == name || typeName(value) == name
        default: return false
        }
    }
}

/// `try`, `try?`, `try!`.
final class TryExpr: Expr {
    enum Kind { case plain, optional, forced }
    let kind: Kind
    let inner: Expr

    init(kind: Kind, inner: Expr, pos: SourcePos) {
        self.kind = kind
        self.inner = inner
        super.init(pos: pos, hint: kind == .optional ? inner.hint.map { TypeHint.optional($0) } : inner.hint)
    }

    override var isContextual: Bool { inner.isContextual }

    override func eval(_ frame: Frame) throws -> Value { try eval(frame, hint: nil) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        switch kind {
        case .plain:
            return try inner.eval(frame, hint: hint)
        case .optional:
            do {
                let value = try inner.eval(frame, hint: hint?.unwrapped)
                if case .optional = value { return value }
                return .optional(value)
            } catch let failure as CellFailure where failure.catchable {
                return .optional(nil)
            }
        case .forced:
            do {
                return try inner.eval(frame, hint: hint)
            } catch let failure as CellFailure where failure.catchable {
                throw CellFailure.trap("'try!' expression unexpectedly raised an error: \(failure.message)",
                                       at: failure.pos ?? pos)
            }
        }
    }
}

/// `{ … }`: creates a closure capturing the variables it uses.
final class ClosureExpr: Expr {
    let code: FunctionCode

    init(code: FunctionCode, pos: SourcePos) {
        self.code = code
        super.init(pos: pos, hint: .function)
    }

    override func eval(_ frame: Frame) throws -> Value {
        .function(FunctionInstance.make(code, in: frame))
    }
}

/// `if` used as a value: `let x = if c { 1 } else { 2 }`.
final class IfValueExpr: Expr {
    let condition: [Condition]
    let then: Expr
    let otherwise: Expr

    init(condition: [Condition], then: Expr, otherwise: Expr, pos: SourcePos) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
        super.init(pos: pos, hint: then.hint ?? otherwise.hint)
    }

    override var isContextual: Bool { then.isContextual || otherwise.isContextual }

    override func eval(_ frame: Frame) throws -> Value { try eval(frame, hint: nil) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        let branch = try testConditions(condition, frame) ? then : otherwise
        return try branch.eval(frame, hint: hint ?? self.hint)
    }
}
