import Foundation
import Testing
import Media

@Suite("Image decoding errors")
struct ImageDecodingErrorTests {
    /// The error kind a MediaError belongs to, with the names the fixture manifest uses.
    static func kind(_ error: MediaError) -> String {
        switch error {
        case .emptyFile: return "empty"
        case .truncatedImage: return "truncated"
        case .corruptImage: return "corrupt"
        case .zeroSizedImage: return "zeroSized"
        case .imageTooLarge: return "tooLarge"
        case .unsupportedImage: return "unsupported"
        case .unsupportedImageFormat: return "unsupportedFormat"
        default: return "other: \(error)"
        }
    }

    @Test("every broken or foreign file fails with the expected error naming the file",
          arguments: DecodeFixtures.manifest.errors)
    func refuses(_ fixture: DecodeFixtures.ErrorCase) throws {
        let path = try DecodeFixtures.path(fixture.file)
        do {
            let image = try Image(contentsOf: path)
            Issue.record("\(fixture.file) (\(fixture.covers)) decoded to \(image.width)×\(image.height) \(image.mode)")
        } catch let error as MediaError {
            #expect(Self.kind(error) == fixture.kind, "\(fixture.file): \(error.localizedDescription)")
            #expect(error.localizedDescription.contains(path), "\(error.localizedDescription)")
        }
    }

    @Test("unsupported formats are named in the message")
    func namesForeignFormats() throws {
        for (file, name) in [("errors/image.gif", "GIF"), ("errors/image.webp", "WebP"), ("errors/image.bmp", "BMP")] {
            let path = try DecodeFixtures.path(file)
            let error = try #require(throws: MediaError.self) { try Image(contentsOf: path) }
            let message = error.localizedDescription
            #expect(message.contains("unsupported image format"), "\(message)")
            #expect(message.contains(name), "\(message)")
            #expect(message.contains(path), "\(message)")
        }
    }

    @Test("a PNG header claiming 100000×100000 fails fast, before allocating")
    func pixelLimit() throws {
        let path = try DecodeFixtures.path("errors/huge_100000x100000.png")
        let start = Date()
        let error = try #require(throws: MediaError.self) { try Image(contentsOf: path) }
        #expect(Date().timeIntervalSince(start) < 0.5)
        #expect(error == .imageTooLarge(path: path, width: 100_000, height: 100_000, limit: Image.maxPixels))
        #expect(error.localizedDescription.contains("100000×100000"))
    }

    @Test("the pixel limit is Pillow's decompression-bomb limit; the largest allowed header passes the check")
    func limitValue() throws {
        #expect(Image.maxPixels == 178_956_970)
        try Image.checkDimensions(width: 178_956_970, height: 1, source: "x")
        #expect(throws: MediaError.imageTooLarge(path: "x", width: 178_956_971, height: 1, limit: 178_956_970)) {
            try Image.checkDimensions(width: 178_956_971, height: 1, source: "x")
        }
        #expect(throws: MediaError.imageTooLarge(path: "x", width: Int.max, height: 2, limit: 178_956_970)) {
            try Image.checkDimensions(width: Int.max, height: 2, source: "x")
        }
    }

    @Test("a JPEG header claiming 65000×65000 fails fast")
    func jpegPixelLimit() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: DecodeFixtures.path("jpeg_baseline_420.jpg"))))
        let sof = try #require((0 ..< bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        // SOF0: FF C0, length (2), precision (1), height (2), width (2).
        bytes[sof + 5] = 0xFD; bytes[sof + 6] = 0xE8
        bytes[sof + 7] = 0xFD; bytes[sof + 8] = 0xE8
        let error = try #require(throws: MediaError.self) { try Image(data: Data(bytes), source: "big.jpg") }
        #expect(error == .imageTooLarge(path: "big.jpg", width: 65000, height: 65000, limit: Image.maxPixels))
    }

    @Test("missing files, folders and empty data fail with the path in the message")
    func unreadable() throws {
        let missing = "/nonexistent/vectorbook/cat.png"
        let error = try #require(throws: MediaError.self) { try Image(contentsOf: missing) }
        #expect(error == .unreadableFile(path: missing, reason: "no such file"))
        #expect(error.localizedDescription.contains(missing))

        let folder = try DecodeFixtures.path("errors")
        let folderError = try #require(throws: MediaError.self) { try Image(contentsOf: folder) }
        #expect(folderError == .unreadableFile(path: folder, reason: "it is a directory"))

        #expect(throws: MediaError.emptyFile(path: "clip.png")) { try Image(data: Data(), source: "clip.png") }
    }

    @Test("every prefix of a file decodes exactly when Pillow loads it, else fails naming the source",
          arguments: DecodeFixtures.manifest.truncations)
    func everyTruncation(_ fixture: DecodeFixtures.Truncation) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: DecodeFixtures.path(fixture.file)))
        #expect(bytes.count == fixture.size)
        let full = try Image(data: bytes)
        let loads = Set(fixture.pillow_loads)
        for length in 0 ... bytes.count {
            let source = "\(fixture.file)[..<\(length)]"
            do {
                let image = try Image(data: bytes.prefix(length), source: source)
                #expect(loads.contains(length), "\(source) decoded, Pillow refuses it")
                #expect(image == full, "\(source) decoded to other pixels")
            } catch let error as MediaError {
                #expect(!loads.contains(length), "\(source) failed (\(error.localizedDescription)), Pillow loads it")
                #expect(error.localizedDescription.contains(source))
            }
        }
    }

    @Test("flipped bytes never crash the decoders")
    func corruption() throws {
        var generator = DecodeFixtures.SplitMix(seed: 7)
        for file in ["jpeg_baseline_420.jpg", "jpeg_progressive.jpg", "png_rgb8.png", "png_interlaced_rgb8.png"] {
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: DecodeFixtures.path(file))))
            for trial in 0 ..< 60 {
                var bytes = original
                for _ in 0 ..< 3 {
                    let index = 2 + Int(generator.next() % UInt64(bytes.count - 2))
                    bytes[index] = UInt8(truncatingIfNeeded: generator.next())
                }
                do {
                    let image = try Image(data: Data(bytes), source: "\(file)#\(trial)")
                    #expect(image.pixels.count == image.width * image.height * image.channels)
                } catch let error as MediaError {
                    #expect(error.localizedDescription.contains("\(file)#\(trial)"))
                }
            }
        }
    }
}

extension DecodeFixtures {
    /// A tiny deterministic generator for the corruption test.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
