/// A dense layer `y = x Wᵀ + b` with PyTorch's weight layout `[out, in]`.
package struct Linear: Sendable {
    package let weight: Tensor
    package let bias: Tensor?
    package var inputSize: Int { weight.shape[1] }
    package var outputSize: Int { weight.shape[0] }

    package init(weight: Tensor, bias: Tensor?) {
        self.weight = weight
        self.bias = bias
    }

    /// Writes `x Wᵀ` (without the bias) for `rows` input rows into `output`.
    package func multiply(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        BLAS.gemm(transposeB: true, m: rows, n: outputSize, k: inputSize,
                  a: input, lda: inputSize, b: weight.pointer, ldb: inputSize,
                  c: output, ldc: outputSize)
    }

    /// Writes `x Wᵀ + b` for `rows` input rows into `output`.
    package func apply(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>,
                       activation: Kernels.Activation? = nil) {
        multiply(input, rows: rows, into: output)
        Kernels.biasActivation(output, rows: rows, columns: outputSize, bias: bias?.pointer, activation: activation)
    }

    /// Applies the layer to a `[rows, in]` tensor.
    package func callAsFunction(_ input: Tensor, activation: Kernels.Activation? = nil) -> Tensor {
        let rows = input.count / Swift.max(inputSize, 1)
        return Tensor(shape: [rows, outputSize]) { out, _ in
            apply(input.pointer, rows: rows, into: out, activation: activation)
        }
    }
}
