/// Cosine similarity of two vectors with the same number of elements
/// (any shapes, e.g. `[768]` and `[1, 768]`): a·b / (‖a‖‖b‖), 0 for a zero vector.
///
/// - Precondition: `a.count == b.count`.
public func cosineSimilarity(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.count == b.count, "cosineSimilarity: \(a.shape) and \(b.shape) have different numbers of elements")
    return a.withUnsafeBufferPointer { x in
        b.withUnsafeBufferPointer { y in
            var dot = 0.0, nx = 0.0, ny = 0.0
            for i in 0 ..< x.count {
                dot += Double(x[i]) * Double(y[i])
                nx += Double(x[i]) * Double(x[i])
                ny += Double(y[i]) * Double(y[i])
            }
            let denominator = (nx * ny).squareRoot()
            return denominator > 0 ? Float(dot / denominator) : 0
        }
    }
}

/// Pairwise cosine similarities of the rows of `a` (`[n, d]`) and `b` (`[m, d]`): `[n, m]`.
///
/// - Precondition: both are matrices (or vectors) with the same last dimension.
public func cosineSimilarityMatrix(_ a: Tensor, _ b: Tensor) -> Tensor {
    let x = a.rank == 1 ? a.asMatrix() : a
    let y = b.rank == 1 ? b.asMatrix() : b
    precondition(x.rank == 2 && y.rank == 2 && x.shape[1] == y.shape[1],
                 "cosineSimilarityMatrix: shapes \(a.shape) and \(b.shape) are not [n, d] and [m, d]")
    return matmul(x.normalized(), y.normalized().transposed())
}

extension Tensor {
    /// A vector viewed as a one-row matrix.
    func asMatrix() -> Tensor {
        Tensor(storage: storage, shape: [1, count], offset: offset)
    }
}
