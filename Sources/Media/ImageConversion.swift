import Foundation

extension Image {
    /// The image in `mode`, with Pillow's `Image.convert` semantics:
    ///
    /// - grey → colour replicates the grey value; an added alpha channel is 255 (opaque);
    /// - colour → grey is ITU-R 601-2 luma with Pillow's integer rounding,
    ///   `L = (R·19595 + G·38470 + B·7471 + 0x8000) >> 16`;
    /// - dropping alpha discards it without compositing over any background (`RGBA → RGB` keeps
    ///   the stored colour of fully transparent pixels), exactly as Pillow does.
    ///
    /// Returns `self` when the mode is already `mode`.
    public func converted(to mode: Mode) -> Image {
        guard mode != self.mode else { return self }
        let count = width * height
        let source = pixels
        let inChannels = self.mode.channels
        let outChannels = mode.channels
        let hasColour = self.mode == .rgb || self.mode == .rgba
        let alphaIndex: Int? = self.mode == .la ? 1 : (self.mode == .rgba ? 3 : nil)

        var output = [UInt8](repeating: 0, count: count * outChannels)
        source.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                for index in 0 ..< count {
                    let i = index * inChannels
                    let o = index * outChannels
                    let alpha = alphaIndex.map { input[i + $0] } ?? 255
                    switch mode {
                    case .l, .la:
                        out[o] = hasColour ? PillowConversion.luma(input[i], input[i + 1], input[i + 2]) : input[i]
                        if mode == .la { out[o + 1] = alpha }
                    case .rgb, .rgba:
                        if hasColour {
                            out[o] = input[i]
                            out[o + 1] = input[i + 1]
                            out[o + 2] = input[i + 2]
                        } else {
                            out[o] = input[i]
                            out[o + 1] = input[i]
                            out[o + 2] = input[i]
                        }
                        if mode == .rgba { out[o + 3] = alpha }
                    }
                }
            }
        }
        // The sizes match by construction, so validation cannot fail; `self` is an unreachable fallback.
        return (try? Image(width: width, height: height, mode: mode, pixels: output)) ?? self
    }
}

/// Pillow's pixel arithmetic for the conversions the decoders need, in integers, bit for bit.
package enum PillowConversion {
    /// ITU-R 601-2 luma as Pillow computes it (`L24` rounding):
    /// `(R·19595 + G·38470 + B·7471 + 0x8000) >> 16`.
    @inline(__always)
    static func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let red: UInt32 = UInt32(r) * 19595
        let green: UInt32 = UInt32(g) * 38470
        let blue: UInt32 = UInt32(b) * 7471
        return UInt8(truncatingIfNeeded: (red + green + blue + 0x8000) >> 16)
    }

    /// Pillow's `MULDIV255(a, b)`: a·b/255 rounded, in integers.
    @inline(__always)
    static func mulDiv255(_ a: Int, _ b: Int) -> Int {
        let t = a * b + 128
        return ((t >> 8) + t) >> 8
    }

    /// RGB from the CMYK samples libjpeg returns for a CMYK/YCCK JPEG. Pillow reads those as
    /// `CMYK;I` (Adobe's inverted polarity, always assumed), so its CMYK value is `255 − raw`, and
    /// its `convert("RGB")` computes `clip(nk − MULDIV255(c, nk))` per channel with `nk = 255 − k`.
    package static func invertedCMYKToRGB(_ samples: [UInt8]) -> [UInt8] {
        let count = samples.count / 4
        var rgb = [UInt8](repeating: 0, count: count * 3)
        samples.withUnsafeBufferPointer { input in
            rgb.withUnsafeMutableBufferPointer { out in
                for index in 0 ..< count {
                    let base = 4 * index
                    let nk = Int(input[base + 3])   // 255 − Pillow's k, and Pillow's k = 255 − raw k
                    for channel in 0 ..< 3 {
                        let c: Int = 255 - Int(input[base + channel])
                        let value: Int = nk - mulDiv255(c, nk)
                        out[3 * index + channel] = UInt8(clamping: value)
                    }
                }
            }
        }
        return rgb
    }
}
