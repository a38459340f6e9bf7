import Foundation

extension BindingRegistry {
    /// Registers the Swift standard library cells use (`print`, conversions, math, `zip`,
    /// `stride`, `String`, `Array`, `Dictionary`, `Range` members) as ordinary bindings.
    /// Idempotent: an interpreter calls it on the registry it is given.
    public func registerStandardLibrary() {
        guard !hasStandardLibrary else { return }
        hasStandardLibrary = true
        StandardLibrary.registerGlobals(self)
        StandardLibrary.registerNumbers(self)
        StandardLibrary.registerStrings(self)
        StandardLibrary.registerCollections(self)
        StandardLibrary.registerSequences(self)
    }
}

/// The standard-library bindings and the helpers they share.
enum StandardLibrary {
    /// The interpreter behind a binding's context.
    static func runtime(_ context: any CallContext) throws -> Runtime {
        guard let runtime = context as? Runtime else {
            throw CellRuntimeError("standard-library bindings need the cell interpreter's context")
        }
        return runtime
    }

    static func mismatch(_ what: String, _ value: Value, _ context: any CallContext) -> CellRuntimeError {
        let type = (context as? Runtime)?.typeName(value) ?? "\(value)"
        return CellRuntimeError("\(what) expects a different type, got a value of type '\(type)'")
    }

    static func int(_ value: Value, _ what: String, _ context: any CallContext) throws -> Int {
        switch value {
        case .int(let number): return number
        case .optional(let wrapped?): return try int(wrapped, what, context)
        default: throw mismatch(what, value, context)
        }
    }

    static func string(_ value: Value, _ what: String, _ context: any CallContext) throws -> String {
        if case .string(let text) = value { return text }
        if case .optional(let wrapped?) = value { return try string(wrapped, what, context) }
        throw mismatch(what, value, context)
    }

    static func bool(_ value: Value, _ what: String, _ context: any CallContext) throws -> Bool {
        if case .bool(let flag) = value { return flag }
        throw mismatch(what, value, context)
    }

    static func double(_ value: Value, _ what: String, _ context: any CallContext) throws -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .float(let number): return Double(number)
        default: throw mismatch(what, value, context)
        }
    }

    /// Calls a cell closure (or any function value) from a binding.
    static func call(_ function: Value, _ arguments: Value..., context: any CallContext) throws -> Value {
        try context.call(function, arguments)
    }

    /// A closure's Bool result.
    static func predicate(_ function: Value, _ arguments: Value..., context: any CallContext) throws -> Bool {
        let result = try context.call(function, arguments)
        if case .bool(let flag) = result { return flag }
        throw CellRuntimeError("the closure must return a Bool")
    }

    // MARK: Globals

    static func registerGlobals(_ registry: BindingRegistry) {
        registry.function("print", [Parameter(nil, variadic: true),
                                    Parameter("separator", type: "String", default: .string(" ")),
                                    Parameter("terminator", type: "String", default: .string("\n"))]) { arguments, context in
            guard case .array(let items) = arguments[0] else { return .void }
            let separator = try string(arguments[1], "print(separator:)", context)
            let terminator = try string(arguments[2], "print(terminator:)", context)
            context.write(items.map { context.describe($0) }.joined(separator: separator) + terminator)
            return .void
        }
        registry.function("debugPrint", [Parameter(nil, variadic: true),
                                         Parameter("separator", type: "String", default: .string(" ")),
                                         Parameter("terminator", type: "String", default: .string("\n"))]) { arguments, context in
            let runtime = try runtime(context)
            guard case .array(let items) = arguments[0] else { return .void }
            let separator = try string(arguments[1], "debugPrint(separator:)", context)
            let terminator = try string(arguments[2], "debugPrint(terminator:)", context)
            context.write(items.map { runtime.debugDescribe($0) }.joined(separator: separator) + terminator)
            return .void
        }
        registry.function("type", [Parameter("of")]) { arguments, context in
            .metatype(try runtime(context).typeName(arguments[0]))
        }
        registry.function("fatalError", [Parameter(nil, type: "String", default: .string(""))]) { arguments, context in
            let message = try string(arguments[0], "fatalError", context)
            throw CellFailure.trap(message.isEmpty ? "Fatal error" : "Fatal error: \(message)", at: nil)
        }
        for name in ["precondition", "assert"] {
            registry.function(name, [Parameter(nil, type: "Bool"),
                                     Parameter(nil, type: "String", default: .string(""))]) { arguments, context in
                if try bool(arguments[0], name, context) { return .void }
                let message = try string(arguments[1], name, context)
                let kind = name == "assert" ? "Assertion failed" : "Precondition failed"
                throw CellFailure.trap(message.isEmpty ? kind : "\(kind): \(message)", at: nil)
            }
        }
        registry.function("zip", [Parameter(nil), Parameter(nil)]) { arguments, context in
            let runtime = try runtime(context)
            let first = try runtime.elements(of: arguments[0], at: runtime.currentPos)
            let second = try runtime.elements(of: arguments[1], at: runtime.currentPos)
            return .array(zip(first, second).map { .tuple([(label: nil, value: $0.0), (label: nil, value: $0.1)]) })
        }
        for (label, inclusive) in [("to", false), ("through", true)] {
            registry.function("stride", [Parameter("from", type: "T"), Parameter(label, type: "T"),
                                         Parameter("by", type: "T")]) { arguments, _ in
                .object(LibraryObject(typeName: "StrideSequence",
                                      payload: StrideSequence(start: arguments[0], end: arguments[1], step: arguments[2],
                                                              inclusive: inclusive)))
            }
        }
        registry.declareType("StrideSequence")
        registry.initializer("Optional", [Parameter(nil)]) { arguments, _ in .optional(arguments[0]) }
        registry.staticProperty("Optional", "none") { _ in .optional(nil) }
        registry.method("Optional", "map", [Parameter(nil, type: "(Wrapped) -> T")]) { value, arguments, context in
            guard case .optional(let wrapped?) = value else { return .optional(nil) }
            return .optional(try context.call(arguments[0], [wrapped]))
        }
        registry.method("Optional", "flatMap", [Parameter(nil, type: "(Wrapped) -> T?")]) { value, arguments, context in
            guard case .optional(let wrapped?) = value else { return .optional(nil) }
            let result = try context.call(arguments[0], [wrapped])
            if case .optional = result { return result }
            return .optional(result)
        }
        registerMath(registry)
    }

    private static func registerMath(_ registry: BindingRegistry) {
        let unary: [(String, (Double) -> Double, (Float) -> Float)] = [
            ("sqrt", { $0.squareRoot() }, { $0.squareRoot() }),
            ("exp", { Foundation.exp($0) }, { Foundation.exp($0) }),
            ("log", { Foundation.log($0) }, { Foundation.log($0) }),
            ("log2", { Foundation.log2($0) }, { Foundation.log2($0) }),
            ("log10", { Foundation.log10($0) }, { Foundation.log10($0) }),
            ("sin", { Foundation.sin($0) }, { Foundation.sin($0) }),
            ("cos", { Foundation.cos($0) }, { Foundation.cos($0) }),
            ("tan", { Foundation.tan($0) }, { Foundation.tan($0) }),
            ("tanh", { Foundation.tanh($0) }, { Foundation.tanh($0) }),
            ("atan", { Foundation.atan($0) }, { Foundation.atan($0) }),
            ("floor", { $0.rounded(.down) }, { $0.rounded(.down) }),
            ("ceil", { $0.rounded(.up) }, { $0.rounded(.up) }),
            ("round", { $0.rounded() }, { $0.rounded() }),
        ]
        for (name, onDouble, onFloat) in unary {
            registry.function(name, [Parameter(nil, type: "T")]) { arguments, context in
                switch arguments[0] {
                case .float(let number): return .float(onFloat(number))
                case .double(let number): return .double(onDouble(number))
                case .int(let number): return .double(onDouble(Double(number)))
                default: throw mismatch(name, arguments[0], context)
                }
            }
        }
        registry.function("pow", [Parameter(nil, type: "T"), Parameter(nil, type: "T")]) { arguments, context in
            switch (arguments[0], arguments[1]) {
            case let (.float(base), .float(exponent)): return .float(Foundation.pow(base, exponent))
            default:
                return .double(Foundation.pow(try double(arguments[0], "pow", context), try double(arguments[1], "pow", context)))
            }
        }
        registry.function("atan2", [Parameter(nil, type: "T"), Parameter(nil, type: "T")]) { arguments, context in
            switch (arguments[0], arguments[1]) {
            case let (.float(y), .float(x)): return .float(Foundation.atan2(y, x))
            default:
                return .double(Foundation.atan2(try double(arguments[0], "atan2", context),
                                                try double(arguments[1], "atan2", context)))
            }
        }
        registry.function("abs", [Parameter(nil, type: "T")]) { arguments, context in
            switch arguments[0] {
            case .int(let number):
                guard number != Int.min else {
                    throw CellFailure.trap("Arithmetic overflow: abs(\(number)) does not fit in Int", at: nil)
                }
                return .int(Swift.abs(number))
            case .double(let number): return .double(Swift.abs(number))
            case .float(let number): return .float(Swift.abs(number))
            default: throw mismatch("abs", arguments[0], context)
            }
        }
        for (name, wantsLess) in [("min", true), ("max", false)] {
            registry.function(name, [Parameter(nil, type: "T"), Parameter(nil, type: "T"),
                                     Parameter(nil, type: "T", variadic: true)]) { arguments, context in
                let runtime = try runtime(context)
                var candidates = [arguments[0], arguments[1]]
                if case .array(let rest) = arguments[2] { candidates += rest }
                candidates = unifyNumbers(candidates)
                var best = candidates[0]
                for candidate in candidates.dropFirst() {
                    guard let less = try runtime.lessThan(candidate, best), let greater = try runtime.lessThan(best, candidate) else {
                        throw CellRuntimeError("\(name) needs comparable values")
                    }
                    if wantsLess ? less : greater { best = candidate }
                }
                return best
            }
        }
    }

    /// Numbers of mixed literal types become the widest (Float beats Double beats Int). In a
    /// valid Swift program the elements of an array share one type, so an `Int` next to a
    /// `Float` (e.g. from `{ $0 ?? -1 }` over `[Float?]`) was a literal Swift typed as Float.
    static func unifyNumbers(_ values: [Value]) -> [Value] {
        var hasInt = false, hasDouble = false, hasFloat = false
        for value in values {
            switch value {
            case .int: hasInt = true
            case .double: hasDouble = true
            case .float: hasFloat = true
            default: break
            }
        }
        guard hasDouble || hasFloat, hasInt || (hasDouble && hasFloat) else { return values }
        return values.map { value in
            switch value {
            case .int(let number): return hasFloat ? .float(Float(number)) : .double(Double(number))
            case .double(let number): return hasFloat ? .float(Float(number)) : value
            default: return value
            }
        }
    }
}
