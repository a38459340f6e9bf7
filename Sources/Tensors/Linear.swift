/// A dense layer `y = x Wᵀ + b`. Built from PyTorch's weight layout `[out, in]`; the
/// weight is kept transposed (`[in, out]`) so the kernel streams each weight row once
/// per tile of input rows, which is what bounds short sequences.
package struct Linear: Sendable {
    /// Weight as `[in, out]`.
    package let transposedWeight: Tensor
    package let bias: Tensor?
    package var inputSize: Int { transposedWeight.shape[0] }
    package var outputSize: Int { transposedWeight.shape[1] }

    /// `weight` is `[out, in]` (PyTorch's layout); `bias` is `[out]`.
    package init(weight: Tensor, bias: Tensor?) {
        transposedWeight = weight.transposed()
        self.bias = bias
    }

    private init(transposedWeight: Tensor, bias: Tensor?) {
        self.transposedWeight = transposedWeight
        self.bias = bias
    }

    /// The layers side by side: one layer whose outputs are all of theirs, in order
    /// (e.g. query, key and value projections as one product). Inputs must agree.
    package static func concatenated(_ layers: [Linear]) -> Linear {
        let inputs = layers.first?.inputSize ?? 0
        let total = layers.reduce(0) { $0 + $1.outputSize }
        let weight = Tensor(shape: [inputs, total]) { out, _ in
            var column = 0
            for layer in layers {
                let source = layer.transposedWeight.pointer, width = layer.outputSize
                for row in 0 ..< inputs {
                    (out + row * total + column).update(from: source + row * width, count: width)
                }
                column += width
            }
        }
        let bias = Tensor(shape: [total]) { out, _ in
            var column = 0
            for layer in layers {
                if let b = layer.bias { (out + column).update(from: b.pointer, count: layer.outputSize) }
                else { (out + column).update(repeating: 0, count: layer.outputSize) }
                column += layer.outputSize
            }
        }
        return Linear(transposedWeight: weight, bias: bias)
    }

    /// Writes `x Wᵀ + b` for `rows` input rows into `output`, then the activation.
    package func apply(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>,
                       activation: Kernels.Activation? = nil, addBias: Bool = true) {
        Kernels.linear(input, rows: rows, weight: transposedWeight.pointer, inputs: inputSize, outputs: outputSize,
                       bias: addBias ? bias?.pointer : nil, into: output)
        if let activation {
            Kernels.biasActivation(output, rows: rows, columns: outputSize, bias: nil, activation: activation)
        }
    }

    /// Writes `x Wᵀ` (without the bias) for `rows` input rows into `output`.
    package func multiply(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        apply(input, rows: rows, into: output, addBias: false)
    }

    /// Applies the layer to a `[rows, in]` tensor.
    package func callAsFunction(_ input: Tensor, activation: Kernels.Activation? = nil) -> Tensor {
        let rows = input.count / Swift.max(inputSize, 1)
        return Tensor(shape: [rows, outputSize]) { out, _ in
            apply(input.pointer, rows: rows, into: out, activation: activation)
        }
    }
}
