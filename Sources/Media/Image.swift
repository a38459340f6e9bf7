import Foundation

/// A decoded raster image: 8-bit samples, interleaved, rows top to bottom.
///
/// Modes follow Pillow's names: `L` (grey), `LA` (grey + alpha), `RGB`, `RGBA`.
/// Files are decoded with TurboJPEG (JPEG) and libpng (PNG); `converted(to: .rgb)`
/// matches Pillow's `Image.convert("RGB")`, which is what image processors use.
public struct Image: Sendable, Equatable {
    /// Pixel layouts.
    public enum Mode: String, Sendable, CaseIterable {
        case l = "L"
        case la = "LA"
        case rgb = "RGB"
        case rgba = "RGBA"

        /// Samples per pixel.
        public var channels: Int {
            switch self {
            case .l: return 1
            case .la: return 2
            case .rgb: return 3
            case .rgba: return 4
            }
        }
    }

    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Pixel layout.
    public let mode: Mode
    /// `width × height × mode.channels` samples, row-major, interleaved.
    public let pixels: [UInt8]

    /// An image from raw samples; throws when `pixels` does not hold exactly
    /// `width × height × mode.channels` bytes or a dimension is not positive.
    public init(width: Int, height: Int, mode: Mode, pixels: [UInt8]) throws {
        guard width > 0, height > 0 else { throw MediaError.invalidDimensions(width: width, height: height) }
        let (area, overflow1) = width.multipliedReportingOverflow(by: height)
        let (expected, overflow2) = area.multipliedReportingOverflow(by: mode.channels)
        guard !overflow1, !overflow2, pixels.count == expected else {
            throw MediaError.pixelCountMismatch(width: width, height: height, mode: mode.rawValue, count: pixels.count)
        }
        self.width = width
        self.height = height
        self.mode = mode
        self.pixels = pixels
    }

    /// `(width, height)`, as Pillow's `Image.size`.
    public var size: (width: Int, height: Int) { (width, height) }

    /// Samples per pixel.
    public var channels: Int { mode.channels }
}
