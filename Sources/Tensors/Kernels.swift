/// Row-wise kernels a transformer encoder needs, on raw row-major buffers.
/// Each is vectorised (16 lanes) and parallel over rows; none allocates per row.
package enum Kernels {
    /// Activation functions found in encoder configs.
    package enum Activation: String, Sendable {
        /// Exact GELU: x · Φ(x) with erf.
        case gelu
        /// Tanh approximation of GELU (`gelu_new`, `gelu_pytorch_tanh`).
        case geluTanh
        /// x · σ(1.702 x) (`quick_gelu`, CLIP).
        case quickGelu
        case relu
        case tanh
        case silu
    }

    /// `out[r, c] += bias[c]` then the activation, in place, over `rows × columns`.
    package static func biasActivation(_ data: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
                                       bias: UnsafePointer<Float>?, activation: Activation?) {
        let run: (Vec) -> Vec
        switch activation {
        case .gelu?: run = { x in x * 0.5 * (1 + VectorMath.erf(x * 0.707_106_77)) }
        case .geluTanh?: run = { x in x * 0.5 * (1 + VectorMath.tanh((x + x * x * x * 0.044_715) * 0.797_884_56)) }
        case .quickGelu?: run = { x in x * VectorMath.sigmoid(x * 1.702) }
        case .relu?: run = { x in x.replacing(with: 0, where: x .< 0) }
        case .tanh?: run = { x in VectorMath.tanh(x) }
        case .silu?: run = { x in x * VectorMath.sigmoid(x) }
        case nil: run = { $0 }
        }
        let addBias = bias != nil
        ComputeThreads.parallelFor(rows, costPerItem: columns * 8) { range in
            for row in range {
                let line = data + row * columns
                if addBias, let bias { add(line, bias, count: columns) }
                if activation != nil { VectorMath.map(line, count: columns, run) }
            }
        }
    }

    /// `a[i] += b[i]` for `count` elements.
    @inline(__always)
    package static func add(_ a: UnsafeMutablePointer<Float>, _ b: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            let x = UnsafeMutableRawPointer(a + i).loadUnaligned(as: Vec.self)
            let y = UnsafeRawPointer(b + i).loadUnaligned(as: Vec.self)
            UnsafeMutableRawPointer(a + i).storeBytes(of: x + y, as: Vec.self)
            i += 16
        }
        while i < count {
            a[i] += b[i]
            i += 1
        }
    }

    /// Layer normalisation of each row of `data` (in place), optionally after adding
    /// `residual` and a `bias`: `x = LN(data + bias + residual) · gamma + beta`.
    package static func layerNorm(_ data: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
                                  bias: UnsafePointer<Float>? = nil, residual: UnsafePointer<Float>? = nil,
                                  gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>?, epsilon: Float) {
        ComputeThreads.parallelFor(rows, costPerItem: columns * 4) { range in
            for row in range {
                let line = data + row * columns
                if let bias { add(line, bias, count: columns) }
                if let residual { add(line, residual + row * columns, count: columns) }
                normalizeRow(line, columns: columns, gamma: gamma, beta: beta, epsilon: epsilon)
            }
        }
    }

    @inline(__always)
    private static func normalizeRow(_ line: UnsafeMutablePointer<Float>, columns: Int,
                                     gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>?, epsilon: Float) {
        // Two passes (mean, then centred variance) for accuracy, as PyTorch does.
        var sum = Vec(repeating: 0)
        var i = 0
        while i + 16 <= columns {
            sum += UnsafeRawPointer(line + i).loadUnaligned(as: Vec.self)
            i += 16
        }
        var total = sum.sum()
        while i < columns { total += line[i]; i += 1 }
        let mean = total / Float(columns)
        var squares = Vec(repeating: 0)
        i = 0
        while i + 16 <= columns {
            let d = UnsafeRawPointer(line + i).loadUnaligned(as: Vec.self) - mean
            squares += d * d
            i += 16
        }
        var variance = squares.sum()
        while i < columns { let d = line[i] - mean; variance += d * d; i += 1 }
        variance /= Float(columns)
        let inverse = 1 / (variance + epsilon).squareRoot()
        i = 0
        while i + 16 <= columns {
            let x = UnsafeRawPointer(line + i).loadUnaligned(as: Vec.self)
            let g = UnsafeRawPointer(gamma + i).loadUnaligned(as: Vec.self)
            var y = (x - mean) * inverse * g
            if let beta { y += UnsafeRawPointer(beta + i).loadUnaligned(as: Vec.self) }
            UnsafeMutableRawPointer(line + i).storeBytes(of: y, as: Vec.self)
            i += 16
        }
        while i < columns {
            line[i] = (line[i] - mean) * inverse * gamma[i] + (beta?[i] ?? 0)
            i += 1
        }
    }

    /// Softmax of one row in place; positions where `keep` is false get probability 0.
    /// A row with nothing kept becomes all zeros.
    @inline(__always)
    package static func softmaxRow(_ line: UnsafeMutablePointer<Float>, count: Int, keep: UnsafePointer<Bool>?) {
        var maximum = -Float.infinity
        for j in 0 ..< count where keep?[j] ?? true { maximum = Swift.max(maximum, line[j]) }
        guard maximum > -Float.infinity else {
            line.update(repeating: 0, count: count)
            return
        }
        if let keep {
            for j in 0 ..< count where !keep[j] { line[j] = -Float.infinity }
        }
        VectorMath.map(line, count: count) { VectorMath.exp($0 - maximum) }
        if let keep {
            for j in 0 ..< count where !keep[j] { line[j] = 0 }
        }
        var total: Float = 0
        for j in 0 ..< count { total += line[j] }
        let scale = 1 / total
        var j = 0
        while j + 16 <= count {
            let raw = UnsafeMutableRawPointer(line + j)
            raw.storeBytes(of: raw.loadUnaligned(as: Vec.self) * scale, as: Vec.self)
            j += 16
        }
        while j < count { line[j] *= scale; j += 1 }
    }
}
