import Foundation

/// `Int`, `Double`, `Float` and `Bool`: conversions, constants, methods.
extension StandardLibrary {
    static func registerNumbers(_ registry: BindingRegistry) {
        registerInt(registry)
        registerFloatingPoint(registry, name: "Double")
        registerFloatingPoint(registry, name: "Float")
        registerBool(registry)
    }

    private static func registerInt(_ registry: BindingRegistry) {
        registry.initializer("Int", [Parameter(nil)]) { arguments, context in
            switch arguments[0] {
            case .int: return arguments[0]
            case .double(let number): return .int(try convertToInt(number))
            case .float(let number): return .int(try convertToInt(Double(number)))
            case .string(let text): return .optional(Int(text).map(Value.int))
            case .optional(let wrapped?): return .optional(Int(try string(wrapped, "Int(_:)", context)).map(Value.int))
            default: throw mismatch("Int(_:)", arguments[0], context)
            }
        }
        registry.initializer("Int", [Parameter(nil, type: "String"), Parameter("radix", type: "Int")]) { arguments, context in
            let radix = try int(arguments[1], "Int(_:radix:)", context)
            guard (2...36).contains(radix) else { throw CellFailure.trap("Radix must be between 2 and 36", at: nil) }
            return .optional(Int(try string(arguments[0], "Int(_:radix:)", context), radix: radix).map(Value.int))
        }
        registry.staticProperty("Int", "max") { _ in .int(Int.max) }
        registry.staticProperty("Int", "min") { _ in .int(Int.min) }
        registry.property("Int", "magnitude") { value, context in .int(Int(bitPattern: UInt(try int(value, "magnitude", context).magnitude))) }
        registry.property("Int", "description") { value, context in .string(context.describe(value)) }
        registry.method("Int", "isMultiple", [Parameter("of", type: "Int")]) { value, arguments, context in
            .bool(try int(value, "isMultiple(of:)", context).isMultiple(of: try int(arguments[0], "isMultiple(of:)", context)))
        }
        registry.method("Int", "signum", []) { value, _, _ in
            guard case .int(let number) = value else { return .int(0) }
            return .int(number.signum())
        }
        registry.method("Int", "quotientAndRemainder", [Parameter("dividingBy", type: "Int")]) { value, arguments, context in
            let dividend = try int(value, "quotientAndRemainder", context)
            let divisor = try int(arguments[0], "quotientAndRemainder", context)
            guard divisor != 0 else { throw CellFailure.trap("Division by zero", at: nil) }
            guard !(dividend == Int.min && divisor == -1) else {
                throw CellFailure.trap("Arithmetic overflow: \(dividend) / \(divisor) does not fit in Int", at: nil)
            }
            let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
            return .tuple([(label: "quotient", value: .int(quotient)), (label: "remainder", value: .int(remainder))])
        }
    }

    /// `Int(x)` of a floating-point value: truncates; traps like Swift when it cannot.
    private static func convertToInt(_ number: Double) throws -> Int {
        guard number.isFinite else {
            throw CellFailure.trap("Floating-point value cannot be converted to Int because it is either infinite or NaN",
                                   at: nil)
        }
        guard number > -9_223_372_036_854_777_856.0, number < 9_223_372_036_854_775_808.0 else {
            throw CellFailure.trap("Floating-point value cannot be converted to Int because the result would be "
                                   + (number < 0 ? "less than Int.min" : "greater than Int.max"), at: nil)
        }
        return Int(number)
    }

    private static func registerFloatingPoint(_ registry: BindingRegistry, name: String) {
        let isFloat = name == "Float"
        func make(_ number: Double) -> Value { isFloat ? .float(Float(number)) : .double(number) }
        registry.initializer(name, [Parameter(nil, type: name)]) { arguments, context in
            switch arguments[0] {
            case .int(let number): return isFloat ? .float(Float(number)) : .double(Double(number))
            case .double(let number): return make(number)
            case .float(let number): return isFloat ? .float(number) : .double(Double(number))
            case .string(let text):
                return .optional(isFloat ? Float(text).map(Value.float) : Double(text).map(Value.double))
            case .optional(let wrapped?):
                let text = try string(wrapped, "\(name)(_:)", context)
                return .optional(isFloat ? Float(text).map(Value.float) : Double(text).map(Value.double))
            default: throw mismatch("\(name)(_:)", arguments[0], context)
            }
        }
        let constants: [(String, Double, Float)] = [
            ("pi", Double.pi, Float.pi), ("infinity", .infinity, .infinity), ("nan", .nan, .nan),
            ("greatestFiniteMagnitude", .greatestFiniteMagnitude, .greatestFiniteMagnitude),
            ("leastNonzeroMagnitude", .leastNonzeroMagnitude, .leastNonzeroMagnitude),
            ("leastNormalMagnitude", .leastNormalMagnitude, .leastNormalMagnitude),
            ("ulpOfOne", .ulpOfOne, .ulpOfOne),
        ]
        for (constant, double, float) in constants {
            registry.staticProperty(name, constant) { _ in isFloat ? .float(float) : .double(double) }
        }
        let predicates: [(String, (Double) -> Bool)] = [
            ("isNaN", { $0.isNaN }), ("isInfinite", { $0.isInfinite }), ("isFinite", { $0.isFinite }),
            ("isZero", { $0 == 0 }),
        ]
        for (property, test) in predicates {
            registry.property(name, property) { value, context in .bool(test(try double(value, property, context))) }
        }
        registry.property(name, "magnitude") { value, _ in
            switch value {
            case .float(let number): return .float(number.magnitude)
            case .double(let number): return .double(number.magnitude)
            default: return value
            }
        }
        registry.property(name, "description") { value, context in .string(context.describe(value)) }
        registry.method(name, "squareRoot", []) { value, _, _ in
            switch value {
            case .float(let number): return .float(number.squareRoot())
            case .double(let number): return .double(number.squareRoot())
            default: return value
            }
        }
        registry.method(name, "rounded", [Parameter(nil, type: "FloatingPointRoundingRule",
                                                    default: .object(LibraryObject(typeName: "FloatingPointRoundingRule",
                                                                                   payload: FloatingPointRoundingRule.toNearestOrAwayFromZero)))]) {
            value, arguments, context in
            guard case .object(let object) = arguments[0], let rule = object.payload as? FloatingPointRoundingRule else {
                throw mismatch("rounded(_:)", arguments[0], context)
            }
            switch value {
            case .float(let number): return .float(number.rounded(rule))
            case .double(let number): return .double(number.rounded(rule))
            default: return value
            }
        }
        registry.method(name, "truncatingRemainder", [Parameter("dividingBy", type: name)]) { value, arguments, context in
            switch (value, arguments[0]) {
            case let (.float(a), .float(b)): return .float(a.truncatingRemainder(dividingBy: b))
            default:
                return make(try double(value, "truncatingRemainder", context)
                    .truncatingRemainder(dividingBy: try double(arguments[0], "truncatingRemainder", context)))
            }
        }
        if !isFloat {
            let rules: [(String, FloatingPointRoundingRule)] = [
                ("up", .up), ("down", .down), ("towardZero", .towardZero), ("awayFromZero", .awayFromZero),
                ("toNearestOrAwayFromZero", .toNearestOrAwayFromZero), ("toNearestOrEven", .toNearestOrEven),
            ]
            for (ruleName, rule) in rules {
                registry.staticProperty("FloatingPointRoundingRule", ruleName) { _ in
                    .object(LibraryObject(typeName: "FloatingPointRoundingRule", payload: rule))
                }
            }
        }
    }

    private static func registerBool(_ registry: BindingRegistry) {
        registry.initializer("Bool", [Parameter(nil)]) { arguments, context in
            switch arguments[0] {
            case .bool: return arguments[0]
            case .string(let text): return .optional(Bool(text).map(Value.bool))
            default: throw mismatch("Bool(_:)", arguments[0], context)
            }
        }
        registry.property("Bool", "description") { value, context in .string(context.describe(value)) }
        registry.mutatingMethod("Bool", "toggle", []) { value, _, context in
            value = .bool(!(try bool(value, "toggle()", context)))
            return .void
        }
    }
}
