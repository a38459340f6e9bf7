import CKernels

/// One layer of a unidirectional LSTM with PyTorch's weights, layouts and gate order
/// (input i, forget f, cell candidate g, output o):
///
///     gates = x Wᵢₕᵀ + bᵢₕ + h Wₕₕᵀ + bₕₕ        split into i, f, g, o
///     c' = σ(f) c + σ(i) tanh(g),   h' = σ(o) tanh(c')
public struct LSTMLayer: Sendable {
    /// `weight_ih_l<k>`: `[4 · hidden, input]`.
    public let inputWeight: Tensor
    /// `weight_hh_l<k>`: `[4 · hidden, hidden]`.
    public let recurrentWeight: Tensor
    /// `bias_ih_l<k> + bias_hh_l<k>`: `[4 · hidden]`.
    public let bias: Tensor

    /// Width of the input vectors.
    public var inputSize: Int { inputWeight.shape[1] }
    /// Width of the hidden and cell states.
    public var hiddenSize: Int { recurrentWeight.shape[1] }

    /// A layer from PyTorch's tensors; missing biases count as zeros. `name` (e.g. `lstm.l0`) is for messages.
    public init(inputWeight: Tensor, recurrentWeight: Tensor, inputBias: Tensor? = nil, recurrentBias: Tensor? = nil,
                name: String = "LSTM layer") throws {
        let hidden = recurrentWeight.rank == 2 ? recurrentWeight.shape[1] : 0
        guard hidden > 0, recurrentWeight.shape == [4 * hidden, hidden] else {
            throw TensorError.shapeMismatch(operation: "\(name) weight_hh", expected: [4 * hidden, hidden], actual: recurrentWeight.shape)
        }
        guard inputWeight.rank == 2, inputWeight.shape[0] == 4 * hidden, inputWeight.shape[1] > 0 else {
            throw TensorError.shapeMismatch(operation: "\(name) weight_ih", expected: [4 * hidden, -1], actual: inputWeight.shape)
        }
        for (label, bias) in [("bias_ih", inputBias), ("bias_hh", recurrentBias)] {
            if let bias, bias.shape != [4 * hidden] {
                throw TensorError.shapeMismatch(operation: "\(name) \(label)", expected: [4 * hidden], actual: bias.shape)
            }
        }
        self.inputWeight = inputWeight
        self.recurrentWeight = recurrentWeight
        bias = Tensor(shape: [4 * hidden]) { out, count in
            out.initialize(repeating: 0, count: count)
            if let inputBias { Kernels.add(out, inputBias.pointer, count: count) }
            if let recurrentBias { Kernels.add(out, recurrentBias.pointer, count: count) }
        }
    }
}

/// What an `LSTM` returns, named as in PyTorch.
public struct LSTMOutput: Sendable {
    /// The last layer's hidden state at every step: `[batch, time, hidden]` (`[time, hidden]` for an unbatched input).
    public var output: Tensor
    /// Every layer's hidden state after the last step (`h_n`): `[layers, batch, hidden]` (`[layers, hidden]` unbatched).
    public var hidden: Tensor
    /// Every layer's cell state after the last step (`c_n`), shaped as `hidden`.
    public var cell: Tensor
}

/// A stacked unidirectional LSTM, equal to `torch.nn.LSTM(batch_first=True)` in eval mode with zero
/// initial states.
///
/// Each layer projects the inputs of all steps with one matrix product, then runs the recurrence with
/// one product of the batch's hidden states per step and a vectorised gate kernel.
public struct LSTM: Sendable {
    /// The layers, first to last; each one's input is the previous one's hidden state.
    public let layers: [LSTMLayer]

    /// Stacks `layers`; throws unless each layer's input width is the previous layer's hidden width.
    public init(layers: [LSTMLayer]) throws {
        guard !layers.isEmpty else { throw TensorError.invalidShape([0]) }
        for index in layers.indices.dropFirst() where layers[index].inputSize != layers[index - 1].hiddenSize {
            throw TensorError.shapeMismatch(operation: "LSTM layer \(index) weight_ih",
                                            expected: [4 * layers[index].hiddenSize, layers[index - 1].hiddenSize],
                                            actual: layers[index].inputWeight.shape)
        }
        self.layers = layers
    }

    /// Width of the input vectors.
    public var inputSize: Int { layers[0].inputSize }
    /// Width of the hidden states.
    public var hiddenSize: Int { layers[layers.count - 1].hiddenSize }

    /// Runs the LSTM over `input`, `[batch, time, input]` (batch first) or `[time, input]`.
    public func callAsFunction(_ input: Tensor) throws -> LSTMOutput {
        let batched = input.rank == 3
        guard (input.rank == 2 || batched), input.shape.last == inputSize else {
            throw TensorError.shapeMismatch(operation: "LSTM input", expected: [-1, -1, inputSize], actual: input.shape)
        }
        let batch = batched ? input.shape[0] : 1
        let steps = input.shape[batched ? 1 : 0]
        // Work time-major ([time, batch, features]) so each step's rows are contiguous.
        var sequence = batched ? Self.swapLeadingAxes(input, batch, steps) : input
        var finalHidden: [Tensor] = [], finalCell: [Tensor] = []
        for layer in layers {
            let (output, cell) = Self.run(layer, sequence, steps: steps, batch: batch)
            finalHidden.append(steps > 0 ? output.rows(steps - 1 ..< steps) : Tensor(shape: [1, batch, layer.hiddenSize]))
            finalCell.append(cell)
            sequence = output
        }
        let hidden = hiddenSize
        let stackedHidden = Self.stack(finalHidden, rowSize: batch * hidden)
        let stackedCell = Self.stack(finalCell, rowSize: batch * hidden)
        if batched {
            return LSTMOutput(output: Self.swapLeadingAxes(sequence, steps, batch),
                              hidden: try stackedHidden.reshaped([layers.count, batch, hidden]),
                              cell: try stackedCell.reshaped([layers.count, batch, hidden]))
        }
        return LSTMOutput(output: try sequence.reshaped([steps, hidden]),
                          hidden: try stackedHidden.reshaped([layers.count, hidden]),
                          cell: try stackedCell.reshaped([layers.count, hidden]))
    }

    /// One layer over a time-major sequence: the outputs `[time, batch, hidden]` and the last cell state.
    private static func run(_ layer: LSTMLayer, _ sequence: Tensor, steps: Int, batch: Int) -> (Tensor, Tensor) {
        let hidden = layer.hiddenSize, width = 4 * hidden, rows = steps * batch
        // Input projections of every step at once: [time · batch, 4 · hidden].
        var gates = Tensor(shape: [rows, width])
        var cell = Tensor(shape: [batch, hidden])
        let cellPointer = cell.mutablePointer()
        let output = gates.withUnsafeMutableBufferPointer { buffer in
            let gatePointer = buffer.baseAddress ?? UnsafeMutablePointer(mutating: layer.bias.pointer)
            BLAS.parallelGemm(transposeB: true, m: rows, n: width, k: layer.inputSize,
                              a: sequence.pointer, lda: layer.inputSize, b: layer.inputWeight.pointer, ldb: layer.inputSize,
                              c: gatePointer, ldc: width)
            return Tensor(shape: [steps, batch, hidden]) { out, _ in
                for step in 0 ..< steps {
                    let stepGates = gatePointer + step * batch * width
                    if step > 0 {
                        // gates += h(step − 1) · W_hhᵀ; the initial state is zero, so step 0 has no such term.
                        BLAS.parallelGemm(transposeB: true, m: batch, n: width, k: hidden,
                                          a: out + (step - 1) * batch * hidden, lda: hidden,
                                          b: layer.recurrentWeight.pointer, ldb: hidden,
                                          beta: 1, c: stepGates, ldc: width)
                    }
                    vb_lstm_cell(stepGates, width, layer.bias.pointer, cellPointer, out + step * batch * hidden, hidden,
                                 batch, hidden)
                }
            }
        }
        return (output, cell)
    }

    /// `[a, b, rest…]` stored contiguously → `[b, a, rest…]`.
    private static func swapLeadingAxes(_ tensor: Tensor, _ a: Int, _ b: Int) -> Tensor {
        var shape = tensor.shape
        shape.swapAt(0, 1)
        let inner = tensor.shape.dropFirst(2).reduce(1, *)
        let source = tensor.pointer
        return Tensor(shape: shape) { out, _ in
            for i in 0 ..< a {
                for j in 0 ..< b {
                    (out + (j * a + i) * inner).update(from: source + (i * b + j) * inner, count: inner)
                }
            }
        }
    }

    /// Tensors of `rowSize` elements each, one after the other.
    private static func stack(_ parts: [Tensor], rowSize: Int) -> Tensor {
        Tensor(shape: [parts.count * rowSize]) { out, _ in
            for (index, part) in parts.enumerated() { (out + index * rowSize).update(from: part.pointer, count: rowSize) }
        }
    }
}

extension LSTM {
    /// The gate kernel's sigmoid, elementwise (for tests of its accuracy).
    package static func gateSigmoid(_ values: [Float]) -> [Float] {
        var result = values
        result.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { vb_lstm_sigmoid(base, $0.count) } }
        return result
    }

    /// The gate kernel's tanh, elementwise (for tests of its accuracy).
    package static func gateTanh(_ values: [Float]) -> [Float] {
        var result = values
        result.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { vb_lstm_tanh(base, $0.count) } }
        return result
    }
}
