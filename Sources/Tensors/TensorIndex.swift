/// One component of a tensor subscript: an integer (drops the dimension),
/// a range (keeps it, clamped like Python slicing) or `.all`.
public protocol TensorIndex: Sendable {
    /// Resolves against a dimension of `size`: a single position or a half-open range.
    func resolve(size: Int) -> TensorIndexResolution
}

/// What an index selects in one dimension.
public enum TensorIndexResolution: Sendable, Equatable {
    case position(Int)
    case range(Range<Int>)
}

/// Selects a whole dimension: `t[.all, 0, .all]`.
public struct FullSlice: TensorIndex {
    public init() {}
    public func resolve(size: Int) -> TensorIndexResolution { .range(0 ..< size) }
}

extension TensorIndex where Self == FullSlice {
    /// Every position of the dimension (Python's `:`).
    public static var all: FullSlice { FullSlice() }
}

extension Int: TensorIndex {
    /// Negative values count from the end, as in Python.
    public func resolve(size: Int) -> TensorIndexResolution { .position(self < 0 ? self + size : self) }
}

private func clampedRange(_ lower: Int, _ upper: Int, size: Int) -> Range<Int> {
    func fix(_ value: Int) -> Int { Swift.min(Swift.max(value < 0 ? value &+ size : value, 0), size) }
    let low = fix(lower)
    return low ..< Swift.max(low, fix(upper))
}

extension Range: TensorIndex where Bound == Int {
    public func resolve(size: Int) -> TensorIndexResolution { .range(clampedRange(lowerBound, upperBound, size: size)) }
}

extension ClosedRange: TensorIndex where Bound == Int {
    public func resolve(size: Int) -> TensorIndexResolution {
        .range(clampedRange(lowerBound, upperBound == .max ? .max : upperBound + 1, size: size))
    }
}

extension PartialRangeUpTo: TensorIndex where Bound == Int {
    public func resolve(size: Int) -> TensorIndexResolution { .range(clampedRange(0, upperBound, size: size)) }
}

extension PartialRangeThrough: TensorIndex where Bound == Int {
    public func resolve(size: Int) -> TensorIndexResolution {
        .range(clampedRange(0, upperBound == .max ? .max : upperBound + 1, size: size))
    }
}

extension PartialRangeFrom: TensorIndex where Bound == Int {
    public func resolve(size: Int) -> TensorIndexResolution { .range(clampedRange(lowerBound, size, size: size)) }
}

extension Tensor {
    /// Selects a sub-tensor, as PyTorch indexing does: integers drop their dimension,
    /// ranges and `.all` keep it; missing trailing indices mean `.all`.
    ///
    /// - Precondition: at most `rank` indices, integers within their dimension
    ///   (negative ones count from the end). Use `slice(_:)` for a throwing variant.
    public subscript(_ indices: any TensorIndex...) -> Tensor {
        do {
            return try slice(indices)
        } catch {
            preconditionFailure("\(error.localizedDescription)")
        }
    }

    /// Throwing form of the subscript, for indices that come from user input.
    public func slice(_ indices: [any TensorIndex]) throws -> Tensor {
        guard indices.count <= rank else { throw TensorError.tooManyIndices(count: indices.count, rank: rank) }
        var ranges: [Range<Int>] = []
        var keep: [Bool] = []
        for (dim, size) in shape.enumerated() {
            guard dim < indices.count else {
                ranges.append(0 ..< size)
                keep.append(true)
                continue
            }
            switch indices[dim].resolve(size: size) {
            case let .position(position):
                guard position >= 0, position < size else {
                    throw TensorError.indexOutOfRange(index: position, dimension: dim, size: size)
                }
                ranges.append(position ..< position + 1)
                keep.append(false)
            case let .range(range):
                ranges.append(range)
                keep.append(true)
            }
        }
        let outShape = zip(ranges, keep).compactMap { $1 ? $0.count : nil }
        var result = gather(ranges: ranges, shape: outShape)
        if let mask = tokenMask, rank >= 2, keep[0], keep[1] {
            result.tokenMask = ranges[0].map { Array(mask[$0][ranges[1]]) }
        }
        return result
    }

    /// Copies the box `ranges` (one per dimension) into a new tensor of `shape`.
    private func gather(ranges: [Range<Int>], shape outShape: [Int]) -> Tensor {
        let strides = Tensor.strides(of: shape)
        return Tensor(shape: outShape) { out, total in
            guard total > 0 else { return }
            let source = pointer
            // Copy contiguous runs of the innermost dimension.
            let inner = ranges.last?.count ?? 1
            var index = ranges.map(\.lowerBound)
            var written = 0
            while written < total {
                var start = 0
                for d in 0 ..< index.count { start += index[d] * strides[d] }
                (out + written).update(from: source + start, count: inner)
                written += inner
                // Advance the multi-index (all but the innermost dimension).
                var d = ranges.count - 2
                while d >= 0 {
                    index[d] += 1
                    if index[d] < ranges[d].upperBound { break }
                    index[d] = ranges[d].lowerBound
                    d -= 1
                }
                if d < 0 { break }
            }
        }
    }

    /// Row-major strides (in elements) of `shape`.
    package static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[d] = step
            step *= shape[d]
        }
        return strides
    }
}
