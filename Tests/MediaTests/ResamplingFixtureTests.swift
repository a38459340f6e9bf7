import Foundation
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

/// SHA-256 (FIPS 180-4), enough for comparing fixture hashes without CryptoKit.
enum SHA256 {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func hex(_ bytes: [UInt8]) -> String {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var message = bytes
        let bitLength = UInt64(bytes.count) * 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var w = [UInt32](repeating: 0, count: 64)
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        for chunk in stride(from: 0, to: message.count, by: 64) {
            for i in 0 ..< 16 {
                let j = chunk + i * 4
                w[i] = UInt32(message[j]) << 24 | UInt32(message[j + 1]) << 16 | UInt32(message[j + 2]) << 8 | UInt32(message[j + 3])
            }
            for i in 16 ..< 64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0 ..< 64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let choice = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ choice &+ k[i] &+ w[i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ majority
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d
            h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
        }
        return h.map { word in
            let s = String(word, radix: 16)
            return String(repeating: "0", count: 8 - s.count) + s
        }.joined()
    }

    static func hex(_ floats: [Float]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(floats.count * 4)
        for value in floats {
            let bits = value.bitPattern.littleEndian
            bytes.append(contentsOf: [UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8),
                                      UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 24)])
        }
        return hex(bytes)
    }
}

@Suite("Resampling fixtures")
struct ResamplingFixtureTests {
    @Test("SHA-256 matches known digests")
    func digest() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("source images load and match their recorded digests")
    func sourceImages() throws {
        let index = try ProcessorFixtures.index()
        #expect(index.count >= 12)
        #expect(Set(index.map(\.mode)) == ["L", "LA", "RGB", "RGBA"])
        for entry in index {
            let image = try ProcessorFixtures.image(entry)
            #expect(SHA256.hex(image.pixels) == entry.sha256, "\(entry.name)")
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
