import Foundation
import ModelHub
import Testing
@testable import Media

/// `Image.resized` against Pillow 13's `Image.resize`, byte for byte (Fixtures/processors/resize.json).
@Suite("Resampling parity with Pillow")
struct ResamplingParityTests {
    static let images: [String: Image] = (try? ProcessorFixtures.images()) ?? [:]

    @Test("byte-identical to Pillow", arguments: ResamplingFilter.allCases)
    func matchesPillow(filter: ResamplingFilter) throws {
        let cases = ProcessorFixtures.resizeCases.filter { $0.filter == filter.rawValue }
        try #require(cases.count >= 90, "fixture cases for \(filter.name)")
        var failures = [String]()
        var downscaled = 0, upscaled = 0, oneSide = 0, verticalFirst = 0
        for fixture in cases {
            let source = try #require(Self.images[fixture.image], "fixture image \(fixture.image)")
            let output = try source.resized(width: fixture.width, height: fixture.height, filter: filter)
            #expect(output.width == fixture.width && output.height == fixture.height && output.mode == source.mode)
            if SHA256.hash(output.pixels).hexString != fixture.sha256 {
                var detail = "\(fixture.testDescription) (\(source.mode.rawValue) \(source.width)×\(source.height))"
                if let encoded = fixture.bytes, let expected = Data(base64Encoded: encoded) {
                    let differing = zip(output.pixels, expected).filter { $0 != $1 }.count
                    let worst = zip(output.pixels, expected).map { abs(Int($0) - Int($1)) }.max() ?? 0
                    detail += ": \(differing) samples differ, by up to \(worst)"
                }
                failures.append(detail)
            }
            if fixture.width < source.width || fixture.height < source.height { downscaled += 1 }
            if fixture.width > source.width || fixture.height > source.height { upscaled += 1 }
            if (fixture.width == source.width) != (fixture.height == source.height) { oneSide += 1 }
            let heightLoss = source.height - fixture.height
            if fixture.width != source.width, heightLoss > 0, heightLoss > 2 * (source.width - fixture.width) {
                verticalFirst += 1  // Pillow 13 runs the vertical pass first here
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) cases differ: \(failures.prefix(8).joined(separator: "; "))")
        #expect(downscaled > 40 && upscaled > 30 && oneSide > 20 && verticalFirst > 10)
    }

    @Test("inline fixture bytes equal the output exactly")
    func inlineBytes() throws {
        var compared = 0
        for fixture in ProcessorFixtures.resizeCases {
            guard let encoded = fixture.bytes else { continue }
            let expected = try #require(Data(base64Encoded: encoded))
            let source = try #require(Self.images[fixture.image])
            let filter = try #require(ResamplingFilter(rawValue: fixture.filter))
            let output = try source.resized(width: fixture.width, height: fixture.height, filter: filter)
            #expect(output.pixels == [UInt8](expected), "\(fixture.testDescription)")
            compared += 1
        }
        #expect(compared > 50)
    }

    @Test("the same size returns the image unchanged, even with alpha")
    func sameSize() throws {
        let pixels: [UInt8] = [10, 20, 30, 7, 200, 100, 50, 128]
        let image = try Image(width: 2, height: 1, mode: .rgba, pixels: pixels)
        for filter in ResamplingFilter.allCases {
            #expect(try image.resized(width: 2, height: 1, filter: filter) == image)
        }
    }

    @Test("RGBA is resampled with premultiplied alpha")
    func premultipliedAlpha() throws {
        // A transparent red pixel next to an opaque blue one: with premultiplication the hidden red
        // does not bleed into the colour of the result.
        let image = try Image(width: 2, height: 1, mode: .rgba, pixels: [255, 0, 0, 0, 0, 0, 255, 255])
        let output = try image.resized(width: 1, height: 1, filter: .bilinear)
        #expect(output.pixels == [0, 0, 255, 128])
        let nearest = try image.resized(width: 1, height: 1, filter: .nearest)
        #expect(nearest.pixels == [0, 0, 255, 255])
    }

    @Test("invalid targets throw errors naming the size")
    func invalidTargets() throws {
        let image = try Image(width: 3, height: 2, mode: .l, pixels: [1, 2, 3, 4, 5, 6])
        #expect(throws: MediaError.invalidResizeTarget(width: 0, height: 5)) {
            try image.resized(width: 0, height: 5, filter: .bicubic)
        }
        #expect(throws: MediaError.invalidResizeTarget(width: 4, height: -1)) {
            try image.resized(width: 4, height: -1, filter: .nearest)
        }
        let message = MediaError.invalidResizeTarget(width: 0, height: 5).localizedDescription
        #expect(message.contains("0×5"))
        #expect(throws: MediaError.invalidResizeTarget(width: Int.max, height: 2)) {
            try image.resized(width: Int.max, height: 2, filter: .bilinear)
        }
    }

    @Test("filter codes are Pillow's")
    func filterCodes() {
        #expect(ResamplingFilter(rawValue: 0) == .nearest)
        #expect(ResamplingFilter(rawValue: 1) == .lanczos)
        #expect(ResamplingFilter(rawValue: 2) == .bilinear)
        #expect(ResamplingFilter(rawValue: 3) == .bicubic)
        #expect(ResamplingFilter(rawValue: 4) == .box)
        #expect(ResamplingFilter(rawValue: 5) == .hamming)
        #expect(ResamplingFilter(rawValue: 6) == .mks2013)
        #expect(ResamplingFilter(rawValue: 7) == .mks2021)
        #expect(ResamplingFilter(rawValue: 8) == nil)
        #expect(ResamplingFilter.bicubic.name == "BICUBIC")
    }
}

@Suite("Cropping")
struct ResamplingCropTests {
    let image: Image

    init() throws {
        // 4×3 RGB, sample value = 10·row + column (same in every channel) for easy reading.
        var pixels = [UInt8]()
        for row in 0 ..< 3 { for column in 0 ..< 4 { pixels += Array(repeating: UInt8(10 * row + column), count: 3) } }
        image = try Image(width: 4, height: 3, mode: .rgb, pixels: pixels)
    }

    private func grey(_ image: Image) -> [UInt8] { stride(from: 0, to: image.pixels.count, by: 3).map { image.pixels[$0] } }

    @Test("inside the image")
    func inside() throws {
        let crop = try image.cropped(x: 1, y: 1, width: 2, height: 2)
        #expect(crop.width == 2 && crop.height == 2 && crop.mode == .rgb)
        #expect(grey(crop) == [11, 12, 21, 22])
        #expect(try image.cropped(x: 0, y: 0, width: 4, height: 3) == image)
    }

    @Test("outside the image is zero, as Pillow's crop")
    func outside() throws {
        let crop = try image.cropped(x: -1, y: 2, width: 3, height: 2)
        #expect(grey(crop) == [0, 20, 21, 0, 0, 0])
        let away = try image.cropped(x: 10, y: 10, width: 2, height: 1)
        #expect(away.pixels == [UInt8](repeating: 0, count: 6))
    }

    @Test("empty boxes throw")
    func empty() {
        #expect(throws: MediaError.invalidCrop(x: 0, y: 0, width: 0, height: 2)) {
            try image.cropped(x: 0, y: 0, width: 0, height: 2)
        }
        #expect(throws: MediaError.invalidCrop(x: Int.max, y: 0, width: 2, height: 2)) {
            try image.cropped(x: Int.max, y: 0, width: 2, height: 2)
        }
    }
}
