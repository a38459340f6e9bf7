import Foundation

extension Audio {
    /// The clip at `rate` frames per second, each channel resampled with the band-limited polyphase filter
    /// of `scipy.signal.resample_poly(x, up, down)` (see ``PolyphaseResampler``): the same output length,
    /// `ceil(frames · up / down)`, and the same values to float32 rounding. Returns `self` when the rate is
    /// already `rate`.
    ///
    /// Speech models expect 16 kHz: `try audio.mono().resampled(to: 16_000)`.
    ///
    /// Throws ``MediaError/invalidResampleRate(from:to:reason:)`` when `rate` is not positive, when the
    /// reduced ratio needs a filter longer than ``PolyphaseResampler/maxFactor`` allows, or when the result
    /// would exceed ``maxSampleCount`` samples.
    public func resampled(to rate: Int) throws -> Audio {
        guard rate > 0 else {
            throw MediaError.invalidResampleRate(from: sampleRate, to: rate, reason: "the target rate must be positive")
        }
        if rate == sampleRate { return self }
        let divisor = Self.gcd(rate, sampleRate)
        let resampler = try PolyphaseResampler(up: rate / divisor, down: sampleRate / divisor,
                                               fromRate: sampleRate, toRate: rate)
        let outputFrames = resampler.outputCount(forInputCount: frameCount)
        guard outputFrames <= Self.maxSampleCount / channels else {
            throw MediaError.invalidResampleRate(from: sampleRate, to: rate,
                                                 reason: "\(outputFrames) frames × \(channels) channels exceed Audio.maxSampleCount")
        }
        var output = [Float](repeating: 0, count: outputFrames * channels)
        samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                resampler.resample(input, frames: frameCount, channels: channels, into: out)
            }
        }
        return try Audio(samples: output, sampleRate: rate, channels: channels)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (abs(a), abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}

/// Rational-ratio resampling by `up / down` exactly as `scipy.signal.resample_poly(x, up, down)` with its
/// defaults (`window=('kaiser', 5.0)`, `padtype='constant'`, zeros outside the signal).
///
/// Design (scipy's, re-derived):
/// * The anti-aliasing low-pass FIR is `firwin(2·L + 1, 1 / max(up, down), window=('kaiser', 5.0))` with
///   `L = 10 · max(up, down)`: a windowed sinc `f_c · sinc(f_c · (n − L))` (cutoff `f_c = 1 / max(up, down)` of
///   Nyquist) times a symmetric Kaiser window (β = 5, about 50 dB stop-band attenuation), scaled to unit DC gain,
///   rounded to float32 like scipy does for float32 input, then multiplied by `up` (the zero-stuffing gain).
/// * Conceptually the input is zero-stuffed by `up`, filtered and decimated by `down`, with scipy's delay
///   compensation; output `j` is therefore `y[j] = Σₖ x[k] · h[L + j·down − k·up]` over the taps in range. Only the
///   taps with `(L + j·down − k·up)` in `0…2L` touch real samples, so each output is a dot product of the
///   `⌈(2L + 1) / up⌉` taps of one polyphase branch `φ = (L + j·down) mod up` with consecutive input samples.
/// * The `up` branches are stored reversed and zero-extended to one length, so every output is one
///   fixed-length SIMD dot product (float32 products and sums, like scipy's `upfirdn` for float32 data).
/// * The output has `ceil(n · up / down)` samples.
///
/// Memory is `2L + 1` floats for the filter; `up` and `down` are reduced by their gcd first (48 kHz → 16 kHz is
/// 1/3 with 61 taps, 44.1 kHz → 16 kHz is 160/441 with 8,821 taps, 56 per output).
struct PolyphaseResampler: Sendable {
    /// The largest `max(up, down)` accepted after gcd reduction (a filter of 20 million taps).
    static let maxFactor = 1_000_000
    /// The Kaiser window's β in scipy's default `('kaiser', 5.0)`.
    static let kaiserBeta = 5.0

    let up: Int
    let down: Int
    /// `L`, half the filter length less one.
    let halfLength: Int
    /// Taps per polyphase branch (after zero extension).
    let tapsPerPhase: Int
    /// `up × tapsPerPhase` taps: branch φ holds `h[φ + (tapsPerPhase − 1 − i)·up]` at `i` (0 where out of range).
    private let branches: [Float]

    init(up: Int, down: Int, fromRate: Int, toRate: Int) throws {
        guard up >= 1, down >= 1 else {
            throw MediaError.invalidResampleRate(from: fromRate, to: toRate, reason: "up and down must be at least 1")
        }
        let factor = max(up, down)
        guard factor <= Self.maxFactor else {
            throw MediaError.invalidResampleRate(
                from: fromRate, to: toRate,
                reason: "the reduced ratio \(up)/\(down) would need a filter of \(20 * factor + 1) taps;"
                    + " resample through an intermediate rate with a simpler ratio")
        }
        self.up = up
        self.down = down
        halfLength = 10 * factor
        let taps = Self.lowPass(halfLength: halfLength, cutoff: 1.0 / Double(factor), gain: Float(up))
        let perPhase = (2 * halfLength + 1 + up - 1) / up
        tapsPerPhase = perPhase
        var branches = [Float](repeating: 0, count: up * perPhase)
        for phase in 0 ..< up {
            for i in 0 ..< perPhase {
                let index = phase + (perPhase - 1 - i) * up
                if index < taps.count { branches[phase * perPhase + i] = taps[index] }
            }
        }
        self.branches = branches
    }

    /// `ceil(count · up / down)`.
    func outputCount(forInputCount count: Int) -> Int {
        let total = count * up
        return total / down + (total % down == 0 ? 0 : 1)
    }

    /// Resamples interleaved `input` (`frames × channels`) into `output` (`outputCount(frames) × channels`).
    func resample(_ input: UnsafeBufferPointer<Float>, frames: Int, channels: Int, into output: UnsafeMutableBufferPointer<Float>) {
        let outputFrames = outputCount(forInputCount: frames)
        guard outputFrames > 0 else { return }
        // One channel at a time, contiguous and zero-padded so that every dot product stays in range.
        let front = tapsPerPhase
        let back = halfLength / up + 2
        var padded = [Float](repeating: 0, count: front + frames + back)
        padded.withUnsafeMutableBufferPointer { buffer in
            guard let signal = buffer.baseAddress else { return }
            branches.withUnsafeBufferPointer { branchBuffer in
                guard let taps = branchBuffer.baseAddress else { return }
                for channel in 0 ..< channels {
                    for k in 0 ..< frames { signal[front + k] = input[k * channels + channel] }
                    for j in 0 ..< outputFrames {
                        let t = j * down + halfLength
                        let phase = t % up
                        let last = t / up   // the newest input sample the branch reaches
                        let start = front + last - tapsPerPhase + 1
                        output[j * channels + channel] = Self.dot(taps + phase * tapsPerPhase, signal + start, tapsPerPhase)
                    }
                }
            }
        }
    }

    /// The float32 dot product of `count` values, eight lanes at a time.
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        while i + 8 <= count {
            let x = rawA.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let y = rawB.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            lanes = lanes.addingProduct(x, y)
            i += 8
        }
        var sum = lanes.sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// scipy's `firwin(2L + 1, cutoff, window=('kaiser', 5.0))` (unit DC gain) in double precision, rounded
    /// to float32 and multiplied by `gain` in float32, as `resample_poly` does for float32 data.
    static func lowPass(halfLength: Int, cutoff: Double, gain: Float) -> [Float] {
        let count = 2 * halfLength + 1
        let alpha = Double(halfLength)
        let i0Beta = besselI0(kaiserBeta)
        func tap(_ n: Int) -> Double {
            let m = Double(n) - alpha
            let x = cutoff * m
            let sinc = x == 0 ? 1.0 : sin(Double.pi * x) / (Double.pi * x)
            let r = alpha == 0 ? 0 : (Double(n) - alpha) / alpha
            let window = besselI0(kaiserBeta * (max(0, 1 - r * r)).squareRoot()) / i0Beta
            return cutoff * sinc * window
        }
        // Two passes (sum, then scale) so that no double-precision copy of a long filter is kept.
        var sum = 0.0
        for n in 0 ..< count { sum += tap(n) }
        return (0 ..< count).map { Float(tap($0) / sum) * gain }
    }

    /// The modified Bessel function of the first kind, order 0, by its power series (converges to double
    /// precision within 30 terms for the arguments used here, 0…5).
    static func besselI0(_ x: Double) -> Double {
        let quarterSquare = x * x / 4
        var term = 1.0, sum = 1.0
        var k = 1.0
        while term > sum * 1e-17 {
            term *= quarterSquare / (k * k)
            sum += term
            k += 1
        }
        return sum
    }
}
