/// One sequence inside a packed `[tokens, features]` matrix.
package struct AttentionSegment: Sendable {
    /// First row of the sequence in the packed matrix.
    package var start: Int
    /// Number of rows (tokens, padding included).
    package var length: Int
    /// Which key positions may be attended to (`nil`: all).
    package var keyMask: [Bool]?

    package init(start: Int, length: Int, keyMask: [Bool]? = nil) {
        self.start = start
        self.length = length
        self.keyMask = keyMask
    }
}

/// Scaled-dot-product attention for many sequences packed row-wise, each with its
/// own length and key mask (so no work is spent on padding between sequences).
package enum Attention {
    /// Computes `softmax(Q Kᵀ · scale + mask) V` per segment and head.
    ///
    /// `queries`, `keys`, `values` point at head 0 of row 0 of each projection; rows
    /// are `rowStride` floats apart and heads `headDim` floats apart (as in a fused
    /// `[tokens, 3·hidden]` QKV matrix). The result for head h of row r is written
    /// to `output + r·outputStride + h·headDim`.
    package static func multiHead(
        queries: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
        rowStride: Int, heads: Int, headDim: Int, segments: [AttentionSegment],
        scale: Float, causal: Bool = false,
        output: UnsafeMutablePointer<Float>, outputStride: Int
    ) {
        let jobs = segments.count * heads
        let longest = segments.map(\.length).max() ?? 0
        guard jobs > 0, longest > 0 else { return }
        let cost = segments.reduce(0) { $0 + $1.length * $1.length } * headDim / Swift.max(segments.count, 1)
        ComputeThreads.parallelFor(jobs, costPerItem: Swift.max(cost, 1)) { range in
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: longest * longest)
            let keep = UnsafeMutablePointer<Bool>.allocate(capacity: longest)
            defer {
                scores.deallocate()
                keep.deallocate()
            }
            for job in range {
                let segment = segments[job / heads]
                let head = job % heads
                let length = segment.length
                guard length > 0 else { continue }
                let rowOffset = segment.start * rowStride + head * headDim
                let q = queries + rowOffset
                let k = keys + rowOffset
                let v = values + rowOffset
                // scores = scale · Q Kᵀ   (length × length)
                BLAS.gemm(transposeB: true, m: length, n: length, k: headDim, alpha: scale,
                          a: q, lda: rowStride, b: k, ldb: rowStride, c: scores, ldc: length)
                let masked = segment.keyMask != nil || causal
                for i in 0 ..< length {
                    if masked {
                        for j in 0 ..< length {
                            keep[j] = (segment.keyMask?[j] ?? true) && (!causal || j <= i)
                        }
                    }
                    Kernels.softmaxRow(scores + i * length, count: length, keep: masked ? UnsafePointer(keep) : nil)
                }
                // out = P V   (length × headDim)
                BLAS.gemm(m: length, n: headDim, k: length,
                          a: scores, lda: length, b: v, ldb: rowStride,
                          c: output + segment.start * outputStride + head * headDim, ldc: outputStride)
            }
        }
    }
}
