import Foundation

/// A complex discrete Fourier transform of one length, `X[k] = Σₙ x[n]·e^(−2πi·kn/N)`, in double precision.
///
/// Stockham autosort, decimation in frequency: one pass per factor of `N`, with dedicated butterflies for
/// radix 4, 2, 3 and 5 and a direct `p`-point DFT for any other prime factor (so any length works; a large prime
/// factor `p` costs `O(N·p)`). Every twiddle factor is precomputed; a transform allocates nothing.
struct ComplexFFT: Sendable {
    /// One pass: radix `p` over sub-transforms of length `n = m·p`, `stride` interleaved.
    private struct Pass: Sendable {
        let radix: Int
        let m: Int
        let stride: Int
        /// `w^(j·r)` for `j` in `0..<m`, `r` in `1..<radix`, with `w = e^(−2πi/n)`, at `j·(radix − 1) + r − 1`.
        let twiddleReal: [Double]
        let twiddleImaginary: [Double]
        /// `e^(−2πi·t/radix)` for `t` in `0..<radix` (generic radix only).
        let rootReal: [Double]
        let rootImaginary: [Double]
    }

    let count: Int
    private let passes: [Pass]

    init(count: Int) {
        self.count = count
        var factors: [Int] = []
        var rest = count
        for radix in [4, 2, 3, 5] {
            while rest > 1, rest % radix == 0 {
                factors.append(radix)
                rest /= radix
            }
        }
        var prime = 7
        while rest > 1 {
            while rest % prime == 0 {
                factors.append(prime)
                rest /= prime
            }
            prime += 2
        }
        var passes: [Pass] = []
        var n = count, stride = 1
        for radix in factors {
            let m = n / radix
            var twiddleReal = [Double](repeating: 1, count: m * (radix - 1))
            var twiddleImaginary = [Double](repeating: 0, count: m * (radix - 1))
            for j in 0 ..< m {
                for r in 1 ..< radix {
                    let angle = -2 * Double.pi * Double((j * r) % n) / Double(n)
                    twiddleReal[j * (radix - 1) + r - 1] = cos(angle)
                    twiddleImaginary[j * (radix - 1) + r - 1] = sin(angle)
                }
            }
            let generic = ![2, 3, 4, 5].contains(radix)
            let roots = generic ? (0 ..< radix).map { -2 * Double.pi * Double($0) / Double(radix) } : []
            passes.append(Pass(radix: radix, m: m, stride: stride, twiddleReal: twiddleReal,
                               twiddleImaginary: twiddleImaginary, rootReal: roots.map(cos),
                               rootImaginary: roots.map(sin)))
            n = m
            stride *= radix
        }
        self.passes = passes
    }

    /// Transforms `real`/`imaginary` (`count` values each) in place; `workReal`/`workImaginary` are scratch
    /// of the same size.
    func transform(real: UnsafeMutablePointer<Double>, imaginary: UnsafeMutablePointer<Double>,
                   workReal: UnsafeMutablePointer<Double>, workImaginary: UnsafeMutablePointer<Double>) {
        var source = (real, imaginary), target = (workReal, workImaginary)
        for pass in passes {
            run(pass, source.0, source.1, target.0, target.1)
            swap(&source, &target)
        }
        if source.0 != real {
            real.update(from: source.0, count: count)
            imaginary.update(from: source.1, count: count)
        }
    }

    /// `y[s·(p·j + r) + k] = (Σ_q x[s·(j + q·m) + k] · e^(−2πi·qr/p)) · w^(j·r)`.
    private func run(_ pass: Pass, _ xr: UnsafeMutablePointer<Double>, _ xi: UnsafeMutablePointer<Double>,
                     _ yr: UnsafeMutablePointer<Double>, _ yi: UnsafeMutablePointer<Double>) {
        let p = pass.radix, m = pass.m, s = pass.stride
        pass.twiddleReal.withUnsafeBufferPointer { twr in
            pass.twiddleImaginary.withUnsafeBufferPointer { twi in
                for j in 0 ..< m {
                    let tw = j * (p - 1)
                    switch p {
                    case 2:
                        let (w1r, w1i) = (twr[tw], twi[tw])
                        for k in 0 ..< s {
                            let a = s * j + k, b = a + s * m
                            let (sr, si) = (xr[a] + xr[b], xi[a] + xi[b])
                            let (dr, di) = (xr[a] - xr[b], xi[a] - xi[b])
                            let o = s * 2 * j + k
                            yr[o] = sr; yi[o] = si
                            yr[o + s] = dr * w1r - di * w1i; yi[o + s] = dr * w1i + di * w1r
                        }
                    case 4:
                        let (w1r, w1i, w2r, w2i, w3r, w3i) = (twr[tw], twi[tw], twr[tw + 1], twi[tw + 1], twr[tw + 2], twi[tw + 2])
                        for k in 0 ..< s {
                            let i0 = s * j + k, i1 = i0 + s * m, i2 = i1 + s * m, i3 = i2 + s * m
                            let (s02r, s02i) = (xr[i0] + xr[i2], xi[i0] + xi[i2])
                            let (d02r, d02i) = (xr[i0] - xr[i2], xi[i0] - xi[i2])
                            let (s13r, s13i) = (xr[i1] + xr[i3], xi[i1] + xi[i3])
                            let (d13r, d13i) = (xr[i1] - xr[i3], xi[i1] - xi[i3])
                            // y1 = d02 − i·d13, y3 = d02 + i·d13; −i·(a + ib) = b − ia.
                            let (y1r, y1i) = (d02r + d13i, d02i - d13r)
                            let (y2r, y2i) = (s02r - s13r, s02i - s13i)
                            let (y3r, y3i) = (d02r - d13i, d02i + d13r)
                            let o = s * 4 * j + k
                            yr[o] = s02r + s13r; yi[o] = s02i + s13i
                            yr[o + s] = y1r * w1r - y1i * w1i; yi[o + s] = y1r * w1i + y1i * w1r
                            yr[o + 2 * s] = y2r * w2r - y2i * w2i; yi[o + 2 * s] = y2r * w2i + y2i * w2r
                            yr[o + 3 * s] = y3r * w3r - y3i * w3i; yi[o + 3 * s] = y3r * w3i + y3i * w3r
                        }
                    case 3:
                        let c = -0.5, sn = 0.866_025_403_784_438_6   // cos and −sin of 2π/3
                        let (w1r, w1i, w2r, w2i) = (twr[tw], twi[tw], twr[tw + 1], twi[tw + 1])
                        for k in 0 ..< s {
                            let i0 = s * j + k, i1 = i0 + s * m, i2 = i1 + s * m
                            let (tr, ti) = (xr[i1] + xr[i2], xi[i1] + xi[i2])
                            let (dr, di) = (xr[i1] - xr[i2], xi[i1] - xi[i2])
                            let (hr, hi) = (xr[i0] + c * tr, xi[i0] + c * ti)
                            let (y1r, y1i) = (hr + sn * di, hi - sn * dr)
                            let (y2r, y2i) = (hr - sn * di, hi + sn * dr)
                            let o = s * 3 * j + k
                            yr[o] = xr[i0] + tr; yi[o] = xi[i0] + ti
                            yr[o + s] = y1r * w1r - y1i * w1i; yi[o + s] = y1r * w1i + y1i * w1r
                            yr[o + 2 * s] = y2r * w2r - y2i * w2i; yi[o + 2 * s] = y2r * w2i + y2i * w2r
                        }
                    case 5:
                        let c1 = 0.309_016_994_374_947_45, c2 = -0.809_016_994_374_947_5
                        let s1 = 0.951_056_516_295_153_5, s2 = 0.587_785_252_292_473_1
                        let w = (twr[tw], twi[tw], twr[tw + 1], twi[tw + 1], twr[tw + 2], twi[tw + 2], twr[tw + 3], twi[tw + 3])
                        for k in 0 ..< s {
                            let i0 = s * j + k, i1 = i0 + s * m, i2 = i1 + s * m, i3 = i2 + s * m, i4 = i3 + s * m
                            let (b1r, b1i) = (xr[i1] + xr[i4], xi[i1] + xi[i4])
                            let (b2r, b2i) = (xr[i2] + xr[i3], xi[i2] + xi[i3])
                            let (d1r, d1i) = (xr[i1] - xr[i4], xi[i1] - xi[i4])
                            let (d2r, d2i) = (xr[i2] - xr[i3], xi[i2] - xi[i3])
                            let (t1r, t1i) = (xr[i0] + c1 * b1r + c2 * b2r, xi[i0] + c1 * b1i + c2 * b2i)
                            let (t2r, t2i) = (xr[i0] + c2 * b1r + c1 * b2r, xi[i0] + c2 * b1i + c1 * b2i)
                            let (u1r, u1i) = (s1 * d1r + s2 * d2r, s1 * d1i + s2 * d2i)
                            let (u2r, u2i) = (s2 * d1r - s1 * d2r, s2 * d1i - s1 * d2i)
                            // y1 = t1 − i·u1, y4 = t1 + i·u1, y2 = t2 − i·u2, y3 = t2 + i·u2.
                            let (y1r, y1i) = (t1r + u1i, t1i - u1r)
                            let (y4r, y4i) = (t1r - u1i, t1i + u1r)
                            let (y2r, y2i) = (t2r + u2i, t2i - u2r)
                            let (y3r, y3i) = (t2r - u2i, t2i + u2r)
                            let o = s * 5 * j + k
                            yr[o] = xr[i0] + b1r + b2r; yi[o] = xi[i0] + b1i + b2i
                            yr[o + s] = y1r * w.0 - y1i * w.1; yi[o + s] = y1r * w.1 + y1i * w.0
                            yr[o + 2 * s] = y2r * w.2 - y2i * w.3; yi[o + 2 * s] = y2r * w.3 + y2i * w.2
                            yr[o + 3 * s] = y3r * w.4 - y3i * w.5; yi[o + 3 * s] = y3r * w.5 + y3i * w.4
                            yr[o + 4 * s] = y4r * w.6 - y4i * w.7; yi[o + 4 * s] = y4r * w.7 + y4i * w.6
                        }
                    default:
                        genericButterflies(pass, j: j, xr, xi, yr, yi, twr, twi)
                    }
                }
            }
        }
    }

    /// A direct `p`-point DFT per butterfly, for prime radices above 5.
    private func genericButterflies(_ pass: Pass, j: Int, _ xr: UnsafeMutablePointer<Double>,
                                    _ xi: UnsafeMutablePointer<Double>, _ yr: UnsafeMutablePointer<Double>,
                                    _ yi: UnsafeMutablePointer<Double>, _ twr: UnsafeBufferPointer<Double>,
                                    _ twi: UnsafeBufferPointer<Double>) {
        let p = pass.radix, m = pass.m, s = pass.stride
        let tw = j * (p - 1)
        pass.rootReal.withUnsafeBufferPointer { rr in
            pass.rootImaginary.withUnsafeBufferPointer { ri in
                for k in 0 ..< s {
                    let o = s * p * j + k
                    for r in 0 ..< p {
                        var sumR = 0.0, sumI = 0.0
                        for q in 0 ..< p {
                            let x = s * (j + q * m) + k
                            let t = (q * r) % p
                            sumR += xr[x] * rr[t] - xi[x] * ri[t]
                            sumI += xr[x] * ri[t] + xi[x] * rr[t]
                        }
                        if r == 0 {
                            yr[o] = sumR; yi[o] = sumI
                        } else {
                            let (wr, wi) = (twr[tw + r - 1], twi[tw + r - 1])
                            yr[o + r * s] = sumR * wr - sumI * wi
                            yi[o + r * s] = sumR * wi + sumI * wr
                        }
                    }
                }
            }
        }
    }
}

/// The one-sided DFT of a real signal of length `N`: bins `0…N/2`, in double precision.
///
/// An even length is computed as one complex transform of length `N/2` over the even/odd sample pairs,
/// split afterwards (`X[k] = E[k] + e^(−2πik/N)·O[k]`); an odd length as a complex transform of length `N`.
struct RealFFT: Sendable {
    let count: Int
    var binCount: Int { count / 2 + 1 }
    private let complex: ComplexFFT
    /// `e^(−2πik/N)` for `k` in `0…N/2` (even lengths).
    private let splitReal: [Double]
    private let splitImaginary: [Double]

    init(count: Int) {
        self.count = count
        if count % 2 == 0 {
            complex = ComplexFFT(count: count / 2)
            let angles = (0 ... count / 2).map { -2 * Double.pi * Double($0) / Double(count) }
            splitReal = angles.map(cos)
            splitImaginary = angles.map(sin)
        } else {
            complex = ComplexFFT(count: count)
            splitReal = []
            splitImaginary = []
        }
    }

    /// Scratch memory for one transform; reuse it across frames (one per thread).
    final class Workspace {
        let real: UnsafeMutablePointer<Double>
        let imaginary: UnsafeMutablePointer<Double>
        let workReal: UnsafeMutablePointer<Double>
        let workImaginary: UnsafeMutablePointer<Double>
        private let size: Int

        init(count: Int) {
            size = max(count, 1)
            real = .allocate(capacity: size)
            imaginary = .allocate(capacity: size)
            workReal = .allocate(capacity: size)
            workImaginary = .allocate(capacity: size)
        }

        deinit {
            real.deallocate()
            imaginary.deallocate()
            workReal.deallocate()
            workImaginary.deallocate()
        }
    }

    func makeWorkspace() -> Workspace { Workspace(count: count) }

    /// Transforms `input` (`count` real values) into `outReal`/`outImaginary` (`binCount` values each).
    func transform(_ input: UnsafePointer<Double>, outReal: UnsafeMutablePointer<Double>,
                   outImaginary: UnsafeMutablePointer<Double>, workspace: Workspace) {
        let zr = workspace.real, zi = workspace.imaginary
        if count % 2 == 1 {
            zr.update(from: input, count: count)
            zi.update(repeating: 0, count: count)
            complex.transform(real: zr, imaginary: zi, workReal: workspace.workReal, workImaginary: workspace.workImaginary)
            outReal.update(from: zr, count: binCount)
            outImaginary.update(from: zi, count: binCount)
            return
        }
        let half = count / 2
        for n in 0 ..< half {
            zr[n] = input[2 * n]
            zi[n] = input[2 * n + 1]
        }
        complex.transform(real: zr, imaginary: zi, workReal: workspace.workReal, workImaginary: workspace.workImaginary)
        splitReal.withUnsafeBufferPointer { wr in
            splitImaginary.withUnsafeBufferPointer { wi in
                for k in 0 ... half {
                    let a = k == half ? 0 : k
                    let b = k == 0 ? 0 : half - k
                    // A = Z[k], B = conj(Z[N/2 − k]); E = (A + B) / 2, O = −i·(A − B) / 2.
                    let (ar, ai) = (zr[a], zi[a])
                    let (br, bi) = (zr[b], -zi[b])
                    let (er, ei) = ((ar + br) / 2, (ai + bi) / 2)
                    let (or, oi) = ((ai - bi) / 2, -(ar - br) / 2)
                    outReal[k] = er + or * wr[k] - oi * wi[k]
                    outImaginary[k] = ei + or * wi[k] + oi * wr[k]
                }
            }
        }
    }
}
