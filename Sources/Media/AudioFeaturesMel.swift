import Foundation
import Tensors

/// Mel frequency scales.
public enum MelScale: String, Sendable, CaseIterable {
    /// `2595 · log10(1 + f / 700)` (HTK; torchaudio's default).
    case htk
    /// Slaney's Auditory Toolbox scale: linear below 1 kHz (`3f / 200`), logarithmic above (librosa's and
    /// Whisper's default).
    case slaney
    /// `1127 · ln(1 + f / 700)` (Kaldi).
    case kaldi

    /// Hertz to mels, as transformers' `hertz_to_mel` computes it.
    public func mel(fromHertz hertz: Double) -> Double {
        switch self {
        case .htk: return 2595 * log10(1 + hertz / 700)
        case .kaldi: return 1127 * log(1 + hertz / 700)
        case .slaney:
            return hertz >= 1000 ? 15 + log(hertz / 1000) * (27 / log(6.4)) : 3 * hertz / 200
        }
    }

    /// Mels to hertz, as transformers' `mel_to_hertz` computes it.
    public func hertz(fromMel mel: Double) -> Double {
        switch self {
        case .htk: return 700 * (pow(10, mel / 2595) - 1)
        case .kaldi: return 700 * (exp(mel / 1127) - 1)
        case .slaney:
            return mel >= 15 ? 1000 * exp(log(6.4) / 27 * (mel - 15)) : 200 * mel / 3
        }
    }

    /// Hertz to mels in librosa's arrangement of the same formulas (`hz_to_mel`).
    static func librosaMel(fromHertz hertz: Double, htk: Bool) -> Double {
        if htk { return 2595 * log10(1 + hertz / 700) }
        let fSp = 200.0 / 3, minLogHz = 1000.0
        let minLogMel = minLogHz / fSp, logStep = log(6.4) / 27
        return hertz >= minLogHz ? minLogMel + log(hertz / minLogHz) / logStep : hertz / fSp
    }

    /// Mels to hertz in librosa's arrangement (`mel_to_hz`).
    static func librosaHertz(fromMel mel: Double, htk: Bool) -> Double {
        if htk { return 700 * (pow(10, mel / 2595) - 1) }
        let fSp = 200.0 / 3, minLogHz = 1000.0
        let minLogMel = minLogHz / fSp, logStep = log(6.4) / 27
        return mel >= minLogMel ? minLogHz * exp(logStep * (mel - minLogMel)) : fSp * mel
    }
}

/// A bank of triangular mel filters, `weights` `[mels, bins]`, that turns a `[bins, frames]` power (or
/// magnitude) spectrogram into a `[mels, frames]` mel spectrogram.
///
/// librosa and transformers build the triangles alike but differ in details, so both are implemented and
/// each matches its library to float32 rounding:
/// * ``librosa(sampleRate:nFFT:nMels:fMin:fMax:htk:norm:)``: FFT bin frequencies `k · sr / nFFT`, weights
///   rounded to float32 before the Slaney area normalisation (which is then applied in float32), HTK or Slaney
///   scale only;
/// * ``transformers(frequencyBins:melFilters:minFrequency:maxFrequency:sampleRate:norm:scale:triangularizeInMelSpace:)``:
///   bin frequencies `linspace(0, sr // 2, bins)` (integer half rate), everything in float64, three scales, and
///   optionally triangles drawn in mel space (torchaudio/Kaldi style), where the Slaney normalisation then uses
///   mel widths.
public struct MelFilterBank: Sendable {
    /// Filter normalisation.
    public enum Normalization: String, Sendable {
        /// Each triangle divided by half its width in Hz (`2 / (f[i + 2] − f[i])`): constant energy per
        /// channel (librosa's default `norm="slaney"`, Whisper's filters).
        case slaney
    }

    /// `[mels, bins]` float32 weights.
    public let weights: Tensor

    /// Number of mel filters.
    public var melCount: Int { weights.shape[0] }
    /// Number of spectrogram bins each filter spans (`nFFT / 2 + 1`).
    public var binCount: Int { weights.shape[1] }

    /// `librosa.filters.mel(sr=sampleRate, n_fft=nFFT, n_mels=nMels, fmin=fMin, fmax=fMax, htk=htk,
    /// norm=norm)` (`fMax` defaults to `sampleRate / 2`; `norm` nil is `norm=None`).
    public static func librosa(sampleRate: Int, nFFT: Int, nMels: Int = 128, fMin: Double = 0, fMax: Double? = nil,
                               htk: Bool = false, norm: Normalization? = .slaney) throws -> MelFilterBank {
        let fMax = fMax ?? Double(sampleRate) / 2
        try check(sampleRate: sampleRate, bins: nFFT / 2 + 1, mels: nMels, fMin: fMin, fMax: fMax)
        let bins = nFFT / 2 + 1
        // np.fft.rfftfreq(n_fft, 1 / sr): k · (1 / (n_fft · (1 / sr))).
        let binStep = 1.0 / (Double(nFFT) * (1.0 / Double(sampleRate)))
        let fftFrequencies = (0 ..< bins).map { Double($0) * binStep }
        let mels = linspace(MelScale.librosaMel(fromHertz: fMin, htk: htk),
                            MelScale.librosaMel(fromHertz: fMax, htk: htk), count: nMels + 2)
        let melFrequencies = mels.map { MelScale.librosaHertz(fromMel: $0, htk: htk) }
        var weights = [Float](repeating: 0, count: nMels * bins)
        for i in 0 ..< nMels {
            let lowerWidth = melFrequencies[i + 1] - melFrequencies[i]
            let upperWidth = melFrequencies[i + 2] - melFrequencies[i + 1]
            let enorm = 2 / (melFrequencies[i + 2] - melFrequencies[i])
            for k in 0 ..< bins {
                let lower = -(melFrequencies[i] - fftFrequencies[k]) / lowerWidth
                let upper = (melFrequencies[i + 2] - fftFrequencies[k]) / upperWidth
                var weight = Float(max(0, min(lower, upper)))
                if norm == .slaney { weight = Float(Double(weight) * enorm) }
                weights[i * bins + k] = weight
            }
        }
        return try MelFilterBank(weights: Tensor(shape: [nMels, bins], scalars: weights))
    }

    /// `transformers.audio_utils.mel_filter_bank(num_frequency_bins=frequencyBins,
    /// num_mel_filters=melFilters, min_frequency=…, max_frequency=…, sampling_rate=…, norm=…, mel_scale=…,
    /// triangularize_in_mel_space=…)`, transposed to `[mels, bins]` and rounded to float32 (as Whisper's
    /// torch path does before using it).
    public static func transformers(frequencyBins: Int, melFilters: Int, minFrequency: Double, maxFrequency: Double,
                                    sampleRate: Int, norm: Normalization? = nil, scale: MelScale = .htk,
                                    triangularizeInMelSpace: Bool = false) throws -> MelFilterBank {
        try check(sampleRate: sampleRate, bins: frequencyBins, mels: melFilters, fMin: minFrequency, fMax: maxFrequency)
        let melFrequencies = linspace(scale.mel(fromHertz: minFrequency), scale.mel(fromHertz: maxFrequency),
                                      count: melFilters + 2)
        let fftFrequencies: [Double]
        let filterFrequencies: [Double]
        if triangularizeInMelSpace {
            let binWidth = Double(sampleRate) / Double((frequencyBins - 1) * 2)
            fftFrequencies = (0 ..< frequencyBins).map { scale.mel(fromHertz: binWidth * Double($0)) }
            filterFrequencies = melFrequencies
        } else {
            fftFrequencies = linspace(0, Double(sampleRate / 2), count: frequencyBins)
            filterFrequencies = melFrequencies.map { scale.hertz(fromMel: $0) }
        }
        var weights = [Float](repeating: 0, count: melFilters * frequencyBins)
        for i in 0 ..< melFilters {
            let downWidth = filterFrequencies[i + 1] - filterFrequencies[i]
            let upWidth = filterFrequencies[i + 2] - filterFrequencies[i + 1]
            let enorm = norm == .slaney ? 2 / (filterFrequencies[i + 2] - filterFrequencies[i]) : 1
            for k in 0 ..< frequencyBins {
                let down = -(filterFrequencies[i] - fftFrequencies[k]) / downWidth
                let up = (filterFrequencies[i + 2] - fftFrequencies[k]) / upWidth
                weights[i * frequencyBins + k] = Float(max(0, min(down, up)) * enorm)
            }
        }
        return try MelFilterBank(weights: Tensor(shape: [melFilters, frequencyBins], scalars: weights))
    }

    /// Filters built elsewhere, `[mels, bins]`.
    public init(weights: Tensor) throws {
        guard weights.rank == 2 else {
            throw MediaError.invalidSpectrogramParameter(name: "mel weights", value: "of shape \(weights.shape)",
                                                         reason: "must be [mels, bins]")
        }
        self.weights = weights
    }

    /// `weights · spectrogram`: `[bins, frames]` → `[mels, frames]` (float32 BLAS, as librosa's `einsum`).
    public func apply(_ spectrogram: Tensor) throws -> Tensor {
        guard spectrogram.rank == 2, spectrogram.shape[0] == binCount else {
            throw MediaError.invalidSpectrogramParameter(
                name: "spectrogram", value: "of shape \(spectrogram.shape)",
                reason: "must be [\(binCount), frames] for this filter bank of \(melCount) × \(binCount)")
        }
        return matmul(weights, spectrogram)
    }

    /// numpy's `linspace(start, stop, count)`: `start + i · step`, the last value exactly `stop`.
    static func linspace(_ start: Double, _ stop: Double, count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (stop - start) / Double(count - 1)
        var values = (0 ..< count).map { Double($0) * step + start }
        values[count - 1] = stop
        return values
    }

    private static func check(sampleRate: Int, bins: Int, mels: Int, fMin: Double, fMax: Double) throws {
        guard sampleRate > 0 else {
            throw MediaError.invalidSpectrogramParameter(name: "sample rate", value: "\(sampleRate)", reason: "must be positive")
        }
        guard bins >= 2 else {
            throw MediaError.invalidSpectrogramParameter(name: "frequency bin count", value: "\(bins)", reason: "must be at least 2")
        }
        guard mels >= 1 else {
            throw MediaError.invalidSpectrogramParameter(name: "mel filter count", value: "\(mels)", reason: "must be at least 1")
        }
        guard fMin.isFinite, fMax.isFinite, fMin >= 0, fMin <= fMax else {
            throw MediaError.invalidSpectrogramParameter(name: "frequency range", value: "\(fMin)…\(fMax) Hz",
                                                         reason: "must satisfy 0 ≤ fMin ≤ fMax")
        }
    }
}
