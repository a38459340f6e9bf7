import Foundation
import ModelHub
import Testing
import Media

/// The decode fixtures written by `Scripts/reference/make_image_decode_fixtures.py` (Pillow 13).
enum DecodeFixtures {
    struct Bytes: Decodable {
        let sha256: String
        let count: Int
        let head: String
        let tail: String
        let bytes: String?
    }

    struct ImageCase: Decodable, CustomStringConvertible {
        let file: String
        let covers: String
        let pillow_mode: String
        let mode: String
        let width: Int
        let height: Int
        let rgb: Bytes
        let native: Bytes
        var description: String { file }
    }

    struct Conversion: Decodable, CustomStringConvertible {
        let source: String
        let from: String
        let to: String
        let sha256: String
        let count: Int
        let head: String
        let tail: String
        var description: String { "\(source) \(from)→\(to)" }
    }

    struct ErrorCase: Decodable, CustomStringConvertible {
        let file: String
        let kind: String
        let covers: String
        var description: String { file }
    }

    struct Truncation: Decodable, CustomStringConvertible {
        let file: String
        let size: Int
        /// Prefix lengths at which Pillow still loads the file (and then gives the full image).
        let pillow_loads: [Int]
        var description: String { file }
    }

    struct Manifest: Decodable {
        let images: [ImageCase]
        let conversions: [Conversion]
        let errors: [ErrorCase]
        let truncations: [Truncation]
    }

    /// The fixture folder inside the test bundle.
    static var folder: URL {
        get throws {
            let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            return root.appendingPathComponent("decode", isDirectory: true)
        }
    }

    static func path(_ file: String) throws -> String { try folder.appendingPathComponent(file).path }

    /// The manifest (empty when it cannot be read, so parameterised tests still list; `loadManifest` fails loudly).
    static let manifest: Manifest = (try? loadManifest()) ?? Manifest(images: [], conversions: [], errors: [], truncations: [])

    static func loadManifest() throws -> Manifest {
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(Manifest.self, from: data)
    }
}

extension DecodeFixtures {
    static func hex(_ bytes: some Collection<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// Checks `pixels` against a fixture's recorded bytes; returns a readable mismatch or nil.
    static func mismatch(_ pixels: [UInt8], _ expected: DecodeFixtures.Bytes) -> String? {
        if let full = expected.bytes, hex(pixels) != full { return "bytes \(hex(pixels)) ≠ \(full)" }
        if pixels.count != expected.count { return "count \(pixels.count) ≠ \(expected.count)" }
        if hex(pixels.prefix(16)) != expected.head { return "head \(hex(pixels.prefix(16))) ≠ \(expected.head)" }
        if hex(pixels.suffix(16)) != expected.tail { return "tail \(hex(pixels.suffix(16))) ≠ \(expected.tail)" }
        if SHA256.hash(pixels).hexString != expected.sha256 { return "SHA-256 differs from Pillow's" }
        return nil
    }
}

@Suite("Image decoding matches Pillow")
struct ImageDecodingTests {
    @Test("the manifest lists every case")
    func manifestLoads() throws {
        let manifest = try DecodeFixtures.loadManifest()
        #expect(manifest.images.count >= 16)
        #expect(manifest.conversions.count == 12)
        #expect(manifest.errors.count >= 10)
    }

    @Test("decoded mode, size and pixels equal Pillow's open + convert", arguments: DecodeFixtures.manifest.images)
    func decodesLikePillow(_ fixture: DecodeFixtures.ImageCase) throws {
        let image = try Image(contentsOf: DecodeFixtures.path(fixture.file))
        #expect(image.width == fixture.width && image.height == fixture.height, "\(fixture.file): \(fixture.covers)")
        #expect(image.mode.rawValue == fixture.mode, "\(fixture.file): Pillow mode \(fixture.pillow_mode)")
        let native = DecodeFixtures.mismatch(image.pixels, fixture.native)
        #expect(native == nil, "\(fixture.file) native pixels: \(native ?? "")")
        let rgb = DecodeFixtures.mismatch(image.converted(to: .rgb).pixels, fixture.rgb)
        #expect(rgb == nil, "\(fixture.file) convert(\"RGB\"): \(rgb ?? "")")
    }

    @Test("conversions between L, LA, RGB and RGBA equal Pillow's convert", arguments: DecodeFixtures.manifest.conversions)
    func convertsLikePillow(_ conversion: DecodeFixtures.Conversion) throws {
        let image = try Image(contentsOf: DecodeFixtures.path(conversion.source))
        #expect(image.mode.rawValue == conversion.from)
        let target = try #require(Image.Mode(rawValue: conversion.to))
        let converted = image.converted(to: target)
        #expect(converted.mode == target)
        #expect(converted.width == image.width && converted.height == image.height)
        let expected = DecodeFixtures.Bytes(sha256: conversion.sha256, count: conversion.count,
                                            head: conversion.head, tail: conversion.tail, bytes: nil)
        let difference = DecodeFixtures.mismatch(converted.pixels, expected)
        #expect(difference == nil, "\(conversion): \(difference ?? "")")
    }

    @Test("conversion formulas on hand-checked values")
    func conversionFormulas() throws {
        let rgba = try Image(width: 2, height: 1, mode: .rgba, pixels: [255, 0, 0, 0, 10, 200, 30, 128])
        // RGBA → RGB drops alpha without compositing: the colour under alpha 0 survives.
        #expect(rgba.converted(to: .rgb).pixels == [255, 0, 0, 10, 200, 30])
        // Luma (R·19595 + G·38470 + B·7471 + 0x8000) >> 16: pure red → 76, (10, 200, 30) → 124.
        #expect(rgba.converted(to: .l).pixels == [76, 124])
        #expect(rgba.converted(to: .la).pixels == [76, 0, 124, 128])
        let grey = try Image(width: 2, height: 1, mode: .l, pixels: [7, 250])
        #expect(grey.converted(to: .rgb).pixels == [7, 7, 7, 250, 250, 250])
        #expect(grey.converted(to: .rgba).pixels == [7, 7, 7, 255, 250, 250, 250, 255])
        #expect(grey.converted(to: .la).pixels == [7, 255, 250, 255])
        #expect(grey.converted(to: .l) == grey)
        let white = try Image(width: 1, height: 1, mode: .rgb, pixels: [255, 255, 255])
        #expect(white.converted(to: .l).pixels == [255])
    }

    @Test("Pillow's CMYK;I → RGB formula")
    func cmykFormula() {
        // raw samples as libjpeg returns them (Adobe-inverted): raw 255 = no ink.
        #expect(PillowConversion.invertedCMYKToRGB([255, 255, 255, 255]) == [255, 255, 255])
        #expect(PillowConversion.invertedCMYKToRGB([255, 255, 255, 0]) == [0, 0, 0])
        #expect(PillowConversion.invertedCMYKToRGB([0, 255, 128, 255]) == [0, 255, 128])
        // Pillow: nk = 255 − k; out = nk − MULDIV255(c, nk); c = 255 − 55 = 200, nk = 100 → 100 − 78 = 22.
        #expect(PillowConversion.invertedCMYKToRGB([55, 55, 55, 100]) == [22, 22, 22])
    }

    @Test("the format comes from the content, not the extension")
    func sniffsByContent() throws {
        let jpegBytes = try Data(contentsOf: URL(fileURLWithPath: DecodeFixtures.path("jpeg_named_png.png")))
        #expect(jpegBytes.starts(with: [0xFF, 0xD8, 0xFF]))
        #expect(Image.isSupported(jpegBytes))
        let pngBytes = try Data(contentsOf: URL(fileURLWithPath: DecodeFixtures.path("png_rgb8.png")))
        #expect(Image.isSupported(pngBytes))
        #expect(!Image.isSupported(Data()))
        #expect(!Image.isSupported(Data("GIF89a".utf8)))
        #expect(!Image.isSupported(Data([0xFF, 0xD8])))
    }

    @Test("data, path and file-URL entry points agree")
    func entryPointsAgree() throws {
        let path = try DecodeFixtures.path("jpeg_444.jpg")
        let fromPath = try Image(contentsOf: path)
        let fromURL = try Image(contentsOf: URL(fileURLWithPath: path))
        let fromData = try Image(data: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(fromPath == fromURL)
        #expect(fromPath == fromData)
        #expect(throws: MediaError.unsupportedURL(url: "ftp://example.com/a.png")) {
            try Image(contentsOf: URL(string: "ftp://example.com/a.png")!)
        }
    }

    @Test("EXIF orientation is not applied")
    func exifNotApplied() throws {
        let image = try Image(contentsOf: DecodeFixtures.path("jpeg_exif_orientation6.jpg"))
        #expect(image.size == (40, 24))
    }
}
