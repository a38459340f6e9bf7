import Foundation

/// `Array`, `Dictionary` and ranges: initializers, properties and the mutating methods (which
/// change the cell's variable in place). Everything that works on any sequence (`map`,
/// `filter`, `sorted`, …) is registered under `Sequence` (see `StandardLibrary+Sequences.swift`).
extension StandardLibrary {
    static func registerCollections(_ registry: BindingRegistry) {
        registerArray(registry)
        registerDictionary(registry)
        registerRanges(registry)
    }

    static func items(_ value: Value, _ what: String, _ context: any CallContext) throws -> [Value] {
        if case .array(let items) = value { return items }
        throw mismatch(what, value, context)
    }

    /// Runs `body` on the array inside `value` in place.
    static func mutateArray<R>(_ value: inout Value, _ what: String, _ context: any CallContext,
                               _ body: (inout [Value]) throws -> R) throws -> R {
        guard case .array(var items) = value else { throw mismatch(what, value, context) }
        value = .void
        defer { value = .array(items) }
        return try body(&items)
    }

    private static func registerArray(_ registry: BindingRegistry) {
        registry.initializer("Array", [Parameter(nil)]) { arguments, context in
            let runtime = try runtime(context)
            return .array(try runtime.elements(of: arguments[0], at: runtime.currentPos))
        }
        registry.initializer("Array", [Parameter("repeating", type: "Element"), Parameter("count", type: "Int")]) {
            arguments, context in
            let count = try int(arguments[1], "Array(repeating:count:)", context)
            guard count >= 0 else { throw CellFailure.trap("Can't construct Array with count < 0", at: nil) }
            guard count <= Runtime.materializeLimit else {
                throw CellFailure.trap("Array(repeating:count:) with \(count) elements is more than a cell may create", at: nil)
            }
            return .array(Array(repeating: arguments[0], count: count))
        }
        registry.property("Array", "count") { value, context in .int(try items(value, "count", context).count) }
        registry.property("Array", "isEmpty") { value, context in .bool(try items(value, "isEmpty", context).isEmpty) }
        registry.property("Array", "first") { value, context in .optional(try items(value, "first", context).first) }
        registry.property("Array", "last") { value, context in .optional(try items(value, "last", context).last) }
        registry.property("Array", "indices") { value, context in
            .range(lower: .int(0), upper: .int(try items(value, "indices", context).count), closed: false)
        }
        registry.property("Array", "startIndex") { _, _ in .int(0) }
        registry.property("Array", "endIndex") { value, context in .int(try items(value, "endIndex", context).count) }
        registry.property("Array", "description") { value, context in .string(context.describe(value)) }

        registry.mutatingMethod("Array", "append", [Parameter(nil, type: "Element")]) { value, arguments, context in
            try mutateArray(&value, "append(_:)", context) { $0.append(arguments[0]) }
            return .void
        }
        registry.mutatingMethod("Array", "append", [Parameter("contentsOf", type: "[Element]")]) { value, arguments, context in
            let runtime = try runtime(context)
            let more = try runtime.elements(of: arguments[0], at: runtime.currentPos)
            try mutateArray(&value, "append(contentsOf:)", context) { $0.append(contentsOf: more) }
            return .void
        }
        registry.mutatingMethod("Array", "insert", [Parameter(nil, type: "Element"), Parameter("at", type: "Int")]) {
            value, arguments, context in
            let index = try int(arguments[1], "insert(_:at:)", context)
            try mutateArray(&value, "insert(_:at:)", context) { items in
                guard index >= 0, index <= items.count else {
                    throw CellFailure.trap("Array index is out of range: insert at \(index) in \(items.count) elements", at: nil)
                }
                items.insert(arguments[0], at: index)
            }
            return .void
        }
        registry.mutatingMethod("Array", "remove", [Parameter("at", type: "Int")]) { value, arguments, context in
            let index = try int(arguments[0], "remove(at:)", context)
            return try mutateArray(&value, "remove(at:)", context) { items in
                guard index >= 0, index < items.count else {
                    throw CellFailure.trap("Index out of range: remove(at: \(index)) in \(items.count) elements", at: nil)
                }
                return items.remove(at: index)
            }
        }
        for (name, fromEnd) in [("removeFirst", false), ("removeLast", true)] {
            registry.mutatingMethod("Array", name, []) { value, _, context in
                try mutateArray(&value, "\(name)()", context) { items in
                    guard !items.isEmpty else {
                        throw CellFailure.trap("Can't remove \(fromEnd ? "last" : "first") element from an empty collection",
                                               at: nil)
                    }
                    return fromEnd ? items.removeLast() : items.removeFirst()
                }
            }
            registry.mutatingMethod("Array", name, [Parameter(nil, type: "Int")]) { value, arguments, context in
                let count = try int(arguments[0], "\(name)(_:)", context)
                try mutateArray(&value, "\(name)(_:)", context) { items in
                    guard count >= 0, count <= items.count else {
                        throw CellFailure.trap("Can't remove more items from a collection than it contains", at: nil)
                    }
                    if fromEnd { items.removeLast(count) } else { items.removeFirst(count) }
                }
                return .void
            }
        }
        registry.mutatingMethod("Array", "popLast", []) { value, _, context in
            .optional(try mutateArray(&value, "popLast()", context) { $0.popLast() })
        }
        registry.mutatingMethod("Array", "removeAll", []) { value, _, context in
            try mutateArray(&value, "removeAll()", context) { $0.removeAll() }
            return .void
        }
        registry.mutatingMethod("Array", "removeAll", [Parameter("where", type: "(Element) -> Bool")]) {
            value, arguments, context in
            try mutateArray(&value, "removeAll(where:)", context) { items in
                try items.removeAll { try predicate(arguments[0], $0, context: context) }
            }
            return .void
        }
        registry.mutatingMethod("Array", "reverse", []) { value, _, context in
            try mutateArray(&value, "reverse()", context) { $0.reverse() }
            return .void
        }
        registry.mutatingMethod("Array", "swapAt", [Parameter(nil, type: "Int"), Parameter(nil, type: "Int")]) {
            value, arguments, context in
            let i = try int(arguments[0], "swapAt", context), j = try int(arguments[1], "swapAt", context)
            try mutateArray(&value, "swapAt(_:_:)", context) { items in
                guard items.indices.contains(i), items.indices.contains(j) else {
                    throw CellFailure.trap("Index out of range: swapAt(\(i), \(j)) in \(items.count) elements", at: nil)
                }
                items.swapAt(i, j)
            }
            return .void
        }
        registry.mutatingMethod("Array", "sort", []) { value, _, context in
            let runtime = try runtime(context)
            try mutateArray(&value, "sort()", context) { items in items = try sortedValues(items, runtime) }
            return .void
        }
        registry.mutatingMethod("Array", "sort", [Parameter("by", type: "(Element, Element) -> Bool")]) {
            value, arguments, context in
            try mutateArray(&value, "sort(by:)", context) { items in
                try items.sort { try predicate(arguments[0], $0, $1, context: context) }
            }
            return .void
        }
    }

    /// `sorted()`: ascending by `<`.
    static func sortedValues(_ items: [Value], _ runtime: Runtime) throws -> [Value] {
        try items.sorted { a, b in
            guard let less = try runtime.lessThan(a, b) else {
                throw CellRuntimeError("values of type '\(runtime.typeName(a))' cannot be sorted with '<'")
            }
            return less
        }
    }

    static func pairs(_ value: Value, _ what: String, _ context: any CallContext) throws -> [(key: Value, value: Value)] {
        if case .dictionary(let pairs) = value { return pairs }
        throw mismatch(what, value, context)
    }

    private static func registerDictionary(_ registry: BindingRegistry) {
        registry.initializer("Dictionary", [Parameter("uniqueKeysWithValues")]) { arguments, context in
            let runtime = try runtime(context)
            var result: [(key: Value, value: Value)] = []
            for element in try runtime.elements(of: arguments[0], at: runtime.currentPos) {
                guard case .tuple(let items) = element, items.count == 2 else {
                    throw CellRuntimeError("Dictionary(uniqueKeysWithValues:) needs (key, value) pairs")
                }
                if runtime.index(ofKey: items[0].value, in: result) != nil {
                    throw CellFailure.trap("Fatal error: Duplicate values for key: '\(runtime.describe(items[0].value))'",
                                           at: nil)
                }
                result.append((key: items[0].value, value: items[1].value))
            }
            return .dictionary(result)
        }
        registry.initializer("Dictionary", [Parameter("grouping"), Parameter("by", type: "(Element) -> Key")]) {
            arguments, context in
            let runtime = try runtime(context)
            var result: [(key: Value, value: Value)] = []
            for element in try runtime.elements(of: arguments[0], at: runtime.currentPos) {
                let key = try context.call(arguments[1], [element])
                if let index = runtime.index(ofKey: key, in: result), case .array(var group) = result[index].value {
                    result[index].value = .void
                    group.append(element)
                    result[index].value = .array(group)
                } else {
                    result.append((key: key, value: .array([element])))
                }
            }
            return .dictionary(result)
        }
        registry.property("Dictionary", "count") { value, context in .int(try pairs(value, "count", context).count) }
        registry.property("Dictionary", "isEmpty") { value, context in .bool(try pairs(value, "isEmpty", context).isEmpty) }
        registry.property("Dictionary", "keys") { value, context in
            let runtime = try runtime(context)
            return .array(runtime.sortedPairs(try pairs(value, "keys", context)).map(\.key))
        }
        registry.property("Dictionary", "values") { value, context in
            let runtime = try runtime(context)
            return .array(runtime.sortedPairs(try pairs(value, "values", context)).map(\.value))
        }
        registry.property("Dictionary", "description") { value, context in .string(context.describe(value)) }
        registry.method("Dictionary", "mapValues", [Parameter(nil, type: "(Value) -> T")]) { value, arguments, context in
            .dictionary(try pairs(value, "mapValues", context).map { (key: $0.key, value: try context.call(arguments[0], [$0.value])) })
        }
        registry.method("Dictionary", "compactMapValues", [Parameter(nil, type: "(Value) -> T?")]) { value, arguments, context in
            var result: [(key: Value, value: Value)] = []
            for pair in try pairs(value, "compactMapValues", context) {
                switch try context.call(arguments[0], [pair.value]) {
                case .optional(nil): continue
                case .optional(let wrapped?): result.append((key: pair.key, value: wrapped))
                case let other: result.append((key: pair.key, value: other))
                }
            }
            return .dictionary(result)
        }
        registry.method("Dictionary", "filter", [Parameter(nil, type: "((key: Key, value: Value)) -> Bool")]) {
            value, arguments, context in
            var result: [(key: Value, value: Value)] = []
            for pair in try pairs(value, "filter", context) {
                let element = Value.tuple([(label: "key", value: pair.key), (label: "value", value: pair.value)])
                if try predicate(arguments[0], element, context: context) { result.append(pair) }
            }
            return .dictionary(result)
        }
        registry.mutatingMethod("Dictionary", "updateValue", [Parameter(nil), Parameter("forKey")]) { value, arguments, context in
            let runtime = try runtime(context)
            guard case .dictionary(var result) = value else { throw mismatch("updateValue", value, context) }
            value = .void
            defer { value = .dictionary(result) }
            if let index = runtime.index(ofKey: arguments[1], in: result) {
                let old = result[index].value
                result[index].value = arguments[0]
                return .optional(old)
            }
            result.append((key: arguments[1], value: arguments[0]))
            return .optional(nil)
        }
        registry.mutatingMethod("Dictionary", "removeValue", [Parameter("forKey")]) { value, arguments, context in
            let runtime = try runtime(context)
            guard case .dictionary(var result) = value else { throw mismatch("removeValue", value, context) }
            value = .void
            defer { value = .dictionary(result) }
            guard let index = runtime.index(ofKey: arguments[0], in: result) else { return .optional(nil) }
            return .optional(result.remove(at: index).value)
        }
        registry.mutatingMethod("Dictionary", "removeAll", []) { value, _, _ in
            value = .dictionary([])
            return .void
        }
    }

    private static func registerRanges(_ registry: BindingRegistry) {
        for type in ["Range", "ClosedRange", "PartialRangeFrom", "PartialRangeUpTo", "PartialRangeThrough"] {
            registry.method(type, "contains", [Parameter(nil, type: "Element")]) { value, arguments, context in
                let runtime = try runtime(context)
                guard case .range(let lower, let upper, let closed) = value else { throw mismatch("contains", value, context) }
                return .bool(try runtime.rangeContains(lower: lower, upper: upper, closed: closed, arguments[0]))
            }
            registry.property(type, "lowerBound") { value, _ in
                if case .range(let lower?, _, _) = value { return lower }
                throw CellRuntimeError("this range has no lower bound")
            }
            registry.property(type, "upperBound") { value, _ in
                if case .range(_, let upper?, _) = value { return upper }
                throw CellRuntimeError("this range has no upper bound")
            }
        }
        for type in ["Range", "ClosedRange"] {
            registry.property(type, "count") { value, context in
                guard case .range(.int(let lower)?, .int(let upper)?, let closed) = value else {
                    throw CellRuntimeError("only integer ranges have a count")
                }
                let (span, overflow) = upper.subtractingReportingOverflow(lower)
                let (count, overflowAgain) = closed ? span.addingReportingOverflow(1) : (span, false)
                guard !overflow, !overflowAgain else {
                    throw CellFailure.trap("the range has more elements than Int can count", at: nil)
                }
                return .int(max(0, count))
            }
            registry.property(type, "isEmpty") { value, context in
                guard case .range(let lower?, let upper?, let closed) = value else { return .bool(false) }
                return .bool(closed ? false : try runtime(context).valuesEqual(lower, upper))
            }
        }
    }
}
