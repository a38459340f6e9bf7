import Foundation
import Tensors

/// Pillow's separable 8-bit resampler (`ImagingResample` for 8-bit bands), re-implemented on
/// interleaved samples. Pillow 13 runs the horizontal pass first (over only the source rows the
/// vertical pass will read) unless the height shrinks by more than twice as many pixels as the
/// width does; then the vertical pass runs first. The order matters: each pass rounds to 8 bits.
/// Both passes run over rows in parallel.
enum Resampler {
    /// `source` (`width × height × channels`) resampled to `toWidth × toHeight`; not for `.nearest`.
    static func resample(_ source: [UInt8], width: Int, height: Int, channels: Int,
                         toWidth: Int, toHeight: Int, filter: ResamplingFilter) -> [UInt8] {
        let needsHorizontal = toWidth != width
        let needsVertical = toHeight != height
        guard needsHorizontal || needsVertical else { return source }
        let heightLoss = height - toHeight
        let horizontalFirst = !(heightLoss > 0 && heightLoss > (width - toWidth) * 2)
        let horizontal = needsHorizontal
            ? ResampleCoefficients(inputSize: width, outputSize: toWidth, filter: filter) : nil
        let vertical = needsVertical
            ? ResampleCoefficients(inputSize: height, outputSize: toHeight, filter: filter) : nil

        if let vertical, !horizontalFirst {
            let shrunk = verticalPass(source, width: width, channels: channels, coefficients: vertical, rowOffset: 0)
            guard let horizontal else { return shrunk }
            return horizontalPass(shrunk, width: width, channels: channels, rows: 0 ..< toHeight,
                                  coefficients: horizontal)
        }
        guard let horizontal else {
            guard let vertical else { return source }
            return verticalPass(source, width: width, channels: channels, coefficients: vertical, rowOffset: 0)
        }
        guard let vertical else {
            return horizontalPass(source, width: width, channels: channels, rows: 0 ..< height,
                                  coefficients: horizontal)
        }
        // Only the source rows the vertical pass reads need a horizontal pass.
        let firstRow = vertical.starts[0]
        let lastRow = vertical.starts[toHeight - 1] + vertical.counts[toHeight - 1]
        let temporary = horizontalPass(source, width: width, channels: channels, rows: firstRow ..< lastRow,
                                       coefficients: horizontal)
        return verticalPass(temporary, width: toWidth, channels: channels, coefficients: vertical,
                            rowOffset: firstRow)
    }

    @inline(__always)
    static func clip8(_ sum: Int32) -> UInt8 {
        let value = sum >> ResampleCoefficients.precisionBits
        return value <= 0 ? 0 : value >= 255 ? 255 : UInt8(truncatingIfNeeded: value)
    }

    static let roundingHalf: Int32 = 1 << (ResampleCoefficients.precisionBits - 1)

    private static func horizontalPass(_ source: [UInt8], width: Int, channels: Int, rows: Range<Int>,
                                       coefficients: ResampleCoefficients) -> [UInt8] {
        let outWidth = coefficients.starts.count
        var output = [UInt8](repeating: 0, count: rows.count * outWidth * channels)
        let cost = outWidth * coefficients.stride * channels
        source.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                coefficients.weights.withUnsafeBufferPointer { weights in
                    coefficients.starts.withUnsafeBufferPointer { starts in
                        coefficients.counts.withUnsafeBufferPointer { counts in
                            guard let inBase = input.baseAddress, let outBase = out.baseAddress,
                                  let kBase = weights.baseAddress, let sBase = starts.baseAddress,
                                  let cBase = counts.baseAddress else { return }
                            let row = HorizontalRow(outWidth: outWidth, stride: coefficients.stride,
                                                    weights: kBase, starts: sBase, counts: cBase)
                            ComputeThreads.parallelFor(rows.count, costPerItem: cost) { range in
                                for r in range {
                                    let line = inBase + (rows.lowerBound + r) * width * channels
                                    let target = outBase + r * outWidth * channels
                                    switch channels {
                                    case 1: row.run1(line, target)
                                    case 2: row.run2(line, target)
                                    case 3: row.run3(line, target)
                                    default: row.run4(line, target)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// Vertical pass: output row `y` sums source rows `starts[y] - rowOffset ..< + counts[y]`.
    private static func verticalPass(_ source: [UInt8], width: Int, channels: Int,
                                     coefficients: ResampleCoefficients, rowOffset: Int) -> [UInt8] {
        let outHeight = coefficients.starts.count
        let rowLength = width * channels
        var output = [UInt8](repeating: 0, count: outHeight * rowLength)
        let cost = rowLength * coefficients.stride
        source.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                coefficients.weights.withUnsafeBufferPointer { weights in
                    guard let inBase = input.baseAddress, let outBase = out.baseAddress,
                          let kBase = weights.baseAddress else { return }
                    ComputeThreads.parallelFor(outHeight, costPerItem: cost) { range in
                        let sums = UnsafeMutablePointer<Int32>.allocate(capacity: rowLength)
                        defer { sums.deallocate() }
                        for y in range {
                            sums.initialize(repeating: roundingHalf, count: rowLength)
                            let first = coefficients.starts[y] - rowOffset
                            let k = kBase + y * coefficients.stride
                            for j in 0 ..< coefficients.counts[y] {
                                let weight = k[j]
                                let line = inBase + (first + j) * rowLength
                                for i in 0 ..< rowLength {
                                    sums[i] &+= Int32(line[i]) &* weight
                                }
                            }
                            let target = outBase + y * rowLength
                            for i in 0 ..< rowLength { target[i] = clip8(sums[i]) }
                        }
                    }
                }
            }
        }
        return output
    }
}

/// One horizontal pass over a row, specialised by the number of interleaved channels.
private struct HorizontalRow {
    let outWidth: Int
    let stride: Int
    let weights: UnsafePointer<Int32>
    let starts: UnsafePointer<Int>
    let counts: UnsafePointer<Int>

    func run1(_ line: UnsafePointer<UInt8>, _ out: UnsafeMutablePointer<UInt8>) {
        for x in 0 ..< outWidth {
            let k = weights + x * stride
            let p = line + starts[x]
            var s0 = Resampler.roundingHalf
            for i in 0 ..< counts[x] { s0 &+= Int32(p[i]) &* k[i] }
            out[x] = Resampler.clip8(s0)
        }
    }

    func run2(_ line: UnsafePointer<UInt8>, _ out: UnsafeMutablePointer<UInt8>) {
        for x in 0 ..< outWidth {
            let k = weights + x * stride
            let p = line + starts[x] * 2
            var s0 = Resampler.roundingHalf, s1 = s0
            for i in 0 ..< counts[x] {
                let w = k[i]
                s0 &+= Int32(p[2 * i]) &* w
                s1 &+= Int32(p[2 * i + 1]) &* w
            }
            out[2 * x] = Resampler.clip8(s0)
            out[2 * x + 1] = Resampler.clip8(s1)
        }
    }

    func run3(_ line: UnsafePointer<UInt8>, _ out: UnsafeMutablePointer<UInt8>) {
        for x in 0 ..< outWidth {
            let k = weights + x * stride
            let p = line + starts[x] * 3
            var s0 = Resampler.roundingHalf, s1 = s0, s2 = s0
            for i in 0 ..< counts[x] {
                let w = k[i]
                s0 &+= Int32(p[3 * i]) &* w
                s1 &+= Int32(p[3 * i + 1]) &* w
                s2 &+= Int32(p[3 * i + 2]) &* w
            }
            out[3 * x] = Resampler.clip8(s0)
            out[3 * x + 1] = Resampler.clip8(s1)
            out[3 * x + 2] = Resampler.clip8(s2)
        }
    }

    func run4(_ line: UnsafePointer<UInt8>, _ out: UnsafeMutablePointer<UInt8>) {
        for x in 0 ..< outWidth {
            let k = weights + x * stride
            let p = line + starts[x] * 4
            var s0 = Resampler.roundingHalf, s1 = s0, s2 = s0, s3 = s0
            for i in 0 ..< counts[x] {
                let w = k[i]
                s0 &+= Int32(p[4 * i]) &* w
                s1 &+= Int32(p[4 * i + 1]) &* w
                s2 &+= Int32(p[4 * i + 2]) &* w
                s3 &+= Int32(p[4 * i + 3]) &* w
            }
            out[4 * x] = Resampler.clip8(s0)
            out[4 * x + 1] = Resampler.clip8(s1)
            out[4 * x + 2] = Resampler.clip8(s2)
            out[4 * x + 3] = Resampler.clip8(s3)
        }
    }
}
