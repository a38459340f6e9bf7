import Foundation
import Tensors

/// Turns `[n, channels, height, width]` pixels into patch rows and adds class and
/// position embeddings, as the ViT family's `Conv2d(stride = patch)` embedding does.
struct PatchEmbedding: Sendable {
    /// Convolution weights flattened to a linear layer over `[channels·patch·patch]` inputs.
    let projection: Linear
    let patchSize: Int
    let channels: Int

    /// `weight` is the convolution's `[hidden, channels, patch, patch]`.
    init(weight: Tensor, bias: Tensor?, patchSize: Int) throws {
        let hidden = weight.shape[0], channels = weight.shape[1]
        projection = Linear(weight: try weight.reshaped([hidden, channels * patchSize * patchSize]), bias: bias)
        self.patchSize = patchSize
        self.channels = channels
    }

    /// Patch grid `(rows, columns)` for an image of `height × width` (the remainder is dropped, as a strided convolution does).
    func grid(height: Int, width: Int) -> (Int, Int) {
        (height / patchSize, width / patchSize)
    }

    /// `[n · patches, hidden]` patch embeddings, row-major over the grid.
    func callAsFunction(_ pixels: Tensor) -> Tensor {
        let n = pixels.shape[0], height = pixels.shape[2], width = pixels.shape[3]
        let (gridRows, gridColumns) = grid(height: height, width: width)
        let p = patchSize, c = channels
        let patchLength = c * p * p
        let patches = n * gridRows * gridColumns
        let columns = Tensor(shape: [patches, patchLength]) { out, _ in
            let source = pixels.pointer
            for image in 0 ..< n {
                for gy in 0 ..< gridRows {
                    for gx in 0 ..< gridColumns {
                        let row = out + ((image * gridRows + gy) * gridColumns + gx) * patchLength
                        for channel in 0 ..< c {
                            for ky in 0 ..< p {
                                let line = source + ((image * c + channel) * height + gy * p + ky) * width + gx * p
                                (row + (channel * p + ky) * p).update(from: line, count: p)
                            }
                        }
                    }
                }
            }
        }
        return projection(columns)
    }
}

/// Checks a pixel batch is `[n, channels, height, width]` with at least one patch.
func validatePixels(_ pixels: Tensor, channels: Int, patchSize: Int, model: String) throws {
    guard pixels.rank == 4, pixels.shape[1] == channels else {
        throw EncoderError.invalidInput(model: model, reason: "pixel values must be [batch, \(channels), height, width], got \(pixels.shape)")
    }
    guard pixels.shape[2] >= patchSize, pixels.shape[3] >= patchSize else {
        throw EncoderError.invalidInput(model: model, reason: "an image of \(pixels.shape[3])×\(pixels.shape[2]) is smaller than one \(patchSize)×\(patchSize) patch")
    }
}

/// Position embeddings `[1 + side², dim]` resized to a `rows × columns` patch grid by
/// bicubic interpolation exactly as `torch.nn.functional.interpolate(mode="bicubic",
/// align_corners=False)` computes it (A = −0.75, clamped borders); the class position is kept.
func interpolatedPositions(_ table: Tensor, rows: Int, columns: Int) -> Tensor {
    let dim = table.shape[1]
    let side = Int(Double(table.shape[0] - 1).squareRoot())
    let source = table.pointer + dim   // patch positions, [side, side, dim]
    func coefficients(_ output: Int, _ input: Int) -> [(index: [Int], weight: [Float])] {
        let scale = Float(input) / Float(output)
        return (0 ..< output).map { o in
            let real = scale * (Float(o) + 0.5) - 0.5
            let base = Int(real.rounded(.down))
            let t = Swift.min(Swift.max(real - Float(base), 0), 1)
            let a: Float = -0.75
            func near(_ x: Float) -> Float { ((a + 2) * x - (a + 3)) * x * x + 1 }
            func far(_ x: Float) -> Float { ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
            let weights = [far(t + 1), near(t), near(1 - t), far((1 - t) + 1)]
            let indices = (-1 ... 2).map { Swift.min(Swift.max(base + $0, 0), input - 1) }
            return (indices, weights)
        }
    }
    let ys = coefficients(rows, side), xs = coefficients(columns, side)
    return Tensor(shape: [1 + rows * columns, dim]) { out, _ in
        out.update(from: table.pointer, count: dim)
        var across = [Float](repeating: 0, count: 4 * dim)
        for (r, y) in ys.enumerated() {
            for (c, x) in xs.enumerated() {
                // Interpolate along x in each of the four source rows, then along y.
                for k in 0 ..< 4 {
                    for d in 0 ..< dim {
                        var value: Float = 0
                        for j in 0 ..< 4 { value += source[(y.index[k] * side + x.index[j]) * dim + d] * x.weight[j] }
                        across[k * dim + d] = value
                    }
                }
                let target = out + (1 + r * columns + c) * dim
                for d in 0 ..< dim {
                    var value: Float = 0
                    for k in 0 ..< 4 { value += across[k * dim + d] * y.weight[k] }
                    target[d] = value
                }
            }
        }
    }
}

/// Packs `n` images of `tokens` rows each: one attention segment per image.
func imageSegments(images: Int, tokens: Int) -> [AttentionSegment] {
    (0 ..< images).map { AttentionSegment(start: $0 * tokens, length: tokens) }
}

/// An architecture that turns pixels into token vectors.
public protocol ImageEncoder: PretrainedEncoder {
    /// Width of the token vectors.
    var hiddenSize: Int { get }
    /// Runs the encoder on `[n, channels, height, width]` pixel values.
    func encode(pixelValues: Tensor, outputHiddenStates: Bool) throws -> ModelOutput
}
