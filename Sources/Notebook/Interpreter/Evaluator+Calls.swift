import Foundation

/// `name(…)` where `name` is not a local: a cell's global function, a binding's function, a
/// type's initializer, or a global callable value.
final class NamedCallExpr: Expr {
    let name: String
    let site: CallSite
    private var box: Box?

    init(name: String, site: CallSite, pos: SourcePos, hint: TypeHint?) {
        self.name = name
        self.site = site
        super.init(pos: pos, hint: hint)
    }

    /// A binding function or initializer found when no global had the name (valid while no
    /// global is added).
    private var bindings: (version: Int, overloads: [BindingRegistry.Overload<BindingRegistry.Body>], isType: Bool)?

    override func eval(_ frame: Frame) throws -> Value {
        let runtime = frame.runtime
        if let box {
            return try runtime.callValue(box.value, site: site, frame: frame, name: name)
        }
        if let bindings, bindings.version == runtime.globalsVersion {
            return try callBindings(bindings.overloads, isType: bindings.isType, runtime: runtime, frame: frame)
        }
        if let found = runtime.global(name) {
            box = found
            return try runtime.callValue(found.value, site: site, frame: frame, name: name)
        }
        if let overloads = runtime.registry.functions[name], !overloads.isEmpty {
            bindings = (runtime.globalsVersion, overloads, false)
            return try callBindings(overloads, isType: false, runtime: runtime, frame: frame)
        }
        if runtime.registry.initializers[name] != nil || runtime.registry.typeNames.contains(name)
            || Runtime.builtinTypeNames.contains(name) {
            let overloads = runtime.registry.initializers[name] ?? []
            bindings = (runtime.globalsVersion, overloads, true)
            return try callBindings(overloads, isType: true, runtime: runtime, frame: frame)
        }
        throw CellFailure.trap("cannot find '\(name)' in scope", at: pos)
    }

    private func callBindings(_ overloads: [BindingRegistry.Overload<BindingRegistry.Body>], isType: Bool, runtime: Runtime,
                              frame: Frame) throws -> Value {
        if isType, overloads.isEmpty {
            throw CellFailure.trap("'\(name)' cannot be constructed in cells (no initializer is available)", at: site.pos)
        }
        return try runtime.callOverloads(overloads, name: name, site: site, frame: frame, element: nil,
                                         cacheKey: name) { body, arguments in
            try body(arguments, runtime)
        }
    }
}

/// `[Int](…)`, `[String: Int]()`, `Array<Float>(…)`: a collection initializer with a known element type.
final class CollectionInitExpr: Expr {
    let typeName: String
    let element: TypeHint?
    let site: CallSite

    init(typeName: String, hint: TypeHint, element: TypeHint?, site: CallSite, pos: SourcePos) {
        self.typeName = typeName
        self.element = element
        self.site = site
        super.init(pos: pos, hint: hint)
    }

    override func eval(_ frame: Frame) throws -> Value {
        if site.arguments.isEmpty {
            return typeName == "Dictionary" ? .dictionary([]) : .array([])
        }
        let value = try frame.runtime.callInitializer(typeName, site: site, frame: frame, element: element)
        return hint.map { conform(value, to: $0) } ?? value
    }
}

/// `callee(…)` where the callee is an expression (a local closure, `f()()`, `model(inputs)`).
final class ValueCallExpr: Expr {
    let callee: Expr
    let site: CallSite
    let name: String

    init(callee: Expr, site: CallSite, name: String, pos: SourcePos) {
        self.callee = callee
        self.site = site
        self.name = name
        super.init(pos: pos)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let value = try callee.eval(frame)
        return try frame.runtime.callValue(value, site: site, frame: frame, name: name)
    }
}

/// `.name(…)` with the type from the context (a static method or `init`).
final class ImplicitMemberCallExpr: Expr {
    let name: String
    let site: CallSite

    init(name: String, site: CallSite, pos: SourcePos) {
        self.name = name
        self.site = site
        super.init(pos: pos)
    }

    override var isContextual: Bool { true }

    override func eval(_ frame: Frame) throws -> Value { try eval(frame, hint: nil) }

    override func eval(_ frame: Frame, hint: TypeHint?) throws -> Value {
        let runtime = frame.runtime
        var types: [String] = []
        if case .named(let type)? = hint?.unwrapped {
            types = [type]
        } else if let hint = hint?.unwrapped, hint != .unknown {
            types = [hint.swiftName]
        } else {
            types = runtime.registry.staticMethods.compactMap { $0.value[name] != nil ? $0.key : nil }.sorted()
        }
        guard types.count == 1, let type = types.first else {
            throw CellFailure.trap(types.isEmpty ? "cannot infer contextual base in reference to member '\(name)'"
                                                 : "ambiguous use of '.\(name)' (\(types.joined(separator: ", ")))",
                                   at: pos)
        }
        if name == "init" { return try runtime.callInitializer(type, site: site, frame: frame, element: nil) }
        guard let overloads = runtime.registry.staticMethods[type]?[name] else {
            throw CellFailure.trap("type '\(type)' has no member '\(name)'", at: pos)
        }
        return try runtime.callOverloads(overloads, name: name, site: site, frame: frame, element: nil) { body, arguments in
            try body(arguments, runtime)
        }
    }
}
