import Foundation
import Testing
import Media

@Suite("Image encoding")
struct ImageEncodingTests {
    /// A smooth test picture in `mode` (gradients, so JPEG loss stays small).
    static func picture(_ mode: Image.Mode, width: Int = 37, height: Int = 23) throws -> Image {
        var pixels = [UInt8]()
        pixels.reserveCapacity(width * height * mode.channels)
        for y in 0 ..< height {
            for x in 0 ..< width {
                let samples: [UInt8] = [UInt8(x * 255 / (width - 1)), UInt8(y * 255 / (height - 1)),
                                        UInt8((x + y) * 255 / (width + height - 2)), UInt8((x * 7 + y * 3) % 256)]
                switch mode {
                case .l: pixels.append(samples[0])
                case .la: pixels += [samples[0], samples[3]]
                case .rgb: pixels += samples.prefix(3)
                case .rgba: pixels += samples
                }
            }
        }
        return try Image(width: width, height: height, mode: mode, pixels: pixels)
    }

    @Test("pngData decodes back to the same image, every mode", arguments: Image.Mode.allCases)
    func pngRoundTrip(_ mode: Image.Mode) throws {
        let image = try Self.picture(mode)
        let data = try image.pngData()
        #expect(Image.isSupported(data))
        #expect(try Image(data: data) == image)
    }

    @Test("decoded fixtures survive a PNG round trip unchanged")
    func pngRoundTripFixtures() throws {
        for file in ["png_rgba8.png", "png_la8.png", "jpeg_odd_333x217.jpg", "png_grey1.png"] {
            let image = try Image(contentsOf: DecodeFixtures.path(file))
            #expect(try Image(data: image.pngData()) == image, "\(file)")
        }
    }

    @Test("jpegData decodes to the same size with a small error", arguments: Image.Mode.allCases)
    func jpegRoundTrip(_ mode: Image.Mode) throws {
        let image = try Self.picture(mode)
        let data = try image.jpegData()
        let decoded = try Image(data: data)
        #expect(decoded.size == image.size)
        let reference = image.converted(to: mode == .l || mode == .la ? .l : .rgb)
        #expect(decoded.mode == reference.mode)
        let total = zip(decoded.pixels, reference.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        let meanError = Double(total) / Double(reference.pixels.count)
        #expect(meanError < 3, "mean absolute error \(meanError)")
    }

    @Test("lower JPEG quality gives smaller files; quality outside 1…100 is refused")
    func jpegQuality() throws {
        let image = try Self.picture(.rgb, width: 64, height: 64)
        #expect(try image.jpegData(quality: 20).count < image.jpegData(quality: 95).count)
        #expect(throws: MediaError.encodingFailed(format: "JPEG", detail: "quality 0 is outside 1…100")) {
            try image.jpegData(quality: 0)
        }
        #expect(throws: MediaError.self) { try image.jpegData(quality: 101) }
    }

    @Test("a 1×1 image encodes in both formats")
    func tiny() throws {
        let image = try Image(width: 1, height: 1, mode: .rgb, pixels: [200, 100, 50])
        #expect(try Image(data: image.pngData()) == image)
        #expect(try Image(data: image.jpegData(quality: 100)).size == (1, 1))
    }
}
