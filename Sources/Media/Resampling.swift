import Foundation

/// Pillow's resampling filters, with Pillow's integer codes (the values that
/// `preprocessor_config.json` stores under `resample`).
public enum ResamplingFilter: Int, Sendable, CaseIterable, Codable {
    /// Nearest neighbour (`Image.Resampling.NEAREST`).
    case nearest = 0
    /// Lanczos, a 3-lobed windowed sinc (`LANCZOS`, formerly `ANTIALIAS`).
    case lanczos = 1
    /// Linear interpolation, a triangle filter (`BILINEAR`).
    case bilinear = 2
    /// Cubic convolution with a = -0.5 (`BICUBIC`).
    case bicubic = 3
    /// Box (area) filter (`BOX`).
    case box = 4
    /// Hamming-windowed sinc (`HAMMING`).
    case hamming = 5
    /// Magic Kernel Sharp 2013 (`MKS2013`, new in Pillow 13).
    case mks2013 = 6
    /// Magic Kernel Sharp 2021 (`MKS2021`, new in Pillow 13).
    case mks2021 = 7

    /// Pillow's name for the filter, e.g. `"BICUBIC"`.
    public var name: String {
        switch self {
        case .nearest: return "NEAREST"
        case .lanczos: return "LANCZOS"
        case .bilinear: return "BILINEAR"
        case .bicubic: return "BICUBIC"
        case .box: return "BOX"
        case .hamming: return "HAMMING"
        case .mks2013: return "MKS2013"
        case .mks2021: return "MKS2021"
        }
    }
}

extension Image {
    /// A copy resized to `width × height` that is byte-identical to Pillow's
    /// `Image.resize((width, height), filter)`.
    ///
    /// As in Pillow: downscaling widens the filter by the scale factor (antialiasing); the
    /// horizontal pass runs before the vertical one and a pass is skipped when its side keeps its
    /// length; weights are 22-bit fixed point and results are rounded and clipped to 0…255;
    /// `LA` and `RGBA` images are resampled with premultiplied alpha (except with `.nearest`);
    /// asking for the current size returns the image unchanged.
    ///
    /// Throws ``MediaError/invalidResizeTarget(width:height:)`` unless both sides are at least 1.
    public func resized(width: Int, height: Int, filter: ResamplingFilter = .bicubic) throws -> Image {
        guard width > 0, height > 0 else { throw MediaError.invalidResizeTarget(width: width, height: height) }
        let (area, overflow1) = width.multipliedReportingOverflow(by: height)
        let (count, overflow2) = area.multipliedReportingOverflow(by: channels)
        guard !overflow1, !overflow2, count <= Int(Int32.max) else {
            throw MediaError.invalidResizeTarget(width: width, height: height)
        }
        if width == self.width && height == self.height { return self }
        if filter == .nearest {
            return try Image(width: width, height: height, mode: mode,
                             pixels: Resampler.nearest(pixels, width: self.width, height: self.height,
                                                       channels: channels, toWidth: width, toHeight: height))
        }
        let premultiplied = mode == .la || mode == .rgba
        let source = premultiplied ? AlphaPremultiplication.premultiplied(pixels, channels: channels) : pixels
        var output = Resampler.resample(source, width: self.width, height: self.height, channels: channels,
                                        toWidth: width, toHeight: height, filter: filter)
        if premultiplied { AlphaPremultiplication.unpremultiply(&output, channels: channels) }
        return try Image(width: width, height: height, mode: mode, pixels: output)
    }

    /// The `width × height` region whose top-left corner is at (`x`, `y`), as Pillow's
    /// `Image.crop((x, y, x + width, y + height))`: the box may reach outside the image, and
    /// samples outside it are 0 (transparent black for images with alpha).
    ///
    /// Throws ``MediaError/invalidCrop(x:y:width:height:)`` unless both sides are at least 1.
    public func cropped(x: Int, y: Int, width: Int, height: Int) throws -> Image {
        guard width > 0, height > 0 else { throw MediaError.invalidCrop(x: x, y: y, width: width, height: height) }
        let (area, overflow1) = width.multipliedReportingOverflow(by: height)
        let (count, overflow2) = area.multipliedReportingOverflow(by: channels)
        let (right, overflow3) = x.addingReportingOverflow(width)
        let (bottom, overflow4) = y.addingReportingOverflow(height)
        guard !overflow1, !overflow2, !overflow3, !overflow4 else {
            throw MediaError.invalidCrop(x: x, y: y, width: width, height: height)
        }
        if x == 0, y == 0, width == self.width, height == self.height { return self }
        var output = [UInt8](repeating: 0, count: count)
        let left = Swift.max(x, 0), top = Swift.max(y, 0)
        let columns = Swift.min(right, self.width) - left
        let rows = Swift.min(bottom, self.height) - top
        if columns > 0 && rows > 0 {
            let rowBytes = columns * channels
            pixels.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    guard let from = source.baseAddress, let to = target.baseAddress else { return }
                    for row in 0 ..< rows {
                        let sourceStart = ((top + row) * self.width + left) * channels
                        let targetStart = ((top - y + row) * width + (left - x)) * channels
                        (to + targetStart).update(from: from + sourceStart, count: rowBytes)
                    }
                }
            }
        }
        return try Image(width: width, height: height, mode: mode, pixels: output)
    }
}
