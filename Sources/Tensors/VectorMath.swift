/// Vectorised elementary functions on 16 lanes, accurate to a few ulp in the
/// ranges transformer activations use. Pure Swift SIMD so the optimiser can map
/// them onto the CPU's vector units.
package typealias Vec = SIMD16<Float>

package enum VectorMath {
    /// e^x. Below -87.3 the result is 0; above 88.7 it saturates near FLT_MAX.
    @inline(__always)
    package static func exp(_ input: Vec) -> Vec {
        let x = input.clamped(lowerBound: Vec(repeating: -87.3), upperBound: Vec(repeating: 88.7))
        // n = round(x / ln 2) via the 1.5·2^23 trick; r = x − n·ln 2 in two parts.
        let shifter = Vec(repeating: 12_582_912)
        let shifted = x * 1.442_695_04 + shifter
        let n = shifted - shifter
        var r = x - n * 0.693_145_75
        r = r - n * 1.428_606_8e-6
        // e^r on [-ln2/2, ln2/2]: degree-6 Taylor/minimax polynomial.
        var p = Vec(repeating: 1.0 / 720)
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // Scale by 2^n by building the float's exponent bits.
        // The low mantissa bits of `shifted` hold n + 0x400000 (as 0x4B400000 + n).
        let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
        let bits = (integer &+ 127) &<< 23
        let result = p * unsafeBitCast(bits, to: Vec.self)
        return result.replacing(with: 0, where: input .< -87.3)
    }

    /// |x| by clearing the sign bits.
    @inline(__always)
    package static func magnitude(_ x: Vec) -> Vec {
        unsafeBitCast(unsafeBitCast(x, to: SIMD16<UInt32>.self) & 0x7FFF_FFFF, to: Vec.self)
    }

    /// erf(x), Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7).
    @inline(__always)
    package static func erf(_ x: Vec) -> Vec {
        let a = magnitude(x)
        let t = 1 / (a * 0.327_591_1 + 1)
        var y = Vec(repeating: 1.061_405_429)
        y = y * t - 1.453_152_027
        y = y * t + 1.421_413_741
        y = y * t - 0.284_496_736
        y = y * t + 0.254_829_592
        y = y * t
        let magnitude = 1 - y * Self.exp(-(a * a))
        return magnitude.replacing(with: -magnitude, where: x .< 0)
    }

    /// tanh(x) = 1 − 2 / (e^{2x} + 1), with odd symmetry for accuracy near 0.
    @inline(__always)
    package static func tanh(_ x: Vec) -> Vec {
        let a = magnitude(x)
        let e = exp(a * 2)
        var magnitude = 1 - 2 / (e + 1)
        // Near zero use the series x − x³/3 + 2x⁵/15 to avoid cancellation.
        let a2 = a * a
        let series = a * (1 - a2 * (1.0 / 3 - a2 * (2.0 / 15)))
        magnitude.replace(with: series, where: a .< 0.0625)
        return magnitude.replacing(with: -magnitude, where: x .< 0)
    }

    /// Logistic sigmoid 1 / (1 + e^{-x}).
    @inline(__always)
    package static func sigmoid(_ x: Vec) -> Vec {
        1 / (1 + exp(-x))
    }

    /// Applies `f` to `count` floats at `data`, 16 at a time (the tail is padded).
    @inline(__always)
    package static func map(_ data: UnsafeMutablePointer<Float>, count: Int, _ f: (Vec) -> Vec) {
        var i = 0
        while i + 16 <= count {
            let raw = UnsafeMutableRawPointer(data + i)
            raw.storeBytes(of: f(raw.loadUnaligned(as: Vec.self)), as: Vec.self)
            i += 16
        }
        if i < count {
            var tail = Vec(repeating: 0)
            for lane in 0 ..< count - i { tail[lane] = data[i + lane] }
            let result = f(tail)
            for lane in 0 ..< count - i { data[i + lane] = result[lane] }
        }
    }
}
