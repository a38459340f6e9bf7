import Foundation
import Testing
import Tensors
@testable import Media

/// FeatureExtractor vs transformers 5.24 (Fixtures/audio/extractors.json). Whisper's reference is transformers'
/// default torch path (float32 torch.stft), which the script records to differ from its float64 numpy path by
/// at most 4e-5; this float64 implementation follows the numpy path, so each value must be within 1e-4
/// (absolute) of the reference. Wav2Vec2 values are compared within 1e-4 absolute (they are of order 1).
@Suite("Audio feature extractors")
struct AudioFeatureExtractorTests {
    static func cases() throws -> [[String: Any]] {
        try #require(AudioFixtures.json("extractors.json")["cases"] as? [[String: Any]])
    }

    static func extractor(_ config: String) throws -> FeatureExtractor {
        try FeatureExtractor(folder: AudioFixtures.url("configs/\(config)"))
    }

    /// `[mels, frames]` of row `row` restricted to frames `range`, flattened row-major.
    static func slice(_ values: Tensor, row: Int, frames range: Range<Int>) -> [Float] {
        let mels = values.shape[1], frames = values.shape[2]
        let scalars = values.scalars
        var out = [Float]()
        for m in 0 ..< mels {
            let base = (row * mels + m) * frames
            out += scalars[base + range.lowerBound ..< base + range.upperBound]
        }
        return out
    }

    @Test("Whisper log-mel features match transformers on single clips")
    func whisperSingles() throws {
        for entry in try Self.cases() where entry["items"] != nil {
            let name = try #require(entry["name"] as? String)
            let key = try #require((entry["inputs"] as? [String])?.first)
            if key == "tone8k_resampled" { continue }   // input made by scipy; covered by the resampler tests
            let extractor = try Self.extractor(try #require(entry["config"] as? String))
            let audio = try AudioFixtures.extractorInput(key)
            let inputs = try extractor(audio)
            let item = try #require((entry["items"] as? [[String: Any]])?.first)
            let shape = try #require(item["shape"] as? [Int])
            #expect(inputs.name == "input_features")
            #expect(inputs.values.shape == [1] + shape, "\(name)")
            #expect(inputs.sampleCounts == [audio.samples.count])
            let realFrames = try #require(item["real_frames"] as? Int)
            #expect(inputs.attentionMask?.count == 1)
            #expect(inputs.attentionMask?[0].count == shape[1])
            #expect(inputs.attentionMask?[0].reduce(0, +) == realFrames, "\(name) mask")
            let head = try #require(item["head_frames"] as? Int)
            let headValues = Self.slice(inputs.values, row: 0, frames: 0 ..< head)
            let headError = try AudioFixtures.maxAbsDifference(headValues, entry: try #require(item["head"] as? [String: Any]))
            #expect(headError <= 1e-4, "\(name): head max |Δ| \(headError)")
            if let tail = item["tail_value"] as? Double {
                let tailValues = Self.slice(inputs.values, row: 0, frames: head ..< shape[1])
                let tailError = tailValues.map { abs(Double($0) - tail) }.max() ?? 0
                #expect(tailError <= 1e-4, "\(name): padding frames max |Δ| \(tailError)")
            }
            if let whole = item["whole"] as? [String: Any] {
                let error = try AudioFixtures.maxAbsDifference(inputs.values.scalars, entry: whole)
                #expect(error <= 1e-4, "\(name): whole max |Δ| \(error)")
            }
            let means = try AudioFixtures.floats(try #require(item["frame_means"] as? String))
            let ours = (0 ..< shape[1]).map { t in
                Self.slice(inputs.values, row: 0, frames: t ..< t + 1).reduce(0.0) { $0 + Double($1) } / Double(shape[0])
            }
            let meanError = zip(ours, means).map { abs($0 - Double($1)) }.max() ?? 0
            #expect(meanError <= 1e-4, "\(name): frame means max |Δ| \(meanError)")
        }
    }

    @Test("Whisper batch of two lengths: rows equal the singles, masks count real frames")
    func whisperBatch() throws {
        let extractor = try Self.extractor("whisper")
        let short = try AudioFixtures.extractorInput("short"), sweep = try AudioFixtures.extractorInput("sweep")
        let batch = try extractor([short, sweep])
        #expect(batch.values.shape == [2, 80, 3000])
        #expect(batch.sampleCounts == [4800, 19753])
        let mask = try #require(batch.attentionMask)
        #expect(mask.map { $0.count } == [3000, 3000])
        #expect(mask.map { $0.reduce(0, +) } == [30, 124])          // ceil(samples / 160), as transformers
        #expect(mask[0].prefix(30).allSatisfy { $0 == 1 } && mask[0].dropFirst(30).allSatisfy { $0 == 0 })
        let single = try extractor(sweep)
        #expect(Self.slice(batch.values, row: 1, frames: 0 ..< 3000) == single.values.scalars)
    }

    @Test("Whisper cuts clips longer than 30 s and keeps their sample count")
    func whisperCut() throws {
        let extractor = try Self.extractor("whisper")
        let long = try AudioFixtures.extractorInput("long")
        let inputs = try extractor(long)
        #expect(inputs.sampleCounts == [496_000])
        #expect(inputs.attentionMask?[0].allSatisfy { $0 == 1 } == true)
    }

    @Test("Wav2Vec2 values match transformers, singles and padded batches with and without masks")
    func wav2vec2() throws {
        for entry in try Self.cases() where (entry["config"] as? String)?.hasPrefix("wav2vec2") == true {
            let name = try #require(entry["name"] as? String)
            let extractor = try Self.extractor(try #require(entry["config"] as? String))
            let keys = try #require(entry["inputs"] as? [String])
            let audios = try keys.map(AudioFixtures.extractorInput)
            let inputs = try extractor(audios)
            #expect(inputs.name == "input_values")
            let lengths = audios.map(\.samples.count)
            #expect(inputs.values.shape == [audios.count, lengths.max() ?? 0], "\(name)")
            #expect(inputs.sampleCounts == lengths)
            if let expectedMask = entry["attention_mask"] as? [Int] {
                #expect(inputs.attentionMask?.map { $0.reduce(0, +) } == expectedMask, "\(name) mask")
            } else {
                #expect(inputs.attentionMask == nil, "\(name) mask")
            }
            let single = try #require(entry["values"] as? [String: Any])
            let rows = (entry["rows"] as? [[String: Any]]) ?? [single]
            let width = inputs.values.shape[1], scalars = inputs.values.scalars
            for (row, reference) in rows.enumerated() {
                let values = rows.count == 1 ? scalars : Array(scalars[row * width ..< (row + 1) * width])
                let error = try AudioFixtures.maxAbsDifference(values, entry: reference)
                #expect(error <= 1e-4, "\(name) row \(row): max |Δ| \(error)")
            }
        }
    }

    @Test("Class defaults are filled in and the sample rate is the config's")
    func defaults() throws {
        let whisper = try FeatureExtractor(config: FeatureExtractorConfig(featureExtractorType: "WhisperFeatureExtractor"))
        #expect(whisper.kind == .whisper)
        #expect(whisper.samplingRate == 16000)
        #expect(whisper.config.featureSize == 80 && whisper.config.nFFT == 400 && whisper.config.hopLength == 160)
        #expect(whisper.config.chunkLength == 30 && whisper.config.doNormalize == false)
        let wav2vec2 = try FeatureExtractor(config: FeatureExtractorConfig(featureExtractorType: "Wav2Vec2FeatureExtractor",
                                                                           samplingRate: 8000))
        #expect(wav2vec2.kind == .wav2vec2 && wav2vec2.samplingRate == 8000 && wav2vec2.config.doNormalize == true)
        #expect(wav2vec2.config.returnAttentionMask == false && wav2vec2.config.paddingValue == 0)
    }

    @Test("padding_side left puts padding first; padding_value fills it; invalid values name the key")
    func leftPadding() throws {
        let config = FeatureExtractorConfig(featureExtractorType: "Wav2Vec2FeatureExtractor", paddingValue: -2,
                                            paddingSide: "left", returnAttentionMask: true, doNormalize: false)
        let extractor = try FeatureExtractor(config: config)
        let a = try Audio(samples: [0.5, -0.25], sampleRate: 16000), b = try Audio(samples: [0.1, 0.2, 0.3, 0.4], sampleRate: 16000)
        let inputs = try extractor([a, b])
        #expect(inputs.values.shape == [2, 4])
        #expect(inputs.values.scalars == [-2, -2, 0.5, -0.25, 0.1, 0.2, 0.3, 0.4])
        #expect(inputs.attentionMask == [[0, 0, 1, 1], [1, 1, 1, 1]])
        #expect(inputs.sampleCounts == [2, 4])
        let bad = FeatureExtractorConfig(featureExtractorType: "Wav2Vec2FeatureExtractor", paddingSide: "middle")
        let error = #expect(throws: MediaError.self) { try FeatureExtractor(config: bad, path: "m/preprocessor_config.json") }
        #expect(error?.localizedDescription.contains("padding_side") == true)
        #expect(error?.localizedDescription.contains("m/preprocessor_config.json") == true)
    }

    @Test("Wav2Vec2 normalisation with a mask covers real samples only and resets padding")
    func maskedNormalisation() throws {
        let config = FeatureExtractorConfig(featureExtractorType: "Wav2Vec2FeatureExtractor", paddingValue: 0,
                                            returnAttentionMask: true, doNormalize: true)
        let extractor = try FeatureExtractor(config: config)
        let a = try Audio(samples: [1, 3], sampleRate: 16000), b = try Audio(samples: [0, 0, 0, 4], sampleRate: 16000)
        let values = try extractor([a, b]).values.scalars
        let scale = Float(1 / (1 + 1e-7).squareRoot())       // mean 2, variance 1
        #expect(abs(values[0] + scale) < 1e-6 && abs(values[1] - scale) < 1e-6)
        #expect(values[2] == 0 && values[3] == 0)
        let bScale = Float(1 / (3 + 1e-7).squareRoot())      // mean 1, variance 3
        #expect(abs(values[4] + bScale) < 1e-6 && abs(values[7] - 3 * bScale) < 1e-6)
    }

    @Test("Wrong sample rate, stereo audio, empty batches and unknown classes give clear errors")
    func errors() throws {
        let extractor = try Self.extractor("whisper")
        let tone = try AudioFixtures.audio("tone8k_pcm16.wav")
        let rateError = #expect(throws: MediaError.self) { try extractor(tone) }
        let rateMessage = rateError?.localizedDescription ?? ""
        #expect(rateMessage.contains("16000") && rateMessage.contains("8000")
                && rateMessage.contains("audio.resampled(to: 16000)"), "\(rateMessage)")
        let stereo = try AudioFixtures.audio("stereo22k_pcm24.wav").resampled(to: 16000)
        let monoError = #expect(throws: MediaError.self) { try extractor(stereo) }
        #expect(monoError?.localizedDescription.contains("mono()") == true)
        #expect(throws: MediaError.emptyAudioBatch) { try extractor([Audio]()) }
        let unknown = #expect(throws: MediaError.self) {
            try FeatureExtractor(config: FeatureExtractorConfig(featureExtractorType: "GE2EFeatureExtractor"), path: "x/preprocessor_config.json")
        }
        let message = unknown?.localizedDescription ?? ""
        #expect(message.contains("GE2EFeatureExtractor") && message.contains("x/preprocessor_config.json")
                && message.contains("WhisperFeatureExtractor") && message.contains("Wav2Vec2FeatureExtractor"), "\(message)")
        #expect(throws: MediaError.self) {
            try FeatureExtractor(config: FeatureExtractorConfig(featureExtractorType: "WhisperFeatureExtractor", dither: 1))
        }
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-model-\(UUID())")
        #expect(throws: MediaError.featureExtractorConfigNotFound(folder: missing.path)) { try FeatureExtractor(folder: missing) }
    }
}
