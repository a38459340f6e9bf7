import Foundation
import Vectorbook

/// Checks made before calling `Tensors` functions whose preconditions would stop the
/// process, so that a cell gets a `CellRuntimeError` instead. The messages are the
/// library's own precondition messages (plus a hint where one helps).
enum TensorChecks {
    /// The most elements a tensor built from a cell may have (1 GiB of Float32).
    static let maxElements = 1 << 28

    /// Element count of a shape a cell asks for; negative sizes count as 0, as `Tensor(shape:repeating:)` does.
    static func elementCount(_ shape: [Int], _ operation: String) throws -> Int {
        var total = 1
        for size in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: Swift.max(size, 0))
            guard !overflow, product <= maxElements else {
                throw CellRuntimeError("\(operation): shape \(shape) has more than \(maxElements) elements")
            }
            total = product
        }
        return total
    }

    /// `a.count == b.count`, as `cosineSimilarity` and `dot` require.
    static func sameCount(_ a: Tensor, _ b: Tensor, _ operation: String) throws {
        guard a.count == b.count else {
            throw CellRuntimeError("\(operation): \(a.shape) and \(b.shape) have different numbers of elements")
        }
    }

    /// The broadcast `Tensor` arithmetic allows: equal shapes, `b` a trailing part of `a`'s shape, or one element.
    static func broadcast(_ a: Tensor, _ b: Tensor, _ operation: String) throws {
        guard Array(a.shape.suffix(b.rank)) == b.shape || b.count == 1 else {
            throw CellRuntimeError("\(operation): shapes \(a.shape) and \(b.shape) are not compatible "
                + "(the right operand needs the same shape, a trailing part of it such as [\(a.shape.last ?? 0)], or one element)")
        }
    }

    /// `matmul`: `[n, k] × [k, m]` or `[b, n, k] × [k, m]`.
    static func matmul(_ a: Tensor, _ b: Tensor) throws {
        guard b.rank == 2, a.rank == 2 || a.rank == 3, a.shape.last == b.shape[0] else {
            let reason: String
            if b.rank != 2 || (a.rank != 2 && a.rank != 3) {
                reason = "the left operand must be [n, k] or [batch, n, k] and the right one [k, m]"
            } else {
                reason = "the inner dimensions \(a.shape.last ?? 0) and \(b.shape[0]) differ"
            }
            throw CellRuntimeError("matmul: shapes \(a.shape) and \(b.shape) cannot be multiplied (\(reason))")
        }
    }

    /// `cosineSimilarityMatrix`: vectors or matrices with the same last dimension.
    static func similarityMatrix(_ a: Tensor, _ b: Tensor, _ operation: String = "cosineSimilarityMatrix") throws {
        func width(_ t: Tensor) -> Int? {
            switch t.rank {
            case 1: return t.count
            case 2: return t.shape[1]
            default: return nil
            }
        }
        guard let x = width(a), let y = width(b), x == y else {
            throw CellRuntimeError("\(operation): shapes \(a.shape) and \(b.shape) are not [n, d] and [m, d]")
        }
    }

    /// A dimension argument (negative counts from the end) that exists in `tensor`.
    static func dimension(_ dim: Int, of tensor: Tensor, _ operation: String) throws {
        let resolved = dim < 0 ? dim + tensor.rank : dim
        guard resolved >= 0, resolved < tensor.rank else {
            throw CellRuntimeError("\(operation): dimension \(dim) does not exist in a tensor of rank \(tensor.rank) (shape \(tensor.shape))")
        }
    }

    /// `pooled(_:mask:)`: a `[batch, tokens, …]` tensor, with at least one token for `.cls`.
    static func pooling(_ tensor: Tensor, _ pooling: Pooling) throws {
        guard tensor.rank >= 2 else {
            throw CellRuntimeError("pooled(.\(pooling.rawValue)): expected a [batch, tokens, features] tensor, got shape \(tensor.shape)")
        }
        if pooling == .cls && tensor.shape[1] == 0 {
            throw CellRuntimeError("pooled(.cls): the tensor \(tensor.shape) has no tokens")
        }
    }

    /// Runs a `Tensors` call that throws `TensorError`, reporting it as a cell error.
    static func run<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CellRuntimeError {
            throw error
        } catch {
            throw CellRuntimeError("\(operation): \(error.localizedDescription)")
        }
    }
}

/// Tensor subscripts from cell values: `Int`, every range form and `.all`, exactly as
/// `TensorIndex` conforms in the library, with bad input reported instead of trapping.
enum TensorIndexing {
    /// A `TensorIndex` for one subscript component.
    static func index(_ value: Value, position: Int) throws -> any TensorIndex {
        let role = "Tensor subscript index \(position)"
        switch value {
        case .int(let number):
            return number
        case .object(let object) where object.payload is FullSlice:
            return FullSlice()
        case .range(let lower, let upper, let closed):
            let low = try lower.map { try BindingArgument.int($0, "\(role) lower bound") }
            let high = try upper.map { try BindingArgument.int($0, "\(role) upper bound") }
            return try range(low, high, closed: closed, role)
        default:
            throw CellRuntimeError("\(role): expected Int, a range or .all, got \(value.bindingTypeName)")
        }
    }

    private static func range(_ low: Int?, _ high: Int?, closed: Bool, _ role: String) throws -> any TensorIndex {
        switch (low, high) {
        case let (low?, high?):
            guard low <= high else {
                throw CellRuntimeError("\(role): Range requires lowerBound <= upperBound (got \(low)\(closed ? "..." : "..<")\(high))")
            }
            // `a...Int.max` would overflow inside the library; `a..<Int.max` selects the same positions.
            if closed && high < Int.max { return low ... high }
            return low ..< high
        case let (nil, high?):
            if closed && high < Int.max { return ...high }
            return ..<high
        case let (low?, nil):
            return low...
        case (nil, nil):
            throw CellRuntimeError("\(role): an unbounded range is not a tensor index; use .all")
        }
    }

    /// `tensor[indices…]`, throwing for too many indices or an integer out of range.
    static func slice(_ tensor: Tensor, _ indices: [Value]) throws -> Tensor {
        let resolved = try indices.enumerated().map { try index($1, position: $0) }
        do {
            return try tensor.slice(resolved)
        } catch {
            throw CellRuntimeError("Tensor subscript on shape \(tensor.shape): \(error.localizedDescription)")
        }
    }
}
