import Foundation
import Media
import ModelHub
import Tensors

/// `preprocessor_config.json` of a GE2E speaker encoder: how a waveform becomes the mel frames the
/// LSTM reads (Resemblyzer's `hparams.py` and `audio.wav_to_mel_spectrogram`).
public struct SpeakerFeatureConfig: Codable, Sendable, Equatable {
    /// Expected rate of the audio, in hertz.
    public var samplingRate: Int
    /// FFT length (and window length) in samples.
    public var nFFT: Int
    /// Window length in samples; must equal `nFFT` when given.
    public var winLength: Int?
    /// Samples between frames.
    public var hopLength: Int
    /// Window function; only `"hann"` (periodic) is supported.
    public var window: String
    /// Whether frames are centred on their hop (the signal padded by `nFFT / 2` on both sides).
    public var center: Bool
    /// Padding when centred: `"constant"` (zeros, librosa ≥ 0.10's default) or `"reflect"`.
    public var padMode: String
    /// Exponent of the magnitude: 2 for power (Resemblyzer), 1 for magnitude.
    public var power: Double
    /// Number of mel bands.
    public var nMels: Int
    /// Lowest and highest filter frequencies in hertz (`fMax` defaults to half the sampling rate).
    public var fMin: Double
    public var fMax: Double?
    /// `"slaney"` or `"htk"`.
    public var melScale: String
    /// `"slaney"` (area-normalised filters) or `nil`.
    public var melNorm: String?
    /// Loudness that `SpeakerEncoder.preprocess(_:)` normalises to (dBFS), and whether it only amplifies.
    public var audioNormTargetDBFS: Double?
    public var audioNormIncreaseOnly: Bool

    enum CodingKeys: String, CodingKey {
        case samplingRate = "sampling_rate"
        case nFFT = "n_fft"
        case winLength = "win_length"
        case hopLength = "hop_length"
        case window, center, power
        case padMode = "pad_mode"
        case nMels = "n_mels"
        case fMin = "f_min"
        case fMax = "f_max"
        case melScale = "mel_scale"
        case melNorm = "mel_norm"
        case audioNormTargetDBFS = "audio_norm_target_dBFS"
        case audioNormIncreaseOnly = "audio_norm_increase_only"
    }

    /// Resemblyzer's settings: 16 kHz, 25 ms / 10 ms frames, 40 Slaney mel bands of power, −30 dBFS.
    public static let resemblyzer = SpeakerFeatureConfig(
        samplingRate: 16000, nFFT: 400, winLength: 400, hopLength: 160, window: "hann", center: true,
        padMode: "constant", power: 2, nMels: 40, fMin: 0, fMax: 8000, melScale: "slaney", melNorm: "slaney",
        audioNormTargetDBFS: -30, audioNormIncreaseOnly: true)

    public init(samplingRate: Int, nFFT: Int, winLength: Int?, hopLength: Int, window: String, center: Bool,
                padMode: String, power: Double, nMels: Int, fMin: Double, fMax: Double?, melScale: String,
                melNorm: String?, audioNormTargetDBFS: Double?, audioNormIncreaseOnly: Bool) {
        self.samplingRate = samplingRate
        self.nFFT = nFFT
        self.winLength = winLength
        self.hopLength = hopLength
        self.window = window
        self.center = center
        self.padMode = padMode
        self.power = power
        self.nMels = nMels
        self.fMin = fMin
        self.fMax = fMax
        self.melScale = melScale
        self.melNorm = melNorm
        self.audioNormTargetDBFS = audioNormTargetDBFS
        self.audioNormIncreaseOnly = audioNormIncreaseOnly
    }

    /// Sizes are required; the rest default to librosa's and Resemblyzer's values.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        samplingRate = try c.decode(Int.self, forKey: .samplingRate)
        nFFT = try c.decode(Int.self, forKey: .nFFT)
        winLength = try c.decodeIfPresent(Int.self, forKey: .winLength)
        hopLength = try c.decode(Int.self, forKey: .hopLength)
        window = try c.decodeIfPresent(String.self, forKey: .window) ?? "hann"
        center = try c.decodeIfPresent(Bool.self, forKey: .center) ?? true
        padMode = try c.decodeIfPresent(String.self, forKey: .padMode) ?? "constant"
        power = try c.decodeIfPresent(Double.self, forKey: .power) ?? 2
        nMels = try c.decode(Int.self, forKey: .nMels)
        fMin = try c.decodeIfPresent(Double.self, forKey: .fMin) ?? 0
        fMax = try c.decodeIfPresent(Double.self, forKey: .fMax)
        melScale = try c.decodeIfPresent(String.self, forKey: .melScale) ?? "slaney"
        melNorm = c.contains(.melNorm) ? try c.decodeIfPresent(String.self, forKey: .melNorm) : "slaney"
        audioNormTargetDBFS = try c.decodeIfPresent(Double.self, forKey: .audioNormTargetDBFS)
        audioNormIncreaseOnly = try c.decodeIfPresent(Bool.self, forKey: .audioNormIncreaseOnly) ?? true
    }
}

/// Turns 16 kHz mono audio into the speaker encoder's input: loudness normalisation and mel frames
/// equal to Resemblyzer's `normalize_volume` and `wav_to_mel_spectrogram` (librosa's
/// `melspectrogram`). Resemblyzer's WebRTC-VAD silence trimming is not implemented.
public struct SpeakerFeatureExtractor: Sendable {
    public let config: SpeakerFeatureConfig
    private let spectrogram: SpeakerMelSpectrogram

    /// Checks `config` (`path` names its file in errors) and builds the filter bank.
    public init(config: SpeakerFeatureConfig, path: String = "preprocessor_config.json") throws {
        func invalid(_ key: String, _ reason: String) -> ModelFileError {
            ModelFileError.invalidValue(path: path, key: key, reason: reason)
        }
        guard config.samplingRate > 0 else { throw invalid("sampling_rate", "must be positive, not \(config.samplingRate)") }
        guard config.nFFT >= 2 else { throw invalid("n_fft", "must be at least 2, not \(config.nFFT)") }
        guard config.winLength == nil || config.winLength == config.nFFT else {
            throw invalid("win_length", "must equal n_fft (\(config.nFFT)); shorter windows are not supported")
        }
        guard config.hopLength > 0 else { throw invalid("hop_length", "must be positive, not \(config.hopLength)") }
        guard config.window == "hann" else { throw invalid("window", "\"\(config.window)\" is not supported (only \"hann\")") }
        guard ["constant", "reflect"].contains(config.padMode) else {
            throw invalid("pad_mode", "\"\(config.padMode)\" is not supported (\"constant\" or \"reflect\")")
        }
        guard config.power == 1 || config.power == 2 else { throw invalid("power", "must be 1 or 2, not \(config.power)") }
        guard config.nMels > 0 else { throw invalid("n_mels", "must be positive, not \(config.nMels)") }
        guard let scale = SpeakerMelScale(rawValue: config.melScale) else {
            throw invalid("mel_scale", "\"\(config.melScale)\" is not supported (\"slaney\" or \"htk\")")
        }
        guard config.melNorm == nil || config.melNorm == "slaney" else {
            throw invalid("mel_norm", "\"\(config.melNorm ?? "")\" is not supported (\"slaney\" or null)")
        }
        let nyquist = Double(config.samplingRate) / 2, fMax = config.fMax ?? nyquist
        guard config.fMin >= 0, config.fMin < fMax, fMax <= nyquist else {
            throw invalid("f_max", "the band \(config.fMin)–\(fMax) Hz must lie within 0–\(nyquist) Hz and not be empty")
        }
        self.config = config
        let bank = SpeakerMelFilterBank(sampleRate: config.samplingRate, fftLength: config.nFFT, bands: config.nMels,
                                        minimumHertz: config.fMin, maximumHertz: fMax, scale: scale,
                                        slaneyNorm: config.melNorm == "slaney")
        spectrogram = SpeakerMelSpectrogram(fftLength: config.nFFT, hopLength: config.hopLength, center: config.center,
                                            reflectPadding: config.padMode == "reflect", power: config.power, filterBank: bank)
    }

    /// Reads `preprocessor_config.json` from a model folder.
    public init(folder: URL) throws {
        let file = try ConfigFile(url: folder.appendingPathComponent("preprocessor_config.json"))
        try self.init(config: file.decode(SpeakerFeatureConfig.self), path: file.url.path)
    }

    /// Mel frames `[frames, nMels]` of `samples` (mono, at `config.samplingRate`), without any normalisation.
    public func melFrames(_ samples: [Float]) -> Tensor {
        let frames = spectrogram.frameCount(samples: samples.count)
        let values = spectrogram.frames(samples)
        return Tensor(shape: [frames, config.nMels]) { out, count in
            for index in 0 ..< count { out[index] = values[index] }
        }
    }

    /// The mel filter bank `[nMels, nFFT / 2 + 1]` (float32, as `librosa.filters.mel` returns it).
    public var melFilters: Tensor {
        let bank = spectrogram.filterBank
        return Tensor(shape: [bank.bands, bank.bins]) { out, count in
            for index in 0 ..< count { out[index] = bank.weights[index] }
        }
    }

    /// The gain that brings `samples` to `targetDBFS` (RMS relative to 16-bit full scale, as Resemblyzer's
    /// `normalize_volume` measures it); 1 when `increaseOnly` and the audio is already louder, or when it is silent.
    public static func loudnessGain(_ samples: [Float], targetDBFS: Double, increaseOnly: Bool) -> Double {
        guard !samples.isEmpty else { return 1 }
        let fullScale = 32767.0
        var squares = 0.0
        for sample in samples { squares += (Double(sample) * fullScale) * (Double(sample) * fullScale) }
        let rms = (squares / Double(samples.count)).squareRoot()
        guard rms > 0 else { return 1 }
        let change = targetDBFS - 20 * log10(rms / fullScale)
        if change < 0, increaseOnly { return 1 }
        return pow(10, change / 20)
    }

    /// `samples` scaled to the configured loudness (unchanged when the config sets none).
    public func normalizedVolume(_ samples: [Float]) -> [Float] {
        guard let target = config.audioNormTargetDBFS else { return samples }
        let gain = Float(Self.loudnessGain(samples, targetDBFS: target, increaseOnly: config.audioNormIncreaseOnly))
        return gain == 1 ? samples : samples.map { $0 * gain }
    }
}

/// One partial utterance: a window of mel frames and the samples it covers (which may run past the
/// end of the waveform; the waveform is zero-padded to the last window's end).
public struct SpeakerPartial: Sendable, Equatable, CustomStringConvertible {
    /// Mel frame range.
    public let frames: Range<Int>
    /// Sample range (`frames` times the hop length).
    public let samples: Range<Int>

    public var description: String { "frames \(frames.lowerBound)..<\(frames.upperBound), samples \(samples.lowerBound)..<\(samples.upperBound)" }

    /// Resemblyzer's `VoiceEncoder.compute_partial_slices`: windows of `windowFrames` frames every
    /// round(sampleRate / rate / hop) frames over ceil((samples + 1) / hop) frames; the last window is
    /// dropped when it covers less than `minCoverage` of its samples and is not the only one.
    public static func slices(sampleCount: Int, sampleRate: Int, hopLength: Int, windowFrames: Int,
                              rate: Double, minCoverage: Double) throws -> [SpeakerPartial] {
        guard minCoverage > 0, minCoverage <= 1 else {
            throw EncoderError.invalidInput(model: "speaker encoder", reason: "min coverage \(minCoverage) must lie in (0, 1]")
        }
        guard rate > 0, rate.isFinite else {
            throw EncoderError.invalidInput(model: "speaker encoder", reason: "partial rate \(rate) must be positive")
        }
        let frameStep = Int((Double(sampleRate) / rate / Double(hopLength)).rounded(.toNearestOrEven))
        guard frameStep > 0 else {
            throw EncoderError.invalidInput(model: "speaker encoder", reason: "partial rate \(rate) per second is too high: windows would not advance")
        }
        guard frameStep <= windowFrames else {
            let lowest = Double(sampleRate) / Double(hopLength * windowFrames)
            throw EncoderError.invalidInput(model: "speaker encoder",
                                            reason: "partial rate \(rate) per second is too low: windows would leave gaps; use at least \(lowest)")
        }
        let frames = (sampleCount + hopLength) / hopLength     // ceil((n + 1) / hop)
        let steps = max(1, frames - windowFrames + frameStep + 1)
        var slices = stride(from: 0, to: steps, by: frameStep).map { start in
            SpeakerPartial(frames: start ..< start + windowFrames,
                           samples: start * hopLength ..< (start + windowFrames) * hopLength)
        }
        if let last = slices.last, slices.count > 1 {
            let coverage = Double(sampleCount - last.samples.lowerBound) / Double(last.samples.count)
            if coverage < minCoverage { slices.removeLast() }
        }
        return slices
    }
}
