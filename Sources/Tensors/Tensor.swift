/// A dense, row-major, contiguous array of `Float` values with a shape.
///
/// Storage is copy-on-write: copies are cheap until one of them is mutated.
/// Tensors made from a `MappedFile` read a weights file in place.
public struct Tensor: Sendable {
    /// Sizes of the dimensions, outermost first. `[]` is a scalar.
    public private(set) var shape: [Int]
    var storage: TensorStorage
    /// Element offset of this tensor inside `storage`.
    var offset: Int
    /// For token-level outputs (`[batch, sequence, …]`): which positions are real
    /// tokens (1) and which are padding (0). `mean(dim: 1)` and `max(dim: 1)` honour it.
    public var tokenMask: [[Int]]?

    init(storage: TensorStorage, shape: [Int], offset: Int = 0) {
        self.storage = storage
        self.shape = shape
        self.offset = offset
    }

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        let count = shape.reduce(1) { $0 * Swift.max($1, 0) }
        self.init(storage: TensorStorage(count: count, repeating: value), shape: shape.map { Swift.max($0, 0) })
    }

    /// A tensor of `shape` holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) throws {
        let count = try Tensor.elementCount(of: shape)
        guard count == scalars.count else { throw TensorError.elementCountMismatch(shape: shape, count: scalars.count) }
        let storage = TensorStorage(uninitializedCount: count)
        scalars.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { storage.base.initialize(from: start, count: count) }
        }
        self.init(storage: storage, shape: shape)
    }

    /// A vector (rank 1).
    public init(_ scalars: [Float]) {
        let storage = TensorStorage(uninitializedCount: scalars.count)
        scalars.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { storage.base.initialize(from: start, count: scalars.count) }
        }
        self.init(storage: storage, shape: [scalars.count])
    }

    /// A matrix (rank 2) from equal-length rows.
    public init(_ rows: [[Float]]) throws {
        let columns = rows.first?.count ?? 0
        for (index, row) in rows.enumerated() where row.count != columns {
            throw TensorError.raggedRows(row: index, expected: columns, actual: row.count)
        }
        try self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// Creates a tensor of `shape` and lets `body` write every element.
    package init(shape: [Int], initializingWith body: (UnsafeMutablePointer<Float>, Int) throws -> Void) rethrows {
        let count = shape.reduce(1, *)
        let storage = TensorStorage(uninitializedCount: count)
        try body(storage.base, count)
        self.init(storage: storage, shape: shape)
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// Total number of elements.
    public var count: Int { shape.reduce(1, *) }
    /// Element type; always `float32`.
    public var dtype: String { "float32" }
    /// All elements in row-major order.
    public var scalars: [Float] {
        withUnsafeBufferPointer { Array($0) }
    }
    /// The single value of a one-element tensor, else `nil`.
    public var scalar: Float? {
        count == 1 ? storage.base[offset] : nil
    }

    /// Reads the elements without copying.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base + offset, count: count))
    }

    /// Writes the elements in place, copying first when the storage is shared or read-only.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.base + offset, count: count))
    }

    /// Raw pointer to the first element, for kernels in this package (read-only use).
    package var pointer: UnsafePointer<Float> { UnsafePointer(storage.base + offset) }

    /// Mutable pointer after ensuring unique, writable storage (package kernels only).
    package mutating func mutablePointer() -> UnsafeMutablePointer<Float> {
        makeUnique()
        return storage.base + offset
    }

    private mutating func makeUnique() {
        if isKnownUniquelyReferenced(&storage), storage.isMutable { return }
        let count = self.count
        let copy = TensorStorage(uninitializedCount: count)
        copy.base.initialize(from: storage.base + offset, count: count)
        storage = copy
        offset = 0
    }

    /// The same elements viewed with another shape of equal element count.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.reduce(1) { $0 * $1.element }
            guard known > 0, count % known == 0 else { throw TensorError.elementCountMismatch(shape: newShape, count: count) }
            resolved[inferred] = count / known
        }
        guard try Tensor.elementCount(of: resolved) == count else {
            throw TensorError.elementCountMismatch(shape: resolved, count: count)
        }
        return Tensor(storage: storage, shape: resolved, offset: offset)
    }

    /// Rows `range` of the outermost dimension, sharing storage.
    package func rows(_ range: Range<Int>) -> Tensor {
        let rowSize = shape.dropFirst().reduce(1, *)
        var newShape = shape
        newShape[0] = range.count
        return Tensor(storage: storage, shape: newShape, offset: offset + range.lowerBound * rowSize)
    }

    /// Validates a shape and returns its element count.
    package static func elementCount(of shape: [Int]) throws -> Int {
        var total = 1
        for size in shape {
            guard size >= 0 else { throw TensorError.invalidShape(shape) }
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            guard !overflow else { throw TensorError.invalidShape(shape) }
            total = product
        }
        return total
    }
}

extension Tensor: Equatable {
    /// Equal shapes and exactly equal elements.
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.withUnsafeBufferPointer { a in rhs.withUnsafeBufferPointer { b in a.elementsEqual(b) } }
    }
}

extension Tensor {
    /// Largest absolute elementwise difference; `.infinity` when the shapes differ.
    public func maxAbsDifference(_ other: Tensor) -> Float {
        guard shape == other.shape else { return .infinity }
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                var worst: Float = 0
                for i in 0 ..< a.count {
                    let d = abs(a[i] - b[i])
                    if d > worst || d.isNaN { worst = d.isNaN ? .infinity : d }
                }
                return worst
            }
        }
    }
}

extension Tensor {
    /// A new tensor holding a copy of `shape`'s element count of floats from `source`.
    package init(copying source: UnsafePointer<Float>, shape: [Int]) {
        self.init(shape: shape) { out, count in out.update(from: source, count: count) }
    }
}
