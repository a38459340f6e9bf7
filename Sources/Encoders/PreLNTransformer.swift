import Foundation
import Tensors

/// One pre-layer-norm Transformer block (ViT, DINOv2, CLIP):
/// `x = x + γ₁ · Attn(LN₁(x))`, `x = x + γ₂ · MLP(LN₂(x))`, where the layer scales γ
/// (DINOv2) are optional.
struct PreLNEncoderLayer: Sendable {
    let norm1: LayerNormWeights
    let qkv: Linear
    let attentionOutput: Linear
    let layerScale1: Tensor?
    let norm2: LayerNormWeights
    let fc1: Linear
    let fc2: Linear
    let layerScale2: Tensor?
}

/// A stack of pre-LN layers over packed token rows.
struct PreLNEncoder: Sendable {
    let layers: [PreLNEncoderLayer]
    let hidden: Int
    let heads: Int
    let intermediateSize: Int
    let activation: Kernels.Activation
    let epsilon: Float
    /// Causal self-attention (CLIP's text tower).
    var causal = false

    /// Runs every layer over `rows` rows of `hidden` floats in `x`, in place.
    func run(_ x: UnsafeMutablePointer<Float>, rows: Int, segments: [AttentionSegment],
             afterLayer: ((UnsafePointer<Float>) -> Void)? = nil) {
        guard rows > 0 else { return }
        let headDim = hidden / heads
        let normed = UnsafeMutablePointer<Float>.allocate(capacity: rows * hidden)
        let qkv = UnsafeMutablePointer<Float>.allocate(capacity: rows * 3 * hidden)
        let context = UnsafeMutablePointer<Float>.allocate(capacity: rows * hidden)
        let inner = UnsafeMutablePointer<Float>.allocate(capacity: rows * intermediateSize)
        defer {
            normed.deallocate()
            qkv.deallocate()
            context.deallocate()
            inner.deallocate()
        }
        let scale = 1 / Float(headDim).squareRoot()
        for layer in layers {
            normed.update(from: x, count: rows * hidden)
            Kernels.layerNorm(normed, rows: rows, columns: hidden, gamma: layer.norm1.weight.pointer,
                              beta: layer.norm1.bias.pointer, epsilon: epsilon)
            layer.qkv.apply(normed, rows: rows, into: qkv)
            Attention.multiHead(queries: qkv, keys: qkv + hidden, values: qkv + 2 * hidden,
                                rowStride: 3 * hidden, heads: heads, headDim: headDim,
                                segments: segments, scale: scale, causal: causal, output: context, outputStride: hidden)
            layer.attentionOutput.apply(context, rows: rows, into: normed)
            Kernels.scaledAdd(x, normed, scale: layer.layerScale1?.pointer, rows: rows, columns: hidden)

            normed.update(from: x, count: rows * hidden)
            Kernels.layerNorm(normed, rows: rows, columns: hidden, gamma: layer.norm2.weight.pointer,
                              beta: layer.norm2.bias.pointer, epsilon: epsilon)
            layer.fc1.apply(normed, rows: rows, into: inner, activation: activation)
            layer.fc2.apply(inner, rows: rows, into: normed)
            Kernels.scaledAdd(x, normed, scale: layer.layerScale2?.pointer, rows: rows, columns: hidden)
            afterLayer?(x)
        }
    }

    /// Runs the stack over `input` (`[rows, hidden]`), returning the result and, if asked,
    /// the input followed by every layer's output.
    func callAsFunction(_ input: Tensor, segments: [AttentionSegment], outputHiddenStates: Bool) -> (Tensor, [Tensor]?) {
        let rows = input.count / Swift.max(hidden, 1)
        var collected: [Tensor] = outputHiddenStates ? [input] : []
        var output = input
        let x = output.mutablePointer()
        run(x, rows: rows, segments: segments,
            afterLayer: outputHiddenStates ? { collected.append(Tensor(copying: $0, shape: [rows, hidden])) } : nil)
        return (output, outputHiddenStates ? collected : nil)
    }
}

extension WeightStore {
    /// The first of `candidates` that the checkpoint holds (or the first, so that a
    /// missing tensor is reported under its usual name). Used where `transformers`
    /// versions save the same tensor under different names.
    func name(_ candidates: String...) -> String {
        candidates.first { contains("\($0).weight") || contains($0) } ?? candidates[0]
    }
}

extension Tensor {
    /// Applies layer normalisation to a copy.
    func layerNormed(_ weights: LayerNormWeights, epsilon: Float) -> Tensor {
        layerNorm(weight: weights.weight, bias: weights.bias, epsilon: epsilon)
    }
}
