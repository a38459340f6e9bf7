import Foundation
import ModelHub
import Testing
@testable import Media

/// Reads the fixtures that Scripts/reference/make_image_processor_fixtures.py writes under
/// Fixtures/processors (source images as raw samples, Pillow resize hashes, transformers outputs).
enum ProcessorFixtures {
    struct SourceImage: Decodable {
        let name: String
        let mode: String
        let width: Int
        let height: Int
        let file: String
        let sha256: String
    }

    struct ResizeCase: Decodable, CustomTestStringConvertible {
        let image: String
        let width: Int
        let height: Int
        let filter: Int
        let filterName: String
        let sha256: String
        let bytes: String?

        var testDescription: String { "\(image) → \(width)×\(height) \(filterName)" }

        enum CodingKeys: String, CodingKey {
            case image, width, height, filter, sha256, bytes
            case filterName = "filter_name"
        }
    }

    struct ProcessorCase: Decodable {
        let config: String
        let image: String
        let input: String
        let shape: [Int]
        let sha256: String
        let sampleOffset: Int
        let sampleCount: Int
        let sampleStride: Int
        let channelSum: [Double]
        let channelMin: [Double]
        let channelMax: [Double]
        let fullF16: String?

        enum CodingKeys: String, CodingKey {
            case config, image, input, shape, sha256
            case sampleOffset = "sample_offset"
            case sampleCount = "sample_count"
            case sampleStride = "sample_stride"
            case channelSum = "channel_sum"
            case channelMin = "channel_min"
            case channelMax = "channel_max"
            case fullF16 = "full_f16"
        }
    }

    static func root() throws -> URL {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return fixtures.appendingPathComponent("processors", isDirectory: true)
    }

    static func url(_ relative: String) throws -> URL {
        try root().appendingPathComponent(relative)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ file: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url(file)))
    }

    static func index() throws -> [SourceImage] { try decode([SourceImage].self, "images.json") }

    static func image(_ entry: SourceImage) throws -> Image {
        let mode = try #require(Image.Mode(rawValue: entry.mode))
        let bytes = try [UInt8](Data(contentsOf: url(entry.file)))
        return try Image(width: entry.width, height: entry.height, mode: mode, pixels: bytes)
    }

    static func images() throws -> [String: Image] {
        var result = [String: Image]()
        for entry in try index() { result[entry.name] = try image(entry) }
        return result
    }

    /// The resize cases, or none when the fixture file is unreadable (the integrity test reports that).
    static var resizeCases: [ResizeCase] {
        (try? decode([ResizeCase].self, "resize.json")) ?? []
    }

    static func processorCases() throws -> [ProcessorCase] {
        try decode([ProcessorCase].self, "processors.json")
    }

    static func samples() throws -> [Float] {
        let data = try Data(contentsOf: url("processor_samples.f32"))
        return data.withUnsafeBytes { raw in
            (0 ..< data.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    static func halfFloats(_ file: String) throws -> [Float] {
        let data = try Data(contentsOf: url(file))
        return data.withUnsafeBytes { raw in
            (0 ..< data.count / 2).map { halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) }
        }
    }

    /// IEEE 754 binary16 → Float (portable: no `Float16`, which some platforms lack).
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * Float(pow(2.0, -24.0))
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(pow(2.0, Double(exponent - 15)))
        }
    }
}


@Suite("Resampling fixtures")
struct ResamplingFixtureTests {
    @Test("source images load and match their recorded digests")
    func sourceImages() throws {
        let index = try ProcessorFixtures.index()
        #expect(index.count >= 12)
        #expect(Set(index.map(\.mode)) == ["L", "LA", "RGB", "RGBA"])
        for entry in index {
            let image = try ProcessorFixtures.image(entry)
            #expect(SHA256.hash(image.pixels).hexString == entry.sha256, "\(entry.name)")
        }
        #expect(ProcessorFixtures.resizeCases.count > 500)
    }

    @Test("half-precision decoding")
    func halves() {
        #expect(ProcessorFixtures.halfToFloat(0x3C00) == 1)
        #expect(ProcessorFixtures.halfToFloat(0xC000) == -2)
        #expect(ProcessorFixtures.halfToFloat(0x3555) == Float(0.33325195))
        #expect(ProcessorFixtures.halfToFloat(0x0001) == Float(pow(2.0, -24.0)))
    }
}
