extension Tensor {
    /// Splits the shape around `dim` into (outer, size, inner) element counts.
    private func around(_ dim: Int) -> (outer: Int, size: Int, inner: Int) {
        (shape[..<dim].reduce(1, *), shape[dim], shape[(dim + 1)...].reduce(1, *))
    }

    private func normalizedDimension(_ dim: Int) -> Int {
        let d = dim < 0 ? dim + rank : dim
        precondition(d >= 0 && d < rank, TensorError.invalidDimension(dim: dim, rank: rank).localizedDescription)
        return d
    }

    /// Reduces dimension `dim` with a per-slice weight (nil: weight 1) and a combiner.
    private func reduce(_ dim: Int, mask: [[Int]]?, initial: Float,
                        _ combine: (Float, Float) -> Float, finish: (Float, Int) -> Float) -> Tensor {
        let d = normalizedDimension(dim)
        let (outer, size, inner) = around(d)
        var outShape = shape
        outShape.remove(at: d)
        let source = pointer
        return Tensor(shape: outShape) { out, _ in
            for o in 0 ..< outer {
                let row = mask.map { $0[o] }
                var used = 0
                for i in 0 ..< inner { out[o * inner + i] = initial }
                for s in 0 ..< size where row.map({ s < $0.count && $0[s] != 0 }) ?? true {
                    used += 1
                    let base = source + (o * size + s) * inner
                    for i in 0 ..< inner { out[o * inner + i] = combine(out[o * inner + i], base[i]) }
                }
                for i in 0 ..< inner { out[o * inner + i] = finish(out[o * inner + i], used) }
            }
        }
    }

    /// The token mask applies when reducing dimension 1 of a `[batch, tokens, …]` tensor.
    private func maskFor(_ dim: Int) -> [[Int]]? {
        guard let tokenMask, rank >= 2, normalizedDimension(dim) == 1, tokenMask.count == shape[0] else { return nil }
        return tokenMask
    }

    /// Mean over `dim`. Over the token dimension of a model output it averages only
    /// real tokens (the attention mask), as sentence-transformers' mean pooling does.
    public func mean(dim: Int) -> Tensor {
        reduce(dim, mask: maskFor(dim), initial: 0, +) { total, used in used > 0 ? total / Float(used) : 0 }
    }

    /// Sum over `dim` (real tokens only, for a model output's token dimension).
    public func sum(dim: Int) -> Tensor {
        reduce(dim, mask: maskFor(dim), initial: 0, +) { total, _ in total }
    }

    /// Maximum over `dim` (real tokens only, for a model output's token dimension).
    public func max(dim: Int) -> Tensor {
        reduce(dim, mask: maskFor(dim), initial: -.infinity, Swift.max) { value, used in used > 0 ? value : 0 }
    }

    /// Minimum over `dim`.
    public func min(dim: Int) -> Tensor {
        reduce(dim, mask: maskFor(dim), initial: .infinity, Swift.min) { value, used in used > 0 ? value : 0 }
    }

    /// Mean of all elements.
    public func mean() -> Float {
        count == 0 ? 0 : sum() / Float(count)
    }

    /// Sum of all elements (accumulated in Double).
    public func sum() -> Float {
        withUnsafeBufferPointer { Float($0.reduce(0.0) { $0 + Double($1) }) }
    }

    /// Euclidean (L2) norm of all elements.
    public func norm() -> Float {
        withUnsafeBufferPointer { Float($0.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()) }
    }

    /// Each vector along the last dimension scaled to unit L2 length
    /// (vectors shorter than 1e-12 are left as they are, as PyTorch's `normalize` does).
    public func normalized() -> Tensor {
        var result = self
        result.tokenMask = tokenMask
        let columns = shape.last ?? 1
        guard columns > 0 else { return result }
        let rows = count / columns
        let out = result.mutablePointer()
        for r in 0 ..< rows {
            let line = out + r * columns
            var total: Double = 0
            for c in 0 ..< columns { total += Double(line[c]) * Double(line[c]) }
            let scale = Float(1 / Swift.max(total.squareRoot(), 1e-12))
            for c in 0 ..< columns { line[c] *= scale }
        }
        return result
    }
}
