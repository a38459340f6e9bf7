import Foundation

extension ResamplingFilter {
    /// Half-width of the kernel in source pixels at scale 1 (Pillow's `support`).
    var support: Double {
        switch self {
        case .nearest, .box: return 0.5
        case .bilinear, .hamming: return 1
        case .bicubic: return 2
        case .lanczos: return 3
        case .mks2013: return 2.5
        case .mks2021: return 4.5
        }
    }

    /// The kernel value at `x`, evaluated in double precision with Pillow's formulas and
    /// constants (Hamming's 0.54/0.46 are single-precision literals there, so they are here too).
    func weight(_ x: Double) -> Double {
        switch self {
        case .nearest, .box:
            return x > -0.5 && x <= 0.5 ? 1 : 0
        case .bilinear:
            let t = abs(x)
            return t < 1 ? 1 - t : 0
        case .hamming:
            var t = abs(x)
            if t == 0 { return 1 }
            if t >= 1 { return 0 }
            t *= Double.pi
            return sin(t) / t * (Double(Float(0.54)) + Double(Float(0.46)) * cos(t))
        case .bicubic:
            let a = -0.5
            let t = abs(x)
            if t < 1 { return ((a + 2) * t - (a + 3)) * t * t + 1 }
            if t < 2 { return (((t - 5) * t + 8) * t - 4) * a }
            return 0
        case .lanczos:
            guard -3 <= x && x < 3 else { return 0 }
            return Self.sinc(x) * Self.sinc(x / 3)
        case .mks2013:
            let t = abs(x)
            if t < 0.5 { return 17.0 / 16.0 - 7.0 / 4.0 * pow(t, 2) }
            if t < 1.5 { return (1.0 - t) * (7.0 / 4.0 - t) }
            if t < 2.5 { return -1.0 / 8.0 * pow(t - 5.0 / 2.0, 2) }
            return 0
        case .mks2021:
            let t = abs(x)
            if t < 0.5 { return 577.0 / 576.0 - 239.0 / 144.0 * pow(t, 2) }
            if t < 1.5 { return 35.0 / 36.0 * (t - 1.0) * (t - 239.0 / 140.0) }
            if t < 2.5 { return 1.0 / 6.0 * (t - 2.0) * (65.0 / 24.0 - t) }
            if t < 3.5 { return 1.0 / 36.0 * (t - 3.0) * (t - 15.0 / 4.0) }
            if t < 4.5 { return -1.0 / 288.0 * pow(t - 9.0 / 2.0, 2) }
            return 0
        }
    }

    private static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let t = x * Double.pi
        return sin(t) / t
    }
}

/// Fixed-point weights for one resampling pass: for each output position, the first source index,
/// how many source samples contribute, and `stride` weights (only the first `counts[i]` are used).
struct ResampleCoefficients: Sendable {
    /// Fractional bits of the weights (Pillow's `PRECISION_BITS`: 32 − 8 − 2).
    static let precisionBits: Int32 = 22

    let stride: Int
    let starts: [Int]
    let counts: [Int]
    let weights: [Int32]

    /// Pillow's `precompute_coeffs` for the whole source range `0..<inputSize`, followed by its
    /// 8-bit normalisation (each double weight × 2²², rounded half away from zero, truncated to int).
    init(inputSize: Int, outputSize: Int, filter: ResamplingFilter) {
        // Pillow passes the box edges as single-precision floats; whole sizes are exact in Float.
        let scale = Double(Float(inputSize)) / Double(outputSize)
        let filterScale = Swift.max(scale, 1)
        let support = filter.support * filterScale
        let stride = Int(support.rounded(.up)) * 2 + 1
        let inverseScale = 1 / filterScale
        var starts = [Int](repeating: 0, count: outputSize)
        var counts = [Int](repeating: 0, count: outputSize)
        var weights = [Int32](repeating: 0, count: outputSize * stride)
        var kernel = [Double](repeating: 0, count: stride)
        let unit = Double(1 << Self.precisionBits)
        for out in 0 ..< outputSize {
            let center = (Double(out) + 0.5) * scale
            // C's (int) cast truncates toward zero.
            let first = Swift.max(Int(center - support + 0.5), 0)
            let last = Swift.min(Int(center + support + 0.5), inputSize)
            let count = Swift.max(last - first, 0)
            var total = 0.0
            for i in 0 ..< count {
                let w = filter.weight((Double(i + first) - center + 0.5) * inverseScale)
                kernel[i] = w
                total += w
            }
            if total != 0 {
                for i in 0 ..< count { kernel[i] /= total }
            }
            for i in 0 ..< count {
                let k = kernel[i]
                let scaled = k < 0 ? -0.5 + k * unit : 0.5 + k * unit
                // C's (int) cast truncates; the clamp only guards against degenerate kernels.
                weights[out * stride + i] = Int32(Swift.min(Swift.max(scaled, -2_147_483_648), 2_147_483_647))
            }
            starts[out] = first
            counts[out] = count
        }
        self.stride = stride
        self.starts = starts
        self.counts = counts
        self.weights = weights
    }
}
