import Foundation

/// Methods of any sequence (arrays, strings, dictionaries, integer ranges, strides), registered
/// under `Sequence`: a value whose own type lacks a member finds it here. Closures passed to
/// them are cell closures, called through `context.call`.
extension StandardLibrary {
    static func registerSequences(_ registry: BindingRegistry) {
        let sequence = "Sequence"
        func elements(_ value: Value, _ context: any CallContext) throws -> [Value] {
            let runtime = try runtime(context)
            return try runtime.elements(of: value, at: runtime.currentPos)
        }
        /// Each element until `body` returns false.
        func each(_ value: Value, _ context: any CallContext, _ body: (Value) throws -> Bool) throws {
            let runtime = try runtime(context)
            try runtime.forEachElement(value, at: runtime.currentPos, body)
        }
        /// Strings keep being strings (`"abc".dropFirst()` is `"bc"`).
        func rebuild(_ receiver: Value, _ items: [Value], _ context: any CallContext) -> Value {
            if case .string = receiver { return .string(items.map { context.describe($0) }.joined()) }
            return .array(items)
        }

        registry.property(sequence, "count") { value, context in
            var count = 0
            try each(value, context) { _ in
                count += 1
                return true
            }
            return .int(count)
        }
        registry.property(sequence, "isEmpty") { value, context in
            var empty = true
            try each(value, context) { _ in
                empty = false
                return false
            }
            return .bool(empty)
        }
        registry.property(sequence, "first") { value, context in
            var first: Value?
            try each(value, context) { element in
                first = element
                return false
            }
            return .optional(first)
        }
        registry.property(sequence, "last") { value, context in .optional(try elements(value, context).last) }
        registry.method(sequence, "map", [Parameter(nil, type: "(Element) -> T")]) { value, arguments, context in
            var result: [Value] = []
            try each(value, context) { element in
                result.append(try context.call(arguments[0], [element]))
                return true
            }
            return .array(unifyNumbers(result))
        }
        registry.method(sequence, "compactMap", [Parameter(nil, type: "(Element) -> T?")]) { value, arguments, context in
            var result: [Value] = []
            try each(value, context) { element in
                switch try context.call(arguments[0], [element]) {
                case .optional(nil): break
                case .optional(let wrapped?): result.append(wrapped)
                case let other: result.append(other)
                }
                return true
            }
            return .array(unifyNumbers(result))
        }
        registry.method(sequence, "flatMap", [Parameter(nil, type: "(Element) -> [T]")]) { value, arguments, context in
            let runtime = try runtime(context)
            var result: [Value] = []
            try each(value, context) { element in
                let mapped = try context.call(arguments[0], [element])
                if case .optional(let wrapped) = mapped {
                    if let wrapped { result.append(wrapped) }
                } else {
                    result.append(contentsOf: try runtime.elements(of: mapped, at: runtime.currentPos))
                }
                return true
            }
            return .array(result)
        }
        registry.method(sequence, "filter", [Parameter(nil, type: "(Element) -> Bool")]) { value, arguments, context in
            var result: [Value] = []
            try each(value, context) { element in
                if try predicate(arguments[0], element, context: context) { result.append(element) }
                return true
            }
            return rebuild(value, result, context)
        }
        registry.method(sequence, "forEach", [Parameter(nil, type: "(Element) -> Void")]) { value, arguments, context in
            try each(value, context) { element in
                _ = try context.call(arguments[0], [element])
                return true
            }
            return .void
        }
        registry.method(sequence, "reduce", [Parameter(nil, type: "Element"), Parameter(nil, type: "(T, Element) -> T")]) {
            value, arguments, context in
            var accumulator = arguments[0]
            try each(value, context) { element in
                accumulator = try context.call(arguments[1], [accumulator, element])
                return true
            }
            return accumulator
        }
        registry.method(sequence, "contains", [Parameter(nil, type: "Element")]) { value, arguments, context in
            let runtime = try runtime(context)
            var found = false
            try each(value, context) { element in
                found = try runtime.valuesEqual(element, arguments[0])
                return !found
            }
            return .bool(found)
        }
        registry.method(sequence, "contains", [Parameter("where", type: "(Element) -> Bool")]) { value, arguments, context in
            var found = false
            try each(value, context) { element in
                found = try predicate(arguments[0], element, context: context)
                return !found
            }
            return .bool(found)
        }
        registry.method(sequence, "allSatisfy", [Parameter(nil, type: "(Element) -> Bool")]) { value, arguments, context in
            var all = true
            try each(value, context) { element in
                all = try predicate(arguments[0], element, context: context)
                return all
            }
            return .bool(all)
        }
        registry.method(sequence, "count", [Parameter("where", type: "(Element) -> Bool")]) { value, arguments, context in
            var count = 0
            try each(value, context) { element in
                if try predicate(arguments[0], element, context: context) { count += 1 }
                return true
            }
            return .int(count)
        }
        registry.method(sequence, "first", [Parameter("where", type: "(Element) -> Bool")]) { value, arguments, context in
            var found: Value?
            try each(value, context) { element in
                if try predicate(arguments[0], element, context: context) {
                    found = element
                    return false
                }
                return true
            }
            return .optional(found)
        }
        registry.method(sequence, "last", [Parameter("where", type: "(Element) -> Bool")]) { value, arguments, context in
            for element in try elements(value, context).reversed()
            where try predicate(arguments[0], element, context: context) {
                return .optional(element)
            }
            return .optional(nil)
        }
        registry.method(sequence, "firstIndex", [Parameter("of", type: "Element")]) { value, arguments, context in
            let runtime = try runtime(context)
            for (index, element) in try elements(value, context).enumerated() where try runtime.valuesEqual(element, arguments[0]) {
                return .optional(.int(index))
            }
            return .optional(nil)
        }
        registry.method(sequence, "firstIndex", [Parameter("where", type: "(Element) -> Bool")]) { value, arguments, context in
            for (index, element) in try elements(value, context).enumerated()
            where try predicate(arguments[0], element, context: context) {
                return .optional(.int(index))
            }
            return .optional(nil)
        }
        registry.method(sequence, "lastIndex", [Parameter("of", type: "Element")]) { value, arguments, context in
            let runtime = try runtime(context)
            for (index, element) in try elements(value, context).enumerated().reversed()
            where try runtime.valuesEqual(element, arguments[0]) {
                return .optional(.int(index))
            }
            return .optional(nil)
        }
        for (name, wantsLess) in [("min", true), ("max", false)] {
            registry.method(sequence, name, []) { value, _, context in
                let runtime = try runtime(context)
                var best: Value?
                try each(value, context) { element in
                    guard let current = best else {
                        best = element
                        return true
                    }
                    guard let better = try wantsLess ? runtime.lessThan(element, current) : runtime.lessThan(current, element) else {
                        throw CellRuntimeError("\(name)() needs comparable elements")
                    }
                    if better { best = element }
                    return true
                }
                return .optional(best)
            }
            registry.method(sequence, name, [Parameter("by", type: "(Element, Element) -> Bool")]) { value, arguments, context in
                var best: Value?
                try each(value, context) { element in
                    guard let current = best else {
                        best = element
                        return true
                    }
                    let better = wantsLess ? try predicate(arguments[0], element, current, context: context)
                                           : try predicate(arguments[0], current, element, context: context)
                    if better { best = element }
                    return true
                }
                return .optional(best)
            }
        }
        registry.method(sequence, "sorted", []) { value, _, context in
            .array(try sortedValues(try elements(value, context), runtime(context)))
        }
        registry.method(sequence, "sorted", [Parameter("by", type: "(Element, Element) -> Bool")]) { value, arguments, context in
            .array(try elements(value, context).sorted { try predicate(arguments[0], $0, $1, context: context) })
        }
        registry.method(sequence, "reversed", []) { value, _, context in .array(try elements(value, context).reversed()) }
        registry.method(sequence, "enumerated", []) { value, _, context in
            .array(try elements(value, context).enumerated().map {
                .tuple([(label: "offset", value: .int($0.offset)), (label: "element", value: $0.element)])
            })
        }
        registry.method(sequence, "prefix", [Parameter(nil, type: "Int")]) { value, arguments, context in
            let count = try int(arguments[0], "prefix(_:)", context)
            guard count >= 0 else { throw CellFailure.trap("Can't take a prefix of negative length from a collection", at: nil) }
            var result: [Value] = []
            if count > 0 {
                try each(value, context) { element in
                    result.append(element)
                    return result.count < count
                }
            }
            return rebuild(value, result, context)
        }
        registry.method(sequence, "prefix", [Parameter("while", type: "(Element) -> Bool")]) { value, arguments, context in
            var result: [Value] = []
            try each(value, context) { element in
                guard try predicate(arguments[0], element, context: context) else { return false }
                result.append(element)
                return true
            }
            return rebuild(value, result, context)
        }
        registry.method(sequence, "suffix", [Parameter(nil, type: "Int")]) { value, arguments, context in
            let count = try int(arguments[0], "suffix(_:)", context)
            guard count >= 0 else { throw CellFailure.trap("Can't take a suffix of negative length from a collection", at: nil) }
            return rebuild(value, Array(try elements(value, context).suffix(count)), context)
        }
        registry.method(sequence, "dropFirst", [Parameter(nil, type: "Int", default: .int(1))]) { value, arguments, context in
            let count = try int(arguments[0], "dropFirst(_:)", context)
            guard count >= 0 else { throw CellFailure.trap("Can't drop a negative number of elements from a collection", at: nil) }
            return rebuild(value, Array(try elements(value, context).dropFirst(count)), context)
        }
        registry.method(sequence, "dropLast", [Parameter(nil, type: "Int", default: .int(1))]) { value, arguments, context in
            let count = try int(arguments[0], "dropLast(_:)", context)
            guard count >= 0 else { throw CellFailure.trap("Can't drop a negative number of elements from a collection", at: nil) }
            return rebuild(value, Array(try elements(value, context).dropLast(count)), context)
        }
        registry.method(sequence, "joined", [Parameter("separator", type: "String", default: .string(""))]) {
            value, arguments, context in
            let runtime = try runtime(context)
            let parts = try elements(value, context)
            if parts.allSatisfy({ if case .string = $0 { return true } else { return false } }) {
                let separator = try string(arguments[0], "joined(separator:)", context)
                return .string(parts.map { context.describe($0) }.joined(separator: separator))
            }
            var result: [Value] = []
            for part in parts { result.append(contentsOf: try runtime.elements(of: part, at: runtime.currentPos)) }
            return .array(result)
        }
        registry.method(sequence, "elementsEqual", [Parameter(nil)]) { value, arguments, context in
            let runtime = try runtime(context)
            let mine = try elements(value, context), theirs = try elements(arguments[0], context)
            guard mine.count == theirs.count else { return .bool(false) }
            for (a, b) in zip(mine, theirs) where try !runtime.valuesEqual(a, b) { return .bool(false) }
            return .bool(true)
        }
        registry.method(sequence, "starts", [Parameter("with")]) { value, arguments, context in
            let runtime = try runtime(context)
            let mine = try elements(value, context), prefix = try elements(arguments[0], context)
            guard prefix.count <= mine.count else { return .bool(false) }
            for (a, b) in zip(mine, prefix) where try !runtime.valuesEqual(a, b) { return .bool(false) }
            return .bool(true)
        }
    }
}
