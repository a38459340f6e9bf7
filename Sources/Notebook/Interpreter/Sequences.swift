import Foundation

/// `stride(from:to:by:)` and `stride(from:through:by:)`, iterated lazily.
struct StrideSequence: CustomStringConvertible {
    let start: Value
    let end: Value
    let step: Value
    let inclusive: Bool

    var description: String {
        "\(inclusive ? "StrideThrough" : "StrideTo")(start: \(start), end: \(end), stride: \(step))"
    }
}

/// Iteration over the values cells loop over: arrays, strings (characters), dictionaries
/// (`(key:, value:)` pairs sorted by key), integer ranges, strides.
extension Runtime {
    /// The most elements a sequence is turned into an array with (e.g. `(0..<n).map`).
    static let materializeLimit = 20_000_000

    func isSequence(_ value: Value) -> Bool {
        switch value {
        case .array, .string, .dictionary: return true
        case .range(let lower, _, _):
            if case .int? = lower { return true }
            return false
        case .object(let object): return object.payload is StrideSequence
        default: return false
        }
    }

    /// Calls `body` with each element until it returns false.
    func forEachElement(_ value: Value, at pos: SourcePos, _ body: (Value) throws -> Bool) throws {
        switch value {
        case .array(let items):
            for item in items where try !body(item) { return }
            return
        case .string(let text):
            for character in text where try !body(.string(String(character))) { return }
            return
        case .dictionary(let pairs):
            for pair in sortedPairs(pairs) {
                if try !body(.tuple([(label: "key", value: pair.key), (label: "value", value: pair.value)])) { return }
            }
            return
        case .range(let lower?, let upper, let closed):
            guard case .int(let start) = lower else { break }
            guard let upper else {
                var index = start
                while try body(.int(index)) {
                    try tick()
                    if index == Int.max { return }
                    index += 1
                }
                return
            }
            guard case .int(let end) = upper else { break }
            if closed ? start > end : start >= end { return }
            let last = closed ? end : end - 1
            var index = start
            while try body(.int(index)) {
                if index >= last { return }
                index += 1
            }
            return
        case .object(let object):
            guard let stride = object.payload as? StrideSequence else { break }
            try forEachStride(stride, at: pos, body)
            return
        default:
            break
        }
        throw CellFailure.trap("value of type '\(typeName(value))' is not a sequence (for-in needs an array, a string, "
                               + "a dictionary, an integer range or a stride)", at: pos)
    }

    private func forEachStride(_ stride: StrideSequence, at pos: SourcePos, _ body: (Value) throws -> Bool) throws {
        switch (stride.start, stride.end, stride.step) {
        case let (.int(start), .int(end), .int(step)):
            guard step != 0 else { throw CellFailure.trap("Stride size must not be zero", at: pos) }
            var index = start
            while step > 0 ? (stride.inclusive ? index <= end : index < end) : (stride.inclusive ? index >= end : index > end) {
                if try !body(.int(index)) { return }
                let (next, overflow) = index.addingReportingOverflow(step)
                if overflow { return }
                index = next
            }
        default:
            let start = try floatingValue(stride.start, at: pos)
            let end = try floatingValue(stride.end, at: pos)
            let step = try floatingValue(stride.step, at: pos)
            guard step != 0 else { throw CellFailure.trap("Stride size must not be zero", at: pos) }
            let asFloat: Bool
            if case .float = stride.start { asFloat = true } else if case .float = stride.step { asFloat = true } else { asFloat = false }
            var count = 0.0
            while true {
                let current = start + count * step
                let inRange = step > 0 ? (stride.inclusive ? current <= end : current < end)
                                       : (stride.inclusive ? current >= end : current > end)
                if !inRange { return }
                if try !body(asFloat ? .float(Float(current)) : .double(current)) { return }
                count += 1
                try tick()
            }
        }
    }

    private func floatingValue(_ value: Value, at pos: SourcePos) throws -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .float(let number): return Double(number)
        default: throw CellFailure.trap("stride bounds must be numbers", at: pos)
        }
    }

    /// The elements of a sequence as an array.
    func elements(of value: Value, at pos: SourcePos) throws -> [Value] {
        if case .array(let items) = value { return items }
        var result: [Value] = []
        if case .range(let lower?, let upper?, let closed) = value, case .int(let start) = lower, case .int(let end) = upper {
            let (span, overflow) = end.subtractingReportingOverflow(start)
            let count = overflow ? Int.max : (closed ? span.addingReportingOverflow(1).partialValue : span)
            if overflow || count > Runtime.materializeLimit {
                throw CellFailure.trap("the range \(describe(value)) has more elements than the "
                                       + "\(Runtime.materializeLimit) a cell may turn into an array", at: pos)
            }
            result.reserveCapacity(max(0, count))
        }
        if case .range(_, nil, _) = value {
            throw CellFailure.trap("cannot turn a range without an upper bound into an array", at: pos)
        }
        try forEachElement(value, at: pos) { element in
            result.append(element)
            if result.count & 0xFFFF == 0 {
                try checkDeadline()
                if result.count > Runtime.materializeLimit {
                    throw CellFailure.trap("the sequence has more than \(Runtime.materializeLimit) elements", at: pos)
                }
            }
            return true
        }
        return result
    }
}
