import Foundation
import Tensors

extension Resampler {
    /// Pillow's nearest-neighbour resize (`ImagingScaleAffine`): the source coordinate of output
    /// column `x` is `scale / 2 + x · scale`, accumulated by repeated double-precision addition
    /// exactly as Pillow does, then truncated. Positions that fall outside the source stay 0.
    static func nearest(_ source: [UInt8], width: Int, height: Int, channels: Int,
                        toWidth: Int, toHeight: Int) -> [UInt8] {
        let columns = sourceIndices(inputSize: width, outputSize: toWidth)
        let rows = sourceIndices(inputSize: height, outputSize: toHeight)
        var output = [UInt8](repeating: 0, count: toWidth * toHeight * channels)
        source.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                guard let inBase = input.baseAddress, let outBase = out.baseAddress else { return }
                ComputeThreads.parallelFor(toHeight, costPerItem: toWidth * channels) { range in
                    for y in range {
                        let sourceRow = rows[y]
                        guard sourceRow >= 0 else { continue }
                        let line = inBase + sourceRow * width * channels
                        let target = outBase + y * toWidth * channels
                        for x in 0 ..< toWidth {
                            let column = columns[x]
                            guard column >= 0 else { continue }
                            for c in 0 ..< channels { target[x * channels + c] = line[column * channels + c] }
                        }
                    }
                }
            }
        }
        return output
    }

    /// Source index per output index, or -1 where Pillow's position falls outside the source.
    private static func sourceIndices(inputSize: Int, outputSize: Int) -> [Int] {
        let step = Double(Float(inputSize)) / Double(outputSize)
        var position = step * 0.5
        var indices = [Int](repeating: -1, count: outputSize)
        for i in 0 ..< outputSize {
            // Pillow's COORD: -1 below zero, else truncation.
            let index = position < 0 ? -1 : Int(position)
            if index >= 0 && index < inputSize { indices[i] = index }
            position += step
        }
        return indices
    }
}

/// Pillow's conversions between straight and premultiplied alpha (`RGBA`↔`RGBa`, `LA`↔`La`),
/// which `Image.resize` wraps around every filter but nearest.
enum AlphaPremultiplication {
    /// Colour samples × alpha / 255, rounded as Pillow's `MULDIV255`; alpha is the last channel.
    static func premultiplied(_ pixels: [UInt8], channels: Int) -> [UInt8] {
        var output = pixels
        output.withUnsafeMutableBufferPointer { buffer in
            var p = 0
            while p < buffer.count {
                let alpha = UInt32(buffer[p + channels - 1])
                for c in 0 ..< channels - 1 {
                    let t = UInt32(buffer[p + c]) * alpha + 128
                    buffer[p + c] = UInt8(truncatingIfNeeded: ((t >> 8) + t) >> 8)
                }
                p += channels
            }
        }
        return output
    }

    /// Back to straight alpha: colour × 255 / alpha (integer division, clipped at 255), with colour
    /// kept as is where alpha is 0 or 255.
    static func unpremultiply(_ pixels: inout [UInt8], channels: Int) {
        pixels.withUnsafeMutableBufferPointer { buffer in
            var p = 0
            while p < buffer.count {
                let alpha = Int(buffer[p + channels - 1])
                if alpha != 0 && alpha != 255 {
                    for c in 0 ..< channels - 1 {
                        buffer[p + c] = UInt8(Swift.min(255, 255 * Int(buffer[p + c]) / alpha))
                    }
                }
                p += channels
            }
        }
    }
}
