import Foundation
import Tensors

/// A 1-D convolution (PyTorch's `nn.Conv1d`) over time-major rows: the input is `[length,
/// inChannels]`, the output `[outputLength, outChannels]`, so a speech encoder's frames come out as
/// token rows. Computed as matrix products with BLAS: either straight from the input (one product
/// per kernel position, no copy) or from gathered receptive fields (im2col) when there is padding,
/// grouping or only a few input channels.
struct Conv1d: Sendable {
    /// The weight as `[out, kernel · inChannels / groups]`, kernel position outer (so a receptive
    /// field of time-major rows is one contiguous run).
    let weight: Tensor
    let bias: Tensor?
    let inChannels: Int
    let outChannels: Int
    let kernel: Int
    let stride: Int
    let padding: Int
    let groups: Int

    /// `weight` is PyTorch's `[out, in / groups, kernel]`; `bias` is `[out]`.
    init(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, groups: Int = 1) {
        let out = weight.shape[0], perGroup = weight.shape[1], kernel = weight.shape[2]
        self.weight = Tensor(shape: [out, kernel * perGroup]) { target, _ in
            let source = weight.pointer
            for o in 0 ..< out {
                for c in 0 ..< perGroup {
                    for k in 0 ..< kernel {
                        target[o * kernel * perGroup + k * perGroup + c] = source[(o * perGroup + c) * kernel + k]
                    }
                }
            }
        }
        self.bias = bias
        inChannels = perGroup * groups
        outChannels = out
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.groups = groups
    }

    /// Output steps for `length` input steps (0 when the input is shorter than the kernel).
    func outputLength(_ length: Int) -> Int {
        let span = length + 2 * padding - kernel
        return span < 0 ? 0 : span / stride + 1
    }

    /// Convolves `length` rows of `inChannels` floats at `x`; adds the bias and applies `activation`.
    func callAsFunction(_ x: UnsafePointer<Float>, length: Int, activation: Kernels.Activation? = nil) -> Tensor {
        let steps = outputLength(length)
        let perGroup = inChannels / groups, outPerGroup = outChannels / groups
        let width = kernel * perGroup
        return Tensor(shape: [steps, outChannels]) { out, _ in
            guard steps > 0 else { return }
            if groups == 1, padding == 0, inChannels >= 32 {
                // Σₖ X[t·stride + k] · Wₖᵀ: each term reads the input in place, rows stride·in apart.
                for k in 0 ..< kernel {
                    BLAS.parallelGemm(transposeB: true, m: steps, n: outChannels, k: inChannels,
                                      a: x + k * inChannels, lda: stride * inChannels,
                                      b: weight.pointer + k * inChannels, ldb: width,
                                      beta: k == 0 ? 0 : 1, c: out, ldc: outChannels)
                }
            } else {
                let columns = UnsafeMutablePointer<Float>.allocate(capacity: steps * width)
                defer { columns.deallocate() }
                for group in 0 ..< groups {
                    AudioKernels.im2col(x + group * perGroup, length: length, channels: perGroup, ldx: inChannels,
                                        kernel: kernel, stride: stride, padding: padding, outputLength: steps,
                                        into: columns)
                    BLAS.parallelGemm(transposeB: true, m: steps, n: outPerGroup, k: width, a: columns, lda: width,
                                      b: weight.pointer + group * outPerGroup * width, ldb: width,
                                      c: out + group * outPerGroup, ldc: outChannels)
                }
            }
            Kernels.biasActivation(out, rows: steps, columns: outChannels, bias: bias?.pointer, activation: activation)
        }
    }
}

/// The weight of a weight-normalised convolution (`torch.nn.utils.weight_norm(conv, dim=2)`):
/// `w[o, c, k] = g[k] · v[o, c, k] / ‖v[:, :, k]‖`, the norm taken over every dimension but the
/// kernel position (computed in double precision).
func weightNormed(magnitude g: Tensor, direction v: Tensor) -> Tensor {
    let out = v.shape[0], perGroup = v.shape[1], kernel = v.shape[2]
    var norms = [Double](repeating: 0, count: kernel)
    let source = v.pointer, magnitude = g.pointer
    for index in 0 ..< out * perGroup {
        for k in 0 ..< kernel {
            let value = Double(source[index * kernel + k])
            norms[k] += value * value
        }
    }
    return Tensor(shape: v.shape) { target, count in
        for i in 0 ..< count {
            let k = i % kernel
            target[i] = Float(Double(magnitude[k]) * Double(source[i]) / norms[k].squareRoot())
        }
    }
}

/// One convolution of a speech encoder's feature extractor (`feature_extractor.conv_layers.N`):
/// convolution, then an optional normalisation, then the activation.
struct FeatureConvLayer: Sendable {
    /// What follows the convolution.
    enum Normalization: Sendable {
        case none
        /// `nn.GroupNorm(num_groups = channels)`: each channel over time.
        case group(LayerNormWeights)
        /// `nn.LayerNorm(channels)`: each time step over channels.
        case layer(LayerNormWeights)
    }

    let conv: Conv1d
    let normalization: Normalization
    let activation: Kernels.Activation
    /// PyTorch's default epsilon for both norms (the config's `layer_norm_eps` does not apply here).
    static let epsilon: Float = 1e-5

    /// `[outputLength, channels]` for `length` time-major input rows.
    func callAsFunction(_ x: UnsafePointer<Float>, length: Int) -> Tensor {
        switch normalization {
        case .none:
            return conv(x, length: length, activation: activation)
        case let .group(norm):
            var y = conv(x, length: length)
            let rows = y.shape[0], columns = y.shape[1]
            let out = y.mutablePointer()
            AudioKernels.columnNorm(out, rows: rows, columns: columns, gamma: norm.weight.pointer,
                                    beta: norm.bias.pointer, epsilon: Self.epsilon)
            Kernels.biasActivation(out, rows: rows, columns: columns, bias: nil, activation: activation)
            return y
        case let .layer(norm):
            var y = conv(x, length: length)
            let rows = y.shape[0], columns = y.shape[1]
            let out = y.mutablePointer()
            Kernels.layerNorm(out, rows: rows, columns: columns, gamma: norm.weight.pointer, beta: norm.bias.pointer,
                              epsilon: Self.epsilon)
            Kernels.biasActivation(out, rows: rows, columns: columns, bias: nil, activation: activation)
            return y
        }
    }
}

/// The convolutional position embedding of Wav2Vec2 and HuBERT (`encoder.pos_conv_embed`): a grouped
/// convolution with `kernel / 2` padding (one trailing step dropped for an even kernel), then the
/// activation; HuBERT's `conv_pos_batch_norm` variant normalises its input with a batch norm first.
struct PositionalConvEmbedding: Sendable {
    let conv: Conv1d
    /// Eval-mode batch norm as a per-channel affine map, applied to the input.
    let batchNorm: (scale: Tensor, shift: Tensor)?
    let activation: Kernels.Activation

    /// Adds the embedding of each sequence to its rows of `x` (`hidden` floats per row), in place.
    func add(to x: UnsafeMutablePointer<Float>, sequences: [Range<Int>], hidden: Int) {
        for rows in sequences where !rows.isEmpty {
            let start = x + rows.lowerBound * hidden
            var input: Tensor?
            if let batchNorm {
                var copy = Tensor(copying: start, shape: [rows.count, hidden])
                AudioKernels.channelAffine(copy.mutablePointer(), rows: rows.count, columns: hidden,
                                           scale: batchNorm.scale.pointer, shift: batchNorm.shift.pointer)
                input = copy
            }
            // The output has rows.count (+1 for an even kernel) steps; the first rows.count are kept.
            let embedding = conv(input?.pointer ?? UnsafePointer(start), length: rows.count, activation: activation)
            Kernels.scaledAdd(start, embedding.pointer, scale: nil, rows: rows.count, columns: hidden)
        }
    }
}

extension PositionalConvEmbedding {
    /// Loads `<prefix>.conv` (weight-normalised as `parametrizations.weight.original0/1` or the legacy
    /// `weight_g`/`weight_v`, or a plain `weight` when `batchNorm` is set) and `<prefix>.batch_norm`.
    init(weights: WeightStore, prefix: String, hidden: Int, kernel: Int, groups: Int, batchNorm: Bool,
         activation: Kernels.Activation) throws {
        let shape = [hidden, hidden / groups, kernel]
        let weight: Tensor
        if batchNorm {
            weight = try weights.tensor("\(prefix).conv.weight", shape: shape)
            let gamma = try weights.tensor("\(prefix).batch_norm.weight", shape: [hidden])
            let beta = try weights.tensor("\(prefix).batch_norm.bias", shape: [hidden])
            let mean = try weights.tensor("\(prefix).batch_norm.running_mean", shape: [hidden])
            let variance = try weights.tensor("\(prefix).batch_norm.running_var", shape: [hidden])
            // BatchNorm1d in eval mode: (x − mean) / √(var + 1e-5) · γ + β = x · scale + shift.
            let scale = Tensor(shape: [hidden]) { out, _ in
                for c in 0 ..< hidden { out[c] = gamma.pointer[c] / (variance.pointer[c] + 1e-5).squareRoot() }
            }
            let shift = Tensor(shape: [hidden]) { out, _ in
                for c in 0 ..< hidden { out[c] = beta.pointer[c] - mean.pointer[c] * scale.pointer[c] }
            }
            self.batchNorm = (scale, shift)
        } else {
            let modern = "\(prefix).conv.parametrizations.weight.original"
            let (gName, vName) = weights.contains("\(modern)0")
                ? ("\(modern)0", "\(modern)1") : ("\(prefix).conv.weight_g", "\(prefix).conv.weight_v")
            weight = weightNormed(magnitude: try weights.tensor(gName, shape: [1, 1, kernel]),
                                  direction: try weights.tensor(vName, shape: shape))
            self.batchNorm = nil
        }
        conv = Conv1d(weight: weight, bias: try weights.tensor("\(prefix).conv.bias", shape: [hidden]),
                      padding: kernel / 2, groups: groups)
        self.activation = activation
    }
}
