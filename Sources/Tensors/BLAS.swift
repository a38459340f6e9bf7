import CBLAS

/// Every call into OpenBLAS lives in this file.
package enum BLAS {
    /// Row-major `C = alpha · op(A) · op(B) + beta · C` with explicit leading dimensions.
    /// `op(A)` is `m×k`, `op(B)` is `k×n`, `C` is `m×n`.
    package static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
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

    /// Sets the number of threads OpenBLAS uses for one call.
    package static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }

    /// Threads OpenBLAS will use.
    package static var threads: Int { Int(openblas_get_num_threads()) }

    /// Name of the OpenBLAS kernel chosen for this CPU (e.g. "Cooperlake").
    package static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}
