import Foundation
import Tensors

/// One post-layer-norm Transformer encoder block (BERT, DistilBERT):
/// `x = LN(x + Attn(x))`, `x = LN(x + FFN(x))`. Q, K and V are one fused matmul.
struct PostLNEncoderLayer: Sendable {
    let qkv: Linear
    let attentionOutput: Linear
    let attentionNorm: LayerNormWeights
    let intermediate: Linear
    let output: Linear
    let outputNorm: LayerNormWeights

    /// Fuses separate query/key/value projections into one `[hidden, 3·hidden]` layer.
    static func fuse(_ q: Linear, _ k: Linear, _ v: Linear) -> Linear {
        Linear.concatenated([q, k, v])
    }
}

/// A stack of post-LN encoder layers run over packed token rows.
struct PostLNEncoder: Sendable {
    let layers: [PostLNEncoderLayer]
    let hidden: Int
    let heads: Int
    let intermediateSize: Int
    let activation: Kernels.Activation
    let epsilon: Float

    /// Runs every layer over `rows` token rows of `hidden` floats in `x`, in place.
    /// `segments` say which rows form one sequence and which keys are padding.
    /// `afterLayer` sees the rows after each layer (for `hiddenStates`).
    func run(_ x: UnsafeMutablePointer<Float>, rows: Int, segments: [AttentionSegment],
             afterLayer: ((UnsafePointer<Float>) -> Void)? = nil) {
        guard rows > 0 else { return }
        let headDim = hidden / heads
        let qkv = UnsafeMutablePointer<Float>.allocate(capacity: rows * 3 * hidden)
        let context = UnsafeMutablePointer<Float>.allocate(capacity: rows * hidden)
        let inner = UnsafeMutablePointer<Float>.allocate(capacity: rows * intermediateSize)
        var current = x
        var spare = UnsafeMutablePointer<Float>.allocate(capacity: rows * hidden)
        let spareOriginal = spare
        defer {
            qkv.deallocate()
            context.deallocate()
            inner.deallocate()
            spareOriginal.deallocate()
        }
        let scale = 1 / Float(headDim).squareRoot()
        for layer in layers {
            layer.qkv.apply(current, rows: rows, into: qkv)
            Attention.multiHead(queries: qkv, keys: qkv + hidden, values: qkv + 2 * hidden,
                                rowStride: 3 * hidden, heads: heads, headDim: headDim,
                                segments: segments, scale: scale, output: context, outputStride: hidden)
            // spare = LN(context·Woᵀ + bo + current)
            layer.attentionOutput.multiply(context, rows: rows, into: spare)
            Kernels.layerNorm(spare, rows: rows, columns: hidden, bias: layer.attentionOutput.bias?.pointer,
                              residual: current, gamma: layer.attentionNorm.weight.pointer,
                              beta: layer.attentionNorm.bias.pointer, epsilon: epsilon)
            swap(&current, &spare)
            layer.intermediate.apply(current, rows: rows, into: inner, activation: activation)
            layer.output.multiply(inner, rows: rows, into: spare)
            Kernels.layerNorm(spare, rows: rows, columns: hidden, bias: layer.output.bias?.pointer,
                              residual: current, gamma: layer.outputNorm.weight.pointer,
                              beta: layer.outputNorm.bias.pointer, epsilon: epsilon)
            swap(&current, &spare)
            afterLayer?(current)
        }
        if current != x { x.update(from: current, count: rows * hidden) }
    }
}

extension PostLNEncoder {
    /// Embeds packed tokens (`embed` writes the summed embeddings of one row), applies
    /// the embedding layer norm, runs every layer, and collects hidden states if asked.
    func encode(_ tokens: PackedTokens, embeddingNorm: LayerNormWeights, outputHiddenStates: Bool,
                embed: (_ row: Int, _ line: UnsafeMutablePointer<Float>) -> Void) -> (Tensor, [Tensor]?) {
        let rows = tokens.count, h = hidden
        var collected: [Tensor] = []
        let output = Tensor(shape: [rows, h]) { x, _ in
            for row in 0 ..< rows { embed(row, x + row * h) }
            Kernels.layerNorm(x, rows: rows, columns: h, gamma: embeddingNorm.weight.pointer,
                              beta: embeddingNorm.bias.pointer, epsilon: epsilon)
            if outputHiddenStates { collected.append(Tensor(copying: x, shape: [rows, h])) }
            run(x, rows: rows, segments: tokens.segments,
                afterLayer: outputHiddenStates ? { collected.append(Tensor(copying: $0, shape: [rows, h])) } : nil)
        }
        return (output, outputHiddenStates ? collected : nil)
    }
}

/// Maps a config's activation name to a kernel.
func activation(named name: String, path: String) throws -> Kernels.Activation {
    switch name.lowercased() {
    case "gelu": return .gelu
    case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": return .geluTanh
    case "quick_gelu": return .quickGelu
    case "relu": return .relu
    case "silu", "swish": return .silu
    case "tanh": return .tanh
    default: throw EncoderError.unsupportedActivation(name, path: path)
    }
}
