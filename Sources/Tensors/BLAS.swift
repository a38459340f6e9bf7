import CBLAS
import Dispatch

/// Every call into OpenBLAS lives in this file.
package enum BLAS {
    /// Row-major `C = alpha · op(A) · op(B) + beta · C` with explicit leading dimensions.
    /// `op(A)` is `m×k`, `op(B)` is `k×n`, `C` is `m×n`.
    ///
    /// Runs on the calling thread: OpenBLAS's own thread pool is switched off so that
    /// its spinning workers never compete with `ComputeThreads` (see `parallelGemm`).
    package static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        _ = singleThreaded
        guard k > 0 else {
            // A product over an empty inner dimension contributes nothing.
            for row in 0 ..< m {
                for column in 0 ..< n { c[row * ldc + column] *= beta }
            }
            return
        }
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha,
                    a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// OpenBLAS runs every call on the caller's thread; parallelism comes from
    /// splitting the product across `ComputeThreads` instead.
    private static let singleThreaded: Void = openblas_set_num_threads(1)

    /// `C = op(A) · op(B) + beta · C` split across `ComputeThreads`: by rows of C when
    /// there are many, else by columns (so each thread streams part of B, which is what
    /// bounds a product with a few rows, such as one short sentence).
    package static func parallelGemm(
        transposeB: Bool = false, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let threads = ComputeThreads.count
        guard threads > 1, m * n * k >= 1 << 18 else {
            gemm(transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        if m >= 32 * threads {
            ComputeThreads.parallelFor(m, costPerItem: 1 << 20) { rows in
                gemm(transposeB: transposeB, m: rows.count, n: n, k: k, a: a + rows.lowerBound * lda, lda: lda,
                     b: b, ldb: ldb, beta: beta, c: c + rows.lowerBound * ldc, ldc: ldc)
            }
        } else {
            // Column blocks of 16 keep each thread's share of B aligned to kernel widths.
            let blocks = (n + 15) / 16
            ComputeThreads.parallelFor(blocks, costPerItem: 1 << 20) { range in
                let first = range.lowerBound * 16
                let columns = Swift.min(n, range.upperBound * 16) - first
                let bStart = transposeB ? b + first * ldb : b + first
                gemm(transposeB: transposeB, m: m, n: columns, k: k, a: a, lda: lda,
                     b: bStart, ldb: ldb, beta: beta, c: c + first, ldc: ldc)
            }
        }
    }

    /// Best GFLOP/s of `cblas_sgemm` for an `m×k · k×n` product: the better of
    /// OpenBLAS's own threading and row-splitting across `ComputeThreads`, each in the
    /// two operand layouts encoders use (for benchmarks).
    package static func measuredPeak(m: Int, n: Int, k: Int, repetitions: Int = 8) -> Double {
        let a = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
        let b = UnsafeMutablePointer<Float>.allocate(capacity: k * n)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        a.initialize(repeating: 0.5, count: m * k)
        b.initialize(repeating: 0.25, count: k * n)
        _ = singleThreaded
        var best = Double.infinity
        func time(_ body: () -> Void) {
            body()
            for _ in 0 ..< repetitions {
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                best = Swift.min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
        }
        for transposeB in [false, true] {
            let ldb = transposeB ? k : n
            openblas_set_num_threads(Int32(ComputeThreads.count))
            time {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, blasint(m), blasint(n),
                            blasint(k), 1, a, blasint(k), b, blasint(ldb), 0, c, blasint(n))
            }
            openblas_set_num_threads(1)
            time { parallelGemm(transposeB: transposeB, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: ldb, c: c, ldc: n) }
        }
        return 2 * Double(m * n * k) / best / 1e9
    }

    /// Name of the OpenBLAS kernel chosen for this CPU (e.g. "Cooperlake").
    package static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}
