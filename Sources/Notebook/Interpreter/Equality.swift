import Foundation

/// `==`, `<` and the order used to sort dictionary keys.
extension Runtime {
    /// Swift's `==`: numbers by value (a literal of another number type adopts the other
    /// side's), optionals by their wrapped values, collections element by element, library
    /// values through a registered `==` or `Hashable`.
    func valuesEqual(_ lhs: Value, _ rhs: Value) throws -> Bool {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.float(a), .float(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.void, .void): return true
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Double(a) == b
        case let (.int(a), .float(b)), let (.float(b), .int(a)): return Float(a) == b
        case let (.double(a), .float(b)), let (.float(b), .double(a)): return Float(a) == b
        case let (.optional(a), .optional(b)):
            switch (a, b) {
            case (nil, nil): return true
            case let (a?, b?): return try valuesEqual(a, b)
            default: return false
            }
        case let (.optional(a), other), let (other, .optional(a)):
            guard let a else { return false }
            return try valuesEqual(a, other)
        case let (.array(a), .array(b)):
            guard a.count == b.count else { return false }
            for index in a.indices where try !valuesEqual(a[index], b[index]) { return false }
            return true
        case let (.dictionary(a), .dictionary(b)):
            guard a.count == b.count else { return false }
            for pair in a {
                guard let other = b.first(where: { keysEqual($0.key, pair.key) }) else { return false }
                if try !valuesEqual(pair.value, other.value) { return false }
            }
            return true
        case let (.tuple(a), .tuple(b)):
            guard a.count == b.count else { return false }
            for index in a.indices where try !valuesEqual(a[index].value, b[index].value) { return false }
            return true
        case let (.range(l1, u1, c1), .range(l2, u2, c2)):
            guard c1 == c2 else { return false }
            return try optionalBoundsEqual(l1, l2) && optionalBoundsEqual(u1, u2)
        case let (.metatype(a), .metatype(b)): return a == b
        default:
            if case .object = lhs, let result = try registryOperator("==", lhs, rhs) {
                if case .bool(let flag) = result { return flag }
            } else if case .object = rhs, let result = try registryOperator("==", lhs, rhs) {
                if case .bool(let flag) = result { return flag }
            }
            if case .object(let a) = lhs, case .object(let b) = rhs, a.typeName == b.typeName,
               let x = a.payload as? AnyHashable, let y = b.payload as? AnyHashable {
                return x == y
            }
            return false
        }
    }

    private func optionalBoundsEqual(_ a: Value?, _ b: Value?) throws -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return try valuesEqual(a, b)
        default: return false
        }
    }

    /// Equality for dictionary keys (never throws: keys are numbers, strings, booleans, tuples).
    func keysEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        default: return (try? valuesEqual(a, b)) ?? false
        }
    }

    /// The index of `key` in dictionary pairs.
    func index(ofKey key: Value, in pairs: [(key: Value, value: Value)]) -> Int? {
        switch key {
        case .string(let text):
            return pairs.firstIndex { if case .string(let other) = $0.key { return other == text } else { return false } }
        case .int(let number):
            return pairs.firstIndex { if case .int(let other) = $0.key { return other == number } else { return false } }
        default:
            return pairs.firstIndex { keysEqual($0.key, key) }
        }
    }

    /// Swift's `<`, or nil when the values are not comparable.
    func lessThan(_ lhs: Value, _ rhs: Value) throws -> Bool? {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return a < b
        case let (.double(a), .double(b)): return a < b
        case let (.float(a), .float(b)): return a < b
        case let (.string(a), .string(b)): return a < b
        case let (.int(a), .double(b)): return Double(a) < b
        case let (.double(a), .int(b)): return a < Double(b)
        case let (.int(a), .float(b)): return Float(a) < b
        case let (.float(a), .int(b)): return a < Float(b)
        case let (.double(a), .float(b)): return Float(a) < b
        case let (.float(a), .double(b)): return a < Float(b)
        case let (.tuple(a), .tuple(b)):
            guard a.count == b.count else { return nil }
            for index in a.indices {
                guard let less = try lessThan(a[index].value, b[index].value) else { return nil }
                if less { return true }
                guard let greater = try lessThan(b[index].value, a[index].value) else { return nil }
                if greater { return false }
            }
            return false
        default:
            if let result = try registryOperator("<", lhs, rhs), case .bool(let flag) = result { return flag }
            return nil
        }
    }

    /// A total order for sorting keys: numbers, then strings, then others by description.
    func orderedBefore(_ a: Value, _ b: Value) -> Bool {
        if let less = try? lessThan(a, b) { return less }
        let rankA = orderRank(a), rankB = orderRank(b)
        if rankA != rankB { return rankA < rankB }
        return describe(a) < describe(b)
    }

    private func orderRank(_ value: Value) -> Int {
        switch value {
        case .int, .double, .float: return 0
        case .string: return 1
        case .bool: return 2
        default: return 3
        }
    }

    /// Tries the registry's operators for `op`; nil when none applies.
    func registryOperator(_ op: String, _ lhs: Value, _ rhs: Value) throws -> Value? {
        guard let candidates = registry.binaryOperators[op] else { return nil }
        for candidate in candidates {
            if let result = try candidate(lhs, rhs, self) { return result }
        }
        return nil
    }
}
