import Foundation
import Testing
@testable import Media

/// Reads the reference fixtures that Scripts/reference/make_audio_fixtures.py writes under Fixtures/audio.
enum AudioFixtures {
    static func root() throws -> URL {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return fixtures.appendingPathComponent("audio")
    }

    static func url(_ relative: String) throws -> URL {
        try root().appendingPathComponent(relative)
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Little-endian float32 values of a `.f32` file.
    static func floats(_ relative: String) throws -> [Float] {
        let data = try Data(contentsOf: url(relative))
        return data.withUnsafeBytes { raw in
            (0 ..< data.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    /// A decoded fixture file (`files/NAME`).
    static func audio(_ file: String) throws -> Audio {
        try Audio(contentsOf: url("files/\(file)"))
    }

    /// Compares `actual` (the whole flattened array) with a described reference entry (`constant`, `full` or
    /// `sampled`): returns the largest absolute difference over the stored values, and checks the
    /// whole-array `max_abs` too.
    static func maxAbsDifference(_ actual: [Float], entry: [String: Any]) throws -> Double {
        let shape = try #require(entry["shape"] as? [Int])
        #expect(shape.reduce(1, *) == actual.count, "size \(actual.count) vs reference shape \(shape)")
        var worst = 0.0
        if let constant = entry["constant"] as? Double {
            for value in actual { worst = max(worst, abs(Double(value) - constant)) }
        } else if let file = entry["full"] as? String {
            let expected = try floats(file)
            #expect(expected.count == actual.count)
            for (a, b) in zip(actual, expected) { worst = max(worst, abs(Double(a) - Double(b))) }
        } else {
            let sampled = try #require(entry["sampled"] as? [String: Any])
            let expected = try floats(try #require(sampled["file"] as? String))
            let stride = try #require(sampled["stride"] as? Int)
            for (i, b) in expected.enumerated() {
                let index = (i * stride) % actual.count
                worst = max(worst, abs(Double(actual[index]) - Double(b)))
            }
        }
        let maxAbs = try #require(entry["max_abs"] as? Double)
        let actualMax = actual.map { abs(Double($0)) }.max() ?? 0
        worst = max(worst, abs(actualMax - maxAbs))
        return worst
    }

    /// The extractor inputs the script uses (mono float32 at 16 kHz).
    static func extractorInput(_ key: String) throws -> Audio {
        switch key {
        case "short": return try audio("short16k_pcm16.wav").mono()
        case "sweep": return try audio("sweep16k_pcm16.wav").mono()
        case "silence": return try audio("silence16k_pcm16.wav").mono()
        case "long": return try audio("long16k_8bit.flac").mono()
        case "tone8k_resampled": return try audio("tone8k_pcm16.wav").mono().resampled(to: 16000)
        default: throw MediaError.invalidAudio(reason: "unknown fixture input \(key)")
        }
    }
}
