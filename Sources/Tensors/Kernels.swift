import CKernels

/// Row-wise kernels a transformer encoder needs, on raw row-major buffers.
/// The arithmetic is in the C target `CKernels` (vectorised, with AVX-512/AVX2
/// clones picked at run time); this file is the only caller and splits rows
/// across `ComputeThreads`.
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

    /// Applies `activation` in place to `count` floats.
    @inline(__always)
    static func activate(_ data: UnsafeMutablePointer<Float>, count: Int, _ activation: Activation) {
        switch activation {
        case .gelu: vb_gelu_erf(data, count)
        case .geluTanh: vb_gelu_tanh(data, count)
        case .quickGelu: vb_quick_gelu(data, count)
        case .relu: vb_relu(data, count)
        case .tanh: vb_tanh(data, count)
        case .silu: vb_silu(data, count)
        }
    }

    /// `out[r, c] += bias[c]` then the activation, in place, over `rows × columns`.
    package static func biasActivation(_ data: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
                                       bias: UnsafePointer<Float>?, activation: Activation?) {
        guard bias != nil || activation != nil else { return }
        ComputeThreads.parallelFor(rows, costPerItem: columns * 8) { range in
            if let bias {
                for row in range { vb_add(data + row * columns, bias, columns) }
            }
            if let activation {
                activate(data + range.lowerBound * columns, count: range.count * columns, activation)
            }
        }
    }

    /// `y = x · W + bias` for `rows` rows of `x` (`[rows, inputs]`) and `W` stored `[inputs, outputs]`,
    /// with the output columns split across `ComputeThreads` in tiles.
    package static func linear(_ x: UnsafePointer<Float>, rows: Int, weight: UnsafePointer<Float>, inputs: Int,
                               outputs: Int, bias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>) {
        guard rows > 0, outputs > 0 else { return }
        let tile = Int(VB_LINEAR_TILE_COLUMNS)
        let tiles = (outputs + tile - 1) / tile
        ComputeThreads.parallelFor(tiles, costPerItem: rows * inputs * tile / 64) { range in
            vb_linear(rows, outputs, inputs, x, inputs, weight, outputs, bias, y, outputs,
                      range.lowerBound * tile, Swift.min(outputs, range.upperBound * tile))
        }
    }

    /// `a[i] += b[i]` for `count` elements.
    @inline(__always)
    package static func add(_ a: UnsafeMutablePointer<Float>, _ b: UnsafePointer<Float>, count: Int) {
        vb_add(a, b, count)
    }

    /// `x[r, c] += y[r, c] · scale[c]` (plain residual add when `scale` is nil), parallel over rows.
    package static func scaledAdd(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, scale: UnsafePointer<Float>?,
                                  rows: Int, columns: Int) {
        ComputeThreads.parallelFor(rows, costPerItem: columns) { range in
            let start = range.lowerBound * columns
            vb_scaled_add_rows(x + start, y + start, scale, range.count, columns)
        }
    }

    /// e^x elementwise (0 below -87.3), for tests of the kernels' accuracy.
    package static func exp(_ values: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                if let source = x.baseAddress, let target = y.baseAddress { vb_exp(source, target, values.count) }
            }
        }
        return out
    }

    /// Layer normalisation of each row of `data` (in place), optionally after adding
    /// `residual` and a `bias`: `x = LN(data + bias + residual) · gamma + beta`.
    package static func layerNorm(_ data: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
                                  bias: UnsafePointer<Float>? = nil, residual: UnsafePointer<Float>? = nil,
                                  gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>?, epsilon: Float) {
        ComputeThreads.parallelFor(rows, costPerItem: columns * 4) { range in
            let start = range.lowerBound * columns
            vb_layer_norm_rows(data + start, range.count, columns, bias, residual.map { $0 + start },
                               gamma, beta, epsilon)
        }
    }

    /// Softmax of one row in place; positions where `keep` is false get probability 0.
    /// A row with nothing kept becomes all zeros.
    @inline(__always)
    package static func softmaxRow(_ line: UnsafeMutablePointer<Float>, count: Int, keep: UnsafePointer<Bool>?) {
        if let keep {
            keep.withMemoryRebound(to: UInt8.self, capacity: count) { vb_softmax_row(line, count, $0) }
        } else {
            vb_softmax_row(line, count, nil)
        }
    }
}
