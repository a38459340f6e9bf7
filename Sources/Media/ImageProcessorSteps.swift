import Foundation

extension ImageProcessor {
    /// The output `(height, width)` of the resize step for an image of `height × width`, with
    /// transformers' integer rounding (`get_resize_output_image_size(default_to_square=False)` and
    /// `get_size_with_aspect_ratio`).
    public static func resizedSize(height: Int, width: Int, resize: Resize) -> PixelSize {
        switch resize {
        case let .exact(size):
            return size
        case let .shortestEdge(shortest, nil):
            // short, long = sorted sides; new_long = int(shortest * long / short) (true division)
            let short = Swift.min(width, height), long = Swift.max(width, height)
            let newLong = Int(Double(shortest * long) / Double(short))
            return width <= height ? PixelSize(height: newLong, width: shortest)
                : PixelSize(height: shortest, width: newLong)
        case let .shortestEdge(requested, longest?):
            var size = requested
            var rawSize: Double?
            let minSide = Double(Swift.min(height, width)), maxSide = Double(Swift.max(height, width))
            if maxSide / minSide * Double(size) > Double(longest) {
                let raw = Double(longest) * minSide / maxSide
                rawSize = raw
                size = Int(raw.rounded(.toNearestOrEven))
            }
            if (height <= width && height == size) || (width <= height && width == size) {
                return PixelSize(height: height, width: width)
            }
            if width < height {
                let h = rawSize.map { Int($0 * Double(height) / Double(width)) }
                    ?? Int(Double(size * height) / Double(width))
                return PixelSize(height: h, width: size)
            }
            let w = rawSize.map { Int($0 * Double(width) / Double(height)) }
                ?? Int(Double(size * width) / Double(height))
            return PixelSize(height: size, width: w)
        }
    }

    /// `image` as RGB. With `compositeOnWhite`, as transformers' `convert_to_rgb`: images with
    /// alpha are composited over opaque white with Pillow's `alpha_composite` arithmetic. Without,
    /// as Pillow's `convert("RGB")`. Grey is replicated either way.
    static func rgb(_ image: Image, compositeOnWhite: Bool) -> Image {
        switch image.mode {
        case .rgb: return image
        case .l: return image.converted(to: .rgb)
        case .la, .rgba:
            guard compositeOnWhite else { return image.converted(to: .rgb) }
            let rgba = image.converted(to: .rgba)
            var output = [UInt8](repeating: 0, count: image.width * image.height * 3)
            rgba.pixels.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    for p in 0 ..< image.width * image.height {
                        let alpha = UInt32(input[p * 4 + 3])
                        for c in 0 ..< 3 {
                            out[p * 3 + c] = compositeOverWhite(UInt32(input[p * 4 + c]), alpha: alpha)
                        }
                    }
                }
            }
            return (try? Image(width: image.width, height: image.height, mode: .rgb, pixels: output)) ?? image
        }
    }

    /// One colour sample of Pillow's `ImagingAlphaComposite` with an opaque white destination:
    /// 7 extra bits of precision and rounded divisions by 255.
    @inline(__always)
    static func compositeOverWhite(_ colour: UInt32, alpha: UInt32) -> UInt8 {
        guard alpha != 0 else { return 255 }
        let precision: UInt32 = 7
        let destinationAlpha: UInt32 = 255, destination: UInt32 = 255
        let blend = destinationAlpha * (255 - alpha)
        let outAlpha255 = alpha * 255 + blend
        let coefficient1 = alpha * 255 * 255 * (1 << precision) / outAlpha255
        let coefficient2 = 255 * (1 << precision) - coefficient1
        let sum = colour * coefficient1 + destination * coefficient2 + (0x80 << precision)
        return UInt8(truncatingIfNeeded: (((sum >> 8) + sum) >> 8) >> precision)
    }
}
