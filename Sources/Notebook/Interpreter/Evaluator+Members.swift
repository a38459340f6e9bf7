import Foundation

/// `base.name(…)`: a method (mutating ones change the variable, element or member `base`
/// names), a static method on a type, `init`, or a property holding a function.
final class MethodCallExpr: Expr {
    let base: Expr
    let name: String
    let site: CallSite
    /// The place `base` names, when it can be changed (for mutating methods).
    let place: LValue?
    /// Whether some type has a mutating method of this name.
    let mayMutate: Bool
    /// The last receiver type and its overloads of `name`.
    private var methodCache: (key: String, overloads: [BindingRegistry.Overload<BindingRegistry.MemberBody>])?

    init(base: Expr, name: String, site: CallSite, place: LValue?, mayMutate: Bool, pos: SourcePos) {
        self.base = base
        self.name = name
        self.site = site
        self.place = place
        self.mayMutate = mayMutate
        super.init(pos: pos)
    }

    override func eval(_ frame: Frame) throws -> Value {
        if mayMutate, let result = try callMutating(frame) {
            return result
        }
        let receiver = try base.eval(frame)
        return try call(on: receiver, frame: frame)
    }

    private func callMutating(_ frame: Frame) throws -> Value? {
        let runtime = frame.runtime
        let receiverKey: String
        let element: TypeHint?
        do {
            let current = try base.eval(frame)
            receiverKey = runtime.registryKey(current)
            element = runtime.elementHint(of: current, staticHint: base.hint)
        }
        guard let overloads = mutatingOverloads(receiverKey, runtime) else { return nil }
        guard let place else {
            throw CellFailure.trap("cannot use mutating member '\(name)' on an immutable value"
                                   + (base is LocalGetExpr || base is GlobalGetExpr || base is CaptureGetExpr
                                      ? " (declare it with 'var')" : ""), at: pos)
        }
        try place.checkMutable(frame)
        // Evaluate the arguments before taking the value out of its variable.
        var chosen: BindingRegistry.MutatingBody?
        var arguments: [Value] = []
        _ = try runtime.callOverloads(overloads, name: name, site: site, frame: frame, element: element,
                                      cacheKey: receiverKey) { body, values in
            chosen = body
            arguments = values
            return .void
        }
        guard let body = chosen else { return .void }
        var result: Value = .void
        try place.modify(frame) { receiver in
            result = try runtime.runBinding(at: self.site.pos) { try body(&receiver, arguments, runtime) }
        }
        return result
    }

    private var mutatingCache: (key: String, overloads: [BindingRegistry.Overload<BindingRegistry.MutatingBody>]?)?

    private func mutatingOverloads(_ key: String, _ runtime: Runtime) -> [BindingRegistry.Overload<BindingRegistry.MutatingBody>]? {
        if let mutatingCache, mutatingCache.key == key { return mutatingCache.overloads }
        let found = runtime.registry.mutatingMethods[key]?[name].flatMap { $0.isEmpty ? nil : $0 }
        mutatingCache = (key, found)
        return found
    }

    func call(on receiver: Value, frame: Frame) throws -> Value {
        let runtime = frame.runtime
        switch receiver {
        case .metatype(let type):
            if name == "init" { return try runtime.callInitializer(type, site: site, frame: frame, element: nil) }
            if let overloads = runtime.registry.staticMethods[type]?[name], !overloads.isEmpty {
                return try runtime.callOverloads(overloads, name: name, site: site, frame: frame, element: nil) { body, arguments in
                    try body(arguments, runtime)
                }
            }
            let member = try runtime.member(of: receiver, name, at: pos)
            return try runtime.callValue(member, site: site, frame: frame, name: name)
        case .optional:
            if let overloads = runtime.registry.methods["Optional"]?[name], !overloads.isEmpty {
                return try runtime.callOverloads(overloads, name: name, site: site, frame: frame, element: nil,
                                                 cacheKey: "Optional") { body, arguments in
                    try body(receiver, arguments, runtime)
                }
            }
            let member = try runtime.member(of: receiver, name, at: pos)
            return try runtime.callValue(member, site: site, frame: frame, name: name)
        case .tuple:
            let member = try runtime.member(of: receiver, name, at: pos)
            return try runtime.callValue(member, site: site, frame: frame, name: name)
        default:
            break
        }
        let key = runtime.registryKey(receiver)
        let element = runtime.elementHint(of: receiver, staticHint: base.hint)
        if let cached = methodCache, cached.key == key {
            return try runtime.callOverloads(cached.overloads, name: name, site: site, frame: frame, element: element,
                                             cacheKey: key) { body, arguments in
                try body(receiver, arguments, runtime)
            }
        }
        if let overloads = runtime.registry.methods[key]?[name], !overloads.isEmpty {
            methodCache = (key, overloads)
            return try runtime.callOverloads(overloads, name: name, site: site, frame: frame, element: element,
                                             cacheKey: key) { body, arguments in
                try body(receiver, arguments, runtime)
            }
        }
        if name == "callAsFunction", let overloads = runtime.registry.calls[key], !overloads.isEmpty {
            return try runtime.callOverloads(overloads, name: name, site: site, frame: frame, element: element) { body, arguments in
                try body(receiver, arguments, runtime)
            }
        }
        if runtime.registry.mutatingMethods[key]?[name] != nil {
            throw CellFailure.trap("cannot use mutating member '\(name)' on an immutable value", at: pos)
        }
        if runtime.isSequence(receiver), let overloads = runtime.registry.methods["Sequence"]?[name], !overloads.isEmpty {
            return try runtime.callOverloads(overloads, name: name, site: site, frame: frame, element: element,
                                             cacheKey: "Sequence") { body, arguments in
                try body(receiver, arguments, runtime)
            }
        }
        if runtime.registry.properties[key]?[name] != nil {
            let member = try runtime.member(of: receiver, name, at: pos)
            return try runtime.callValue(member, site: site, frame: frame, name: name)
        }
        throw runtime.noMember(receiver, name, at: pos)
    }
}

/// `base[i]`, `base[a, b]`, `dict[k, default: d]`.
final class SubscriptExpr: Expr {
    let base: Expr
    let site: CallSite

    init(base: Expr, site: CallSite, pos: SourcePos) {
        self.base = base
        self.site = site
        super.init(pos: pos, hint: base.hint?.elementHint)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let container = try base.eval(frame)
        return try frame.runtime.subscriptGet(container, site: site, frame: frame, staticHint: base.hint)
    }
}

extension Runtime {
    /// Evaluates index arguments for a built-in container (integers and ranges as `Int`).
    func indexArguments(_ site: CallSite, frame: Frame, keyHint: TypeHint?) throws -> [Value] {
        try site.arguments.map { try $0.expr.evalBinding(frame, hint: $0.label == "default" ? nil : keyHint) }
    }

    func subscriptGet(_ container: Value, site: CallSite, frame: Frame, staticHint: TypeHint?) throws -> Value {
        switch container {
        case .array(let items):
            let indices = try indexArguments(site, frame: frame, keyHint: .int)
            guard indices.count == 1, site.arguments[0].label == nil else {
                throw CellFailure.trap("arrays take one index: 'array[i]' or 'array[range]'", at: site.pos)
            }
            return try arrayElement(items, indices[0], at: site.pos)
        case .dictionary(let pairs):
            var keyHint: TypeHint?
            var valueHint: TypeHint?
            if case .dictionary(let key, let value)? = staticHint?.unwrapped {
                keyHint = key
                valueHint = value
            } else if let first = pairs.first {
                keyHint = TypeHint.of(first.key)
                valueHint = TypeHint.of(first.value)
            }
            guard let keyArgument = site.arguments.first, keyArgument.label == nil else {
                throw CellFailure.trap("dictionaries take a key: 'dictionary[key]'", at: site.pos)
            }
            let key = try keyArgument.expr.evalBinding(frame, hint: keyHint)
            let found = index(ofKey: key, in: pairs).map { pairs[$0].value }
            if site.arguments.count == 2, site.arguments[1].label == "default" {
                if let found { return found }
                return try site.arguments[1].expr.evalBinding(frame, hint: valueHint)
            }
            guard site.arguments.count == 1 else {
                throw CellFailure.trap("dictionaries take a key, and optionally 'default:'", at: site.pos)
            }
            return .optional(found)
        case .string(let text):
            let indices = try indexArguments(site, frame: frame, keyHint: .int)
            guard indices.count == 1 else { break }
            let characters = text.map { Value.string(String($0)) }
            if case .range = indices[0] {
                let slice = try arrayElement(characters, indices[0], at: site.pos)
                if case .array(let parts) = slice { return .string(parts.map { describe($0) }.joined()) }
            }
            throw CellFailure.trap("'subscript(_:)' is unavailable: cannot subscript String with an Int, "
                                   + "use Array(text)[i] or text.prefix(n)", at: site.pos)
        case .tuple, .optional:
            break
        default:
            let key = registryKey(container)
            if let overloads = registry.subscripts[key], !overloads.isEmpty {
                return try callOverloads(overloads, name: "subscript", site: site, frame: frame,
                                         element: elementHint(of: container, staticHint: staticHint)) { body, arguments in
                    try body(container, arguments, self)
                }
            }
        }
        throw CellFailure.trap("value of type '\(typeName(container))' has no subscripts", at: site.pos)
    }

    /// `items[i]` or `items[range]` (a slice is a new array).
    func arrayElement(_ items: [Value], _ index: Value, at pos: SourcePos) throws -> Value {
        switch index {
        case .int(let position):
            guard position >= 0, position < items.count else {
                throw CellFailure.trap("Index out of range: index \(position), but the array has \(items.count) "
                                       + "element\(items.count == 1 ? "" : "s")", at: pos)
            }
            return items[position]
        case .range:
            let bounds = try rangeBounds(index, count: items.count, at: pos)
            return .array(Array(items[bounds]))
        default:
            throw CellFailure.trap("cannot subscript an array with a value of type '\(typeName(index))'", at: pos)
        }
    }

    /// The positions a range selects in a collection of `count` elements (checked).
    func rangeBounds(_ range: Value, count: Int, at pos: SourcePos) throws -> Range<Int> {
        guard case .range(let lower, let upper, let closed) = range else {
            throw CellFailure.trap("expected a range", at: pos)
        }
        var start = 0
        var end = count
        if let lower {
            guard case .int(let value) = lower else { throw CellFailure.trap("range bounds must be Int", at: pos) }
            start = value
        }
        if let upper {
            guard case .int(let value) = upper else { throw CellFailure.trap("range bounds must be Int", at: pos) }
            end = closed ? value.addingReportingOverflow(1).partialValue : value
            if closed, value == Int.max { end = Int.max }
        }
        guard start >= 0, end <= count, start <= end else {
            throw CellFailure.trap("Range out of bounds: \(describe(range)) in a collection of \(count) element"
                                   + (count == 1 ? "" : "s"), at: pos)
        }
        return start..<end
    }
}
