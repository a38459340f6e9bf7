extension Tensor {
    /// Layer normalisation over the last dimension.
    public func layerNorm(weight: Tensor, bias: Tensor?, epsilon: Float = 1e-5) -> Tensor {
        let columns = shape.last ?? 1
        precondition(weight.count == columns && (bias?.count ?? columns) == columns,
                     "layerNorm: weight \(weight.shape) / bias \(bias?.shape ?? []) do not match \(shape)")
        var result = self
        let out = result.mutablePointer()
        Kernels.layerNorm(out, rows: count / Swift.max(columns, 1), columns: columns,
                          gamma: weight.pointer, beta: bias?.pointer, epsilon: epsilon)
        return result
    }

    private func activated(_ activation: Kernels.Activation) -> Tensor {
        var result = self
        let out = result.mutablePointer()
        let columns = shape.last ?? 1
        Kernels.biasActivation(out, rows: count / Swift.max(columns, 1), columns: columns, bias: nil, activation: activation)
        return result
    }

    /// Exact GELU, x·Φ(x).
    public func gelu() -> Tensor { activated(.gelu) }
    /// GELU's tanh approximation (`gelu_new`).
    public func geluTanh() -> Tensor { activated(.geluTanh) }
    /// x·σ(1.702x), CLIP's "quick" GELU.
    public func quickGelu() -> Tensor { activated(.quickGelu) }
    /// max(0, x).
    public func relu() -> Tensor { activated(.relu) }
    /// Hyperbolic tangent.
    public func tanh() -> Tensor { activated(.tanh) }

    /// Softmax over the last dimension; `mask` (same shape, nonzero = keep) excludes positions.
    public func softmax(mask: Tensor? = nil) -> Tensor {
        let columns = shape.last ?? 1
        precondition(mask == nil || mask?.count == count, "softmax: mask \(mask?.shape ?? []) does not match \(shape)")
        var result = self
        let out = result.mutablePointer()
        let rows = count / Swift.max(columns, 1)
        var keep = [Bool](repeating: true, count: columns)
        for r in 0 ..< rows {
            if let mask {
                for c in 0 ..< columns { keep[c] = mask.pointer[r * columns + c] != 0 }
            }
            keep.withUnsafeBufferPointer { flags in
                Kernels.softmaxRow(out + r * columns, count: columns, keep: mask == nil ? nil : flags.baseAddress)
            }
        }
        return result
    }

    /// Scaled-dot-product attention of `[tokens, d]` queries, keys and values:
    /// softmax(Q Kᵀ / √d) V, optionally causal and with a key mask (`[tokens]`, nonzero = keep).
    public static func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor,
                                                 keyMask: [Bool]? = nil, causal: Bool = false) -> Tensor {
        precondition(query.rank == 2 && query.shape == key.shape && key.shape == value.shape,
                     "scaledDotProductAttention: query \(query.shape), key \(key.shape), value \(value.shape) must be equal [tokens, d]")
        let tokens = query.shape[0], d = query.shape[1]
        return Tensor(shape: [tokens, d]) { out, _ in
            Attention.multiHead(queries: query.pointer, keys: key.pointer, values: value.pointer,
                                rowStride: d, heads: 1, headDim: d,
                                segments: [AttentionSegment(start: 0, length: tokens, keyMask: keyMask)],
                                scale: 1 / Float(d).squareRoot(), causal: causal, output: out, outputStride: d)
        }
    }

    /// Rows of an embedding table `[vocabulary, d]` for `ids`: `[ids.count, d]`.
    public func embeddingLookup(_ ids: [Int]) throws -> Tensor {
        guard rank == 2 else { throw TensorError.shapeMismatch(operation: "embeddingLookup", expected: [-1, -1], actual: shape) }
        let vocabulary = shape[0], d = shape[1]
        for id in ids where id < 0 || id >= vocabulary {
            throw TensorError.indexOutOfRange(index: id, dimension: 0, size: vocabulary)
        }
        let table = pointer
        return Tensor(shape: [ids.count, d]) { out, _ in
            for (row, id) in ids.enumerated() { (out + row * d).update(from: table + id * d, count: d) }
        }
    }
}
