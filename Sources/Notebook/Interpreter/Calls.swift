import Foundation

/// Calling bindings and function values: labels are matched, overloads chosen by argument
/// types when several fit, and arguments evaluated in the types their parameters declare.
extension Runtime {
    /// The shapes of a binding's parameters.
    func shapes(_ parameters: [Parameter]) -> [ParameterShape] {
        parameters.map { parameter in
            let hint = self.hint(forType: parameter.type)
            let acceptsClosure: Bool
            switch hint?.unwrapped {
            case .int?, .double?, .float?, .string?, .bool?, .array?, .dictionary?, .tuple?: acceptsClosure = false
            default: acceptsClosure = true
            }
            return ParameterShape(label: parameter.label, hasDefault: parameter.defaultValue != nil,
                                  variadic: parameter.variadic, acceptsClosure: acceptsClosure)
        }
    }

    /// Evaluates the arguments for matched parameters: non-contextual arguments first (in
    /// order), then literals and `.members` in the type their parameter declares (`T` is the
    /// type of the call's other `T` arguments, `Element` the receiver's element type).
    /// Returns one value per parameter (nil: use the default; variadic lists as `.array`).
    func evaluateArguments(_ site: CallSite, mapping: [[Int]], hints: [TypeHint?], variadic: [Bool],
                           frame: Frame, element: TypeHint?, conformToHints: Bool) throws -> [Value?] {
        let arguments = site.arguments
        var values = [Value?](repeating: nil, count: arguments.count)
        var parameterOf = [Int](repeating: 0, count: arguments.count)
        for (parameter, indices) in mapping.enumerated() {
            for index in indices { parameterOf[index] = parameter }
        }
        var hasContextual = false
        for (index, argument) in arguments.enumerated() {
            if argument.expr.isContextual {
                hasContextual = true
            } else {
                let hint = conformToHints ? hints[parameterOf[index]] : nil
                values[index] = try argument.expr.evalBinding(frame, hint: hint.flatMap { substitute($0, element: element, t: nil) })
            }
        }
        if hasContextual {
            var generic: TypeHint?
            for (index, argument) in arguments.enumerated() where !argument.expr.isContextual {
                if case .generic("T")? = hints[parameterOf[index]], let value = values[index] {
                    generic = TypeHint.of(value)
                    break
                }
            }
            for (index, argument) in arguments.enumerated() where argument.expr.isContextual {
                var hint = hints[parameterOf[index]].flatMap { substitute($0, element: element, t: generic) }
                if variadic[parameterOf[index]], let element = hint?.elementHint { hint = element }
                values[index] = conformToHints || hint?.numericKind != nil
                    ? try argument.expr.evalBinding(frame, hint: hint)
                    : try argument.expr.eval(frame, hint: hint)
            }
        }
        var result: [Value?] = []
        result.reserveCapacity(mapping.count)
        for (parameter, indices) in mapping.enumerated() {
            if variadic[parameter] {
                result.append(.array(indices.compactMap { values[$0] }))
            } else if let index = indices.first {
                result.append(values[index])
            } else {
                result.append(nil)
            }
        }
        return result
    }

    /// Replaces `Element` and `T` in a parameter's hint.
    func substitute(_ hint: TypeHint, element: TypeHint?, t: TypeHint?) -> TypeHint? {
        switch hint {
        case .generic("Element"): return element
        case .generic("T"): return t
        case .generic: return nil
        case .array(let inner): return substitute(inner, element: element, t: t).map { .array($0) }
        case .optional(let inner): return substitute(inner, element: element, t: t).map { .optional($0) }
        default: return hint
        }
    }

    // MARK: Bindings

    /// Calls one of a binding's overloads: matches labels, picks by argument types when several
    /// fit, evaluates the arguments with the parameter types, and runs the body. `cacheKey`
    /// names the overload list for this site (the receiver's type), so a site that always
    /// calls the same single overload skips matching.
    func callOverloads<B>(_ overloads: [BindingRegistry.Overload<B>], name: String, site: CallSite, frame: Frame,
                          element: TypeHint?, cacheKey: String? = nil,
                          apply: (B, [Value]) throws -> Value) throws -> Value {
        if let cacheKey, let plan = site.plan(for: cacheKey), plan.index < overloads.count {
            let arguments = try planArguments(plan, site: site, frame: frame, element: element)
            return try runBinding(at: site.pos) { try apply(overloads[plan.index].body, arguments) }
        }
        var candidates: [(index: Int, mapping: [[Int]])] = []
        for (index, overload) in overloads.enumerated() {
            if let mapping = site.match(shapes(overload.parameters)) { candidates.append((index, mapping)) }
        }
        guard !candidates.isEmpty else {
            throw CellFailure.trap(noMatchMessage(name: name, overloads: overloads.map(\.parameters), site: site),
                                   at: site.pos)
        }
        var chosen = candidates[0]
        if candidates.count > 1 {
            chosen = try bestCandidate(candidates, overloads: overloads.map(\.parameters), site: site, frame: frame,
                                       element: element)
        }
        let parameters = overloads[chosen.index].parameters
        let hints = parameters.map { hint(forType: $0.type) }
        let plan = CallPlan(index: chosen.index, mapping: chosen.mapping, hints: hints, variadic: parameters.map(\.variadic),
                            defaults: parameters.map(\.defaultValue),
                            simple: !parameters.contains { $0.variadic } && !hints.contains { $0.map(mentionsT) ?? false })
        if candidates.count == 1, let cacheKey { site.store(plan, for: cacheKey) }
        let arguments = try planArguments(plan, site: site, frame: frame, element: element)
        return try runBinding(at: site.pos) { try apply(overloads[chosen.index].body, arguments) }
    }

    private func mentionsT(_ hint: TypeHint) -> Bool {
        switch hint {
        case .generic("T"): return true
        case .array(let inner), .optional(let inner): return mentionsT(inner)
        default: return false
        }
    }

    /// The argument values of a planned call (defaults filled in).
    private func planArguments(_ plan: CallPlan, site: CallSite, frame: Frame, element: TypeHint?) throws -> [Value] {
        var arguments: [Value] = []
        arguments.reserveCapacity(plan.mapping.count)
        if plan.simple {
            for (parameter, indices) in plan.mapping.enumerated() {
                if let index = indices.first {
                    let expr = site.arguments[index].expr
                    if expr.isContextual {
                        let hint = plan.hints[parameter].flatMap { substitute($0, element: element, t: nil) }
                        arguments.append(hint?.numericKind != nil ? try expr.evalBinding(frame, hint: hint)
                                                                  : try expr.eval(frame, hint: hint))
                    } else {
                        arguments.append(try expr.eval(frame))
                    }
                } else {
                    arguments.append(plan.defaults[parameter] ?? .void)
                }
            }
            return arguments
        }
        let values = try evaluateArguments(site, mapping: plan.mapping, hints: plan.hints, variadic: plan.variadic,
                                           frame: frame, element: element, conformToHints: false)
        for (index, value) in values.enumerated() {
            arguments.append(value ?? plan.defaults[index] ?? .void)
        }
        return arguments
    }

    /// Runs a binding's body at a call site: counts a step, sets `location`, and locates errors.
    @inline(__always) func runBinding(at pos: SourcePos, _ body: () throws -> Value) throws -> Value {
        try tick()
        let saved = currentPos
        currentPos = pos
        defer { currentPos = saved }
        do {
            return try body()
        } catch var failure as CellFailure {
            if failure.pos == nil { failure.pos = pos }
            throw failure
        } catch is OptionalChainNil {
            throw CellFailure.trap("unexpected nil in an optional chain", at: pos)
        } catch {
            throw CellFailure.thrown(error, at: pos)
        }
    }

    private func bestCandidate(_ candidates: [(index: Int, mapping: [[Int]])], overloads: [[Parameter]], site: CallSite,
                               frame: Frame, element: TypeHint?) throws -> (index: Int, mapping: [[Int]]) {
        // Evaluate each argument once without context (implicit members may fail: unknown).
        var probes: [Value?] = []
        for argument in site.arguments {
            if argument.expr.isContextual {
                probes.append(try? argument.expr.eval(frame))
            } else {
                probes.append(try argument.expr.eval(frame))
            }
        }
        var best = candidates[0]
        var bestScore = Int.min
        for candidate in candidates {
            let parameters = overloads[candidate.index]
            var score = 0
            for (parameterIndex, indices) in candidate.mapping.enumerated() {
                let declared = hint(forType: parameters[parameterIndex].type)
                for index in indices {
                    var parameterHint = declared.flatMap { substitute($0, element: element, t: nil) }
                    if parameters[parameterIndex].variadic { parameterHint = parameterHint?.elementHint ?? parameterHint }
                    score += matchScore(probes[index], hint: parameterHint,
                                        contextual: site.arguments[index].expr.isContextual,
                                        implicitMember: (site.arguments[index].expr as? ImplicitMemberExpr)?.name)
                }
                if indices.isEmpty { score -= 1 }
            }
            if score > bestScore {
                best = candidate
                bestScore = score
            }
        }
        return best
    }

    /// How well an argument fits a parameter type (higher is better).
    private func matchScore(_ value: Value?, hint: TypeHint?, contextual: Bool, implicitMember: String?) -> Int {
        guard let hint else { return 1 }
        if let implicitMember {
            if case .named(let type) = hint.unwrapped, registry.staticProperties[type]?[implicitMember] != nil { return 4 }
            return 0
        }
        guard let value else { return 1 }
        switch (hint.unwrapped, value) {
        case (.unknown, _), (.generic, _): return 1
        case (.int, .int), (.double, .double), (.float, .float), (.string, .string), (.bool, .bool): return 4
        case (.double, .int), (.float, .int), (.float, .double): return contextual ? 3 : 0
        case (.array(let element), .array(let items)):
            // Nested literals decide between `[Float]` and `[[Float]]`.
            guard let first = items.first else { return 3 }
            return 2 + matchScore(first, hint: element, contextual: contextual, implicitMember: nil)
        case (.dictionary, .dictionary), (.tuple, .tuple), (.function, .function): return 3
        case (.named(let name), _):
            if registryKey(value) == name { return 4 }
            if case .range = value, name.hasSuffix("Range") || name.hasPrefix("PartialRange") { return 3 }
            return 0
        case (_, .optional(nil)): if case .optional = hint { return 3 } else { return 0 }
        default: return 0
        }
    }

    private func noMatchMessage(name: String, overloads: [[Parameter]], site: CallSite) -> String {
        let expected = overloads.map { parameters in
            "\(name)(" + parameters.map { ($0.label ?? "_") + ":" }.joined() + ")"
        }
        let list = expected.count == 1 ? "'\(expected[0])'" : expected.map { "'\($0)'" }.joined(separator: ", ")
        return "no '\(name)' takes the arguments \(site.labelsDescription); expected \(list)"
    }

    /// Calls a binding's function with positional arguments (a function value called by a
    /// binding, e.g. `values.map(sqrt)`).
    func callBindingPositionally(name: String, overloads: [BindingRegistry.Overload<BindingRegistry.Body>],
                                 _ arguments: [Value], at pos: SourcePos) throws -> Value {
        for overload in overloads {
            if let filled = fillPositionally(overload.parameters, arguments) {
                return try runBinding(at: pos) { try overload.body(filled, self) }
            }
        }
        throw CellFailure.trap("'\(name)' cannot be called with \(arguments.count) argument(s)", at: pos)
    }

    /// Fills parameters from positional arguments (defaults for the rest, variadics take the
    /// surplus); nil when the count does not fit.
    func fillPositionally(_ parameters: [Parameter], _ arguments: [Value]) -> [Value]? {
        var result: [Value] = []
        var next = 0
        let required = parameters.filter { $0.defaultValue == nil && !$0.variadic }.count
        guard arguments.count >= required else { return nil }
        var surplus = arguments.count - required
        for parameter in parameters {
            if parameter.variadic {
                let take = surplus
                result.append(.array(Array(arguments[next..<(next + take)])))
                next += take
                surplus = 0
            } else if parameter.defaultValue == nil {
                result.append(arguments[next])
                next += 1
            } else if surplus > 0 {
                result.append(arguments[next])
                next += 1
                surplus -= 1
            } else if let value = parameter.defaultValue {
                result.append(value)
            }
        }
        return next == arguments.count ? result : nil
    }

    // MARK: Function values

    /// Calls a value (function, closure, callable library object, type) with a call site's arguments.
    func callValue(_ callee: Value, site: CallSite, frame: Frame, name: String) throws -> Value {
        switch callee {
        case .function(let callable):
            if let instance = callable.cellFunction as? FunctionInstance {
                return try instance.call(site: site, frame: frame)
            }
            var arguments: [Value] = []
            arguments.reserveCapacity(site.arguments.count)
            let hints = callable.parameters?.map { hint(forType: $0.type) }
            for (index, argument) in site.arguments.enumerated() {
                let hint = hints.flatMap { index < $0.count ? $0[index] : nil }
                arguments.append(try argument.expr.eval(frame, hint: hint))
            }
            return try runBinding(at: site.pos) { try callable.invoke(arguments, context: self) }
        case .object(let object):
            guard let overloads = registry.calls[object.typeName], !overloads.isEmpty else {
                throw CellFailure.trap("cannot call value of non-function type '\(object.typeName)'", at: site.pos)
            }
            return try callOverloads(overloads, name: name, site: site, frame: frame, element: nil) { body, arguments in
                try body(callee, arguments, self)
            }
        case .metatype(let type):
            return try callInitializer(type, site: site, frame: frame, element: nil)
        default:
            throw CellFailure.trap("cannot call value of non-function type '\(typeName(callee))'", at: site.pos)
        }
    }

    /// `Type(…)`: the registered initializers of `type`.
    func callInitializer(_ type: String, site: CallSite, frame: Frame, element: TypeHint?) throws -> Value {
        guard let overloads = registry.initializers[type], !overloads.isEmpty else {
            throw CellFailure.trap("'\(type)' cannot be constructed in cells (no initializer is available)", at: site.pos)
        }
        return try callOverloads(overloads, name: type, site: site, frame: frame, element: element,
                                 cacheKey: type) { body, arguments in
            try body(arguments, self)
        }
    }

    /// Calls a value with positional arguments (for bindings: `context.call`).
    func callPositional(_ callee: Value, _ arguments: [Value], at pos: SourcePos) throws -> Value {
        switch callee {
        case .function(let callable):
            if let instance = callable.cellFunction as? FunctionInstance {
                return try instance.call(arguments.map { Optional($0) }, runtime: self, at: pos)
            }
            return try runBinding(at: pos) { try callable.invoke(arguments, context: self) }
        case .object(let object):
            for overload in registry.calls[object.typeName] ?? [] {
                if let filled = fillPositionally(overload.parameters, arguments) {
                    return try runBinding(at: pos) { try overload.body(callee, filled, self) }
                }
            }
        case .metatype(let type):
            for overload in registry.initializers[type] ?? [] {
                if let filled = fillPositionally(overload.parameters, arguments) {
                    return try runBinding(at: pos) { try overload.body(filled, self) }
                }
            }
        default: break
        }
        throw CellFailure.trap("cannot call value of type '\(typeName(callee))' with \(arguments.count) argument(s)", at: pos)
    }
}
