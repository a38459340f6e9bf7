import Foundation
import Media
import ModelHub
import Tensors
import Testing
@testable import Encoders

/// Readers for `Fixtures/speaker/` (written by `Scripts/reference/make_speaker_fixtures.py`).
enum SpeakerFixtures {
    static func url(_ path: String) throws -> URL { try Fixtures.folder("speaker/\(path)") }

    static func reference() throws -> [String: Any] { try Fixtures.json("speaker/reference.json") }

    static func tensors() throws -> SafeTensorsFile { try SafeTensorsFile(url: url("reference.safetensors")) }

    static func clips() throws -> [[String: Any]] { try #require(reference()["clips"] as? [[String: Any]]) }

    /// A fixture clip as Resemblyzer read it (16-bit PCM / 32768), times its `scale` if it has one.
    static func audio(_ clip: [String: Any]) throws -> Audio {
        let samples = try pcm16(url(try #require(clip["file"] as? String)))
        let scale = Float(clip["scale"] as? Double ?? 1)
        return try Audio(samples: scale == 1 ? samples : samples.map { $0 * scale }, sampleRate: 16000)
    }

    /// The samples of a mono 16-bit PCM WAV file (a minimal RIFF reader for the fixtures only).
    static func pcm16(_ url: URL) throws -> [Float] {
        let bytes = [UInt8](try Data(contentsOf: url))
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        try #require(bytes.count >= 12 && String(decoding: bytes[0 ..< 4], as: UTF8.self) == "RIFF")
        var position = 12, format: (channels: Int, rate: Int, bits: Int)?
        while position + 8 <= bytes.count {
            let id = String(decoding: bytes[position ..< position + 4], as: UTF8.self), size = u32(position + 4)
            let body = position + 8
            if id == "fmt " {
                format = (u16(body + 2), u32(body + 4), u16(body + 14))
            } else if id == "data" {
                let parsed = try #require(format)
                try #require(parsed.channels == 1 && parsed.rate == 16000 && parsed.bits == 16, "\(url.lastPathComponent): \(parsed)")
                return stride(from: body, to: min(body + size, bytes.count) - 1, by: 2).map {
                    Float(Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8)) / 32768
                }
            }
            position = body + size + (size & 1)
        }
        throw EncoderError.invalidInput(model: url.lastPathComponent, reason: "no data chunk")
    }

    /// `[[start, stop]]` pairs as ranges.
    static func ranges(_ value: Any?) throws -> [Range<Int>] {
        try #require(value as? [[Int]]).map { $0[0] ..< $0[1] }
    }
}

/// Mel features, loudness normalisation and partial slicing against Resemblyzer / librosa.
@Suite("Speaker encoder features match Resemblyzer and librosa")
struct SpeakerFeaturesTests {
    static let extractor: SpeakerFeatureExtractor? = try? SpeakerFeatureExtractor(config: .resemblyzer)

    @Test("the Slaney mel filter bank equals librosa.filters.mel (float32)")
    func filterBank() throws {
        let extractor = try #require(Self.extractor)
        let expected = try SpeakerFixtures.tensors().tensor("mel_filters")
        #expect(extractor.melFilters.shape == [40, 201])
        #expect(extractor.melFilters.maxAbsDifference(expected) <= 1e-9)
    }

    @Test("full mel spectrograms are within 1e-4 relative of librosa, element by element")
    func fullMels() throws {
        let extractor = try #require(Self.extractor)
        let tensors = try SpeakerFixtures.tensors()
        let names = try #require(try SpeakerFixtures.reference()["full_mel_clips"] as? [String])
        for clip in try SpeakerFixtures.clips() where names.contains(clip["name"] as? String ?? "") {
            let name = try #require(clip["name"] as? String)
            let expected = try tensors.tensor("\(name).mel")
            let mel = extractor.melFrames(try SpeakerFixtures.audio(clip).samples)
            #expect(mel.shape == expected.shape, "\(name)")
            let worst = Self.worstRelativeError(mel, expected)
            #expect(worst <= 1e-4, "\(name): worst relative error \(worst)")
        }
    }

    @Test("every clip's mel frame and band sums are within 1e-4 relative of librosa's")
    func melSums() throws {
        let extractor = try #require(Self.extractor)
        let tensors = try SpeakerFixtures.tensors()
        for clip in try SpeakerFixtures.clips() {
            let name = try #require(clip["name"] as? String)
            let mel = extractor.melFrames(try SpeakerFixtures.audio(clip).samples)
            #expect(mel.shape[0] == clip["mel_frames"] as? Int, "\(name)")
            let frames = mel.sum(dim: 1), bands = mel.sum(dim: 0)
            #expect(Self.worstRelativeError(frames, try tensors.tensor("\(name).mel_frame_sums")) <= 1e-4, "\(name) frames")
            #expect(Self.worstRelativeError(bands, try tensors.tensor("\(name).mel_band_sums")) <= 1e-4, "\(name) bands")
        }
    }

    @Test("loudness gains equal normalize_volume's to 1e-5 (increase only)")
    func loudness() throws {
        for clip in try SpeakerFixtures.clips() {
            let samples = try SpeakerFixtures.audio(clip).samples
            let gain = SpeakerFeatureExtractor.loudnessGain(samples, targetDBFS: -30, increaseOnly: true)
            let expected = try #require(clip["gain"] as? Double)
            #expect(abs(gain - expected) <= 1e-5 * expected, "\(clip["name"] ?? ""): \(gain) vs \(expected)")
        }
        #expect(SpeakerFeatureExtractor.loudnessGain([0, 0, 0], targetDBFS: -30, increaseOnly: true) == 1)
        // A decrease only when allowed: a full-scale square wave is at 0 dBFS.
        let loud = [Float](repeating: 1, count: 8)
        #expect(SpeakerFeatureExtractor.loudnessGain(loud, targetDBFS: -30, increaseOnly: true) == 1)
        #expect(abs(SpeakerFeatureExtractor.loudnessGain(loud, targetDBFS: -30, increaseOnly: false) - pow(10, -1.5)) < 1e-6)
    }

    @Test("partial slices are identical to compute_partial_slices for the clips and edge lengths")
    func partialSlices() throws {
        let reference = try SpeakerFixtures.reference()
        var cases = try #require(reference["slice_cases"] as? [[String: Any]])
        for clip in try SpeakerFixtures.clips() {
            cases.append(["samples": clip["samples"] ?? 0, "rate": 1.3, "min_coverage": 0.75,
                          "mel_slices": clip["mel_slices"] ?? [], "wav_slices": clip["wav_slices"] ?? []])
        }
        #expect(cases.count > 70)
        for entry in cases {
            let samples = try #require(entry["samples"] as? Int)
            let rate = try #require(entry["rate"] as? Double), coverage = try #require(entry["min_coverage"] as? Double)
            let slices = try SpeakerPartial.slices(sampleCount: samples, sampleRate: 16000, hopLength: 160, windowFrames: 160,
                                                   rate: rate, minCoverage: coverage)
            let label = "\(samples) samples, rate \(rate), coverage \(coverage)"
            #expect(slices.map(\.frames) == (try SpeakerFixtures.ranges(entry["mel_slices"])), "\(label)")
            #expect(slices.map(\.samples) == (try SpeakerFixtures.ranges(entry["wav_slices"])), "\(label)")
        }
    }

    @Test("impossible partial settings are refused with the value at fault")
    func badSlices() {
        for (rate, coverage, fragment) in [(0.5, 0.75, "too low"), (20000.0, 0.75, "too high"), (1.3, 0.0, "min coverage"),
                                           (1.3, 1.5, "min coverage"), (-1.0, 0.75, "must be positive")] {
            let error = #expect(throws: EncoderError.self) {
                try SpeakerPartial.slices(sampleCount: 32000, sampleRate: 16000, hopLength: 160, windowFrames: 160,
                                          rate: rate, minCoverage: coverage)
            }
            #expect(error?.localizedDescription.contains(fragment) == true, "\(rate) \(coverage): \(error?.localizedDescription ?? "")")
        }
    }

    @Test("preprocessor configs with unsupported settings name the key")
    func badConfigs() throws {
        var config = SpeakerFeatureConfig.resemblyzer
        config.window = "hamming"
        #expect(throws: ModelFileError.self) { try SpeakerFeatureExtractor(config: config) }
        config = .resemblyzer
        config.padMode = "edge"
        let error = #expect(throws: ModelFileError.self) { try SpeakerFeatureExtractor(config: config, path: "p.json") }
        #expect(error?.localizedDescription.contains("pad_mode") == true)
        config = .resemblyzer
        config.fMax = 9000
        #expect(throws: ModelFileError.self) { try SpeakerFeatureExtractor(config: config) }
        config = .resemblyzer
        config.winLength = 200
        #expect(throws: ModelFileError.self) { try SpeakerFeatureExtractor(config: config) }
    }

    @Test("centred frames: 1 + samples / hop, zero padding; reflect padding mirrors the edges")
    func framing() throws {
        let extractor = try #require(Self.extractor)
        #expect(extractor.melFrames([Float](repeating: 0.1, count: 1)).shape == [1, 40])
        #expect(extractor.melFrames([Float](repeating: 0.1, count: 16000)).shape == [101, 40])
        #expect(extractor.melFrames([Float](repeating: 0, count: 480)).scalars.allSatisfy { $0 == 0 })
        // A pure tone lands in the band around its frequency.
        let tone = (0 ..< 4000).map { Float(sin(2 * Double.pi * 1000 * Double($0) / 16000)) }
        let mel = extractor.melFrames(tone)
        let middle = (0 ..< 40).map { mel[10, $0].scalar ?? 0 }
        let peak = try #require(middle.indices.max { middle[$0] < middle[$1] })
        #expect(abs(SpeakerMelScale.slaney.hertz(SpeakerMelScale.slaney.mel(8000) * Double(peak + 1) / 41) - 1000) < 120)
        var reflect = SpeakerFeatureConfig.resemblyzer
        reflect.padMode = "reflect"
        let mirrored = try SpeakerFeatureExtractor(config: reflect).melFrames(tone)
        #expect(mirrored.shape == mel.shape)
        #expect(mirrored[0, 5].scalar != mel[0, 5].scalar)
        #expect(mirrored[10, 5].scalar == mel[10, 5].scalar)
    }

    /// Largest |a − b| / |b| (0 where both are 0); `.infinity` when the shapes differ.
    static func worstRelativeError(_ a: Tensor, _ b: Tensor) -> Double {
        guard a.shape == b.shape else { return .infinity }
        let x = a.scalars, y = b.scalars
        var worst = 0.0
        for i in x.indices where x[i] != y[i] {
            worst = max(worst, abs(Double(x[i]) - Double(y[i])) / abs(Double(y[i])))
        }
        return worst
    }
}
