import Foundation
import Testing
@testable import Media

/// `Audio.resampled(to:)` vs `scipy.signal.resample_poly(x, up, down, axis=0)` on the first 0.3 s of the
/// fixtures (Fixtures/audio/resample.json): the same output length, and the root-mean-square of the
/// difference at most 1e-3 (absolute; the signals' own RMS is 0.1–0.3), the largest single difference at most 1e-4.
@Suite("Audio resampling")
struct AudioResamplerParityTests {
    @Test("matches scipy resample_poly for 48k, 44.1k, 22.05k, 8k → 16k and back")
    func matchesScipy() throws {
        let cases = try #require(AudioFixtures.json("resample.json")["cases"] as? [[String: Any]])
        let pairs = Set(cases.compactMap { c in (c["source_rate"] as? Int).map { "\($0)→\(c["target_rate"] ?? 0)" } })
        for required in ["44100→16000", "48000→16000", "22050→16000", "8000→16000"] {
            #expect(pairs.contains(required), "missing case \(required)")
        }
        for entry in cases {
            let name = try #require(entry["name"] as? String)
            let file = try #require(entry["file"] as? String)
            let frames = try #require(entry["input_frames"] as? Int)
            let target = try #require(entry["target_rate"] as? Int)
            let decoded = try Audio(contentsOf: AudioFixtures.url(file))
            let clip = try Audio(samples: Array(decoded.samples[0 ..< frames * decoded.channels]),
                                 sampleRate: decoded.sampleRate, channels: decoded.channels)
            let resampled = try clip.resampled(to: target)
            #expect(resampled.sampleRate == target)
            #expect(resampled.channels == decoded.channels)
            #expect(resampled.frameCount == entry["output_frames"] as? Int, "\(name) length")
            // The reference is stored whole, or (for long outputs) as values at indices (i · stride) mod size.
            let pairs: [(Float, Float)]
            if let full = entry["full"] as? String {
                let expected = try AudioFixtures.floats(full)
                #expect(expected.count == resampled.samples.count)
                pairs = Array(zip(resampled.samples, expected))
            } else {
                let sampled = try #require(entry["sampled"] as? [String: Any])
                let expected = try AudioFixtures.floats(try #require(sampled["file"] as? String))
                let stride = try #require(sampled["stride"] as? Int), size = resampled.samples.count
                pairs = expected.enumerated().map { (resampled.samples[($0.offset * stride) % size], $0.element) }
            }
            var squares = 0.0, worst = 0.0
            for (a, b) in pairs {
                let d = Double(a) - Double(b)
                squares += d * d
                worst = max(worst, abs(d))
            }
            let rms = (squares / Double(max(1, pairs.count))).squareRoot()
            #expect(rms <= 1e-3, "\(name): RMS difference \(rms)")
            #expect(worst <= 1e-4, "\(name): max |Δ| \(worst)")
        }
    }

    @Test("same rate returns the clip; non-positive rates throw")
    func edges() throws {
        let clip = try AudioFixtures.audio("short16k_pcm16.wav")
        #expect(try clip.resampled(to: 16000) == clip)
        #expect(throws: MediaError.self) { try clip.resampled(to: 0) }
        #expect(throws: MediaError.self) { try clip.resampled(to: -8000) }
    }
}
