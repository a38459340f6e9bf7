/// Matrix product of `[n, k]` and `[k, m]` matrices through BLAS.
/// A rank-3 left operand `[b, n, k]` is multiplied batch by batch.
///
/// - Precondition: inner dimensions agree.
public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
    precondition(b.rank == 2 && (a.rank == 2 || a.rank == 3) && a.shape.last == b.shape[0],
                 "matmul: shapes \(a.shape) and \(b.shape) cannot be multiplied")
    let k = b.shape[0], m = b.shape[1]
    let rows = a.count / Swift.max(k, 1)
    var outShape = a.shape
    outShape[outShape.count - 1] = m
    return Tensor(shape: outShape) { out, _ in
        BLAS.parallelGemm(m: rows, n: m, k: k, a: a.pointer, lda: k, b: b.pointer, ldb: m, c: out, ldc: m)
    }
}

extension Tensor {
    /// The transpose of a matrix (a vector is returned unchanged).
    public func transposed() -> Tensor {
        guard rank == 2 else { return self }
        let rows = shape[0], columns = shape[1]
        let source = pointer
        // 32×32 blocks keep both the reads and the writes within cache lines.
        return Tensor(shape: [columns, rows]) { out, _ in
            for r0 in stride(from: 0, to: rows, by: 32) {
                for c0 in stride(from: 0, to: columns, by: 32) {
                    for r in r0 ..< Swift.min(r0 + 32, rows) {
                        for c in c0 ..< Swift.min(c0 + 32, columns) { out[c * rows + r] = source[r * columns + c] }
                    }
                }
            }
        }
    }
}
