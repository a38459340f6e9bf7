import Foundation

/// Member lookup: tuple elements, properties, static members, methods, subscripts. Built-in
/// values use the bindings registered under `Int`, `String`, `Array`, `Dictionary`, `Range`, …;
/// what a type lacks is looked up under `Sequence` for values that can be iterated.
extension Runtime {
    /// `value.name` (not called).
    func member(of value: Value, _ name: String, at pos: SourcePos) throws -> Value {
        switch value {
        case .tuple(let items):
            if let index = Int(name), index >= 0, index < items.count { return items[index].value }
            if let item = items.first(where: { $0.label == name }) { return item.value }
        case .metatype(let type):
            if name == "self" { return value }
            if name == "init", let overloads = registry.initializers[type], !overloads.isEmpty {
                // `map(String.init)`: the initializer as a function value.
                return .function(Callable(name: "\(type).init", parameters: overloads.first?.parameters) { arguments, context in
                    guard let runtime = context as? Runtime else { throw CellRuntimeError("no interpreter context") }
                    return try runtime.callBindingPositionally(name: type, overloads: overloads, arguments, at: pos)
                })
            }
            if let getter = registry.staticProperties[type]?[name] {
                return try runBinding(at: pos) { try getter(self) }
            }
            if let overloads = registry.staticMethods[type]?[name], !overloads.isEmpty {
                return .function(Callable(name: "\(type).\(name)", parameters: overloads.first?.parameters) { arguments, context in
                    guard let runtime = context as? Runtime else { throw CellRuntimeError("no interpreter context") }
                    return try runtime.callBindingPositionally(name: name, overloads: overloads, arguments, at: pos)
                })
            }
            throw CellFailure.trap("type '\(type)' has no member '\(name)'", at: pos)
        case .optional(let wrapped):
            let inner = wrapped.map { typeName($0) } ?? "Wrapped"
            throw CellFailure.trap("value of optional type '\(inner)?' must be unwrapped to refer to member '\(name)' "
                                   + "of wrapped base type '\(inner)' (use '?.' or '!')", at: pos)
        default:
            break
        }
        let key = registryKey(value)
        if let getter = registry.properties[key]?[name] {
            return try runBinding(at: pos) { try getter(value, self) }
        }
        if let overloads = registry.methods[key]?[name], !overloads.isEmpty {
            return .function(boundMethod(value, name: name, overloads: overloads, at: pos))
        }
        if isSequence(value) {
            if let getter = registry.properties["Sequence"]?[name] {
                return try runBinding(at: pos) { try getter(value, self) }
            }
            if let overloads = registry.methods["Sequence"]?[name], !overloads.isEmpty {
                return .function(boundMethod(value, name: name, overloads: overloads, at: pos))
            }
        }
        throw noMember(value, name, at: pos)
    }

    func noMember(_ value: Value, _ name: String, at pos: SourcePos) -> CellFailure {
        CellFailure.trap("value of type '\(typeName(value))' has no member '\(name)'", at: pos)
    }

    private func boundMethod(_ receiver: Value, name: String, overloads: [BindingRegistry.Overload<BindingRegistry.MemberBody>],
                             at pos: SourcePos) -> Callable {
        Callable(name: name, parameters: overloads.first?.parameters) { arguments, context in
            guard let runtime = context as? Runtime else { throw CellRuntimeError("no interpreter context") }
            for overload in overloads {
                if let filled = runtime.fillPositionally(overload.parameters, arguments) {
                    return try runtime.runBinding(at: pos) { try overload.body(receiver, filled, runtime) }
                }
            }
            throw CellFailure.trap("'\(name)' cannot be called with \(arguments.count) argument(s)", at: pos)
        }
    }

    /// `.name` resolved through the context's type, else by a unique registered static property.
    func implicitMember(_ name: String, hint: TypeHint?, at pos: SourcePos) throws -> Value {
        var type: String?
        if let hint = hint?.unwrapped {
            switch hint {
            case .named(let named): type = named
            case .int, .double, .float, .string, .bool: type = hint.swiftName
            default: break
            }
        }
        if let type, let getter = registry.staticProperties[type]?[name] {
            return try runBinding(at: pos) { try getter(self) }
        }
        let types = typesWithStaticProperty(name)
        guard let only = types.first else {
            throw CellFailure.trap("cannot infer contextual base in reference to member '\(name)'", at: pos)
        }
        guard types.count == 1, let getter = registry.staticProperties[only]?[name] else {
            throw CellFailure.trap("ambiguous use of '.\(name)': it exists in "
                                   + types.map { "'\($0)'" }.joined(separator: ", ") + "; write the type, e.g. '\(only).\(name)'",
                                   at: pos)
        }
        return try runBinding(at: pos) { try getter(self) }
    }

    /// The element type of a receiver, for literal arguments of `append`, `contains`, ….
    func elementHint(of receiver: Value, staticHint: TypeHint?) -> TypeHint? {
        if let element = staticHint?.elementHint { return element }
        switch receiver {
        case .array(let items): return items.first.flatMap { TypeHint.of($0) }
        case .range(let lower, let upper, _): return (lower ?? upper).flatMap { TypeHint.of($0) }
        case .dictionary(let pairs):
            guard let first = pairs.first else { return nil }
            if case .dictionary(let key, let value)? = staticHint?.unwrapped { return .tuple([key, value], labels: ["key", "value"]) }
            return TypeHint.of(first.value)
        case .string: return .string
        default: return nil
        }
    }
}
