import Foundation
import Tensors

/// The orthonormal DCT-II along the first dimension of `values` (`[n, frames]`, or a vector `[n]`), keeping the
/// first `count` coefficients (all `n` by default): `X[k] = s(k) · Σₙ x[n] · cos(πk(2n + 1) / 2N)` with
/// `s(0) = √(1/N)` and `s(k) = √(2/N)`, as `scipy.fft.dct(x, type=2, norm="ortho", axis=0)`. Accumulated in
/// double precision. Result `[count, frames]` (or `[count]`).
public func discreteCosineTransform(_ values: Tensor, count: Int? = nil) throws -> Tensor {
    guard values.rank == 1 || values.rank == 2, let n = values.shape.first, n > 0 else {
        throw MediaError.invalidSpectrogramParameter(name: "DCT input", value: "of shape \(values.shape)",
                                                     reason: "must be a non-empty [n] vector or [n, frames] matrix")
    }
    let outputs = count ?? n
    guard outputs >= 1, outputs <= n else {
        throw MediaError.invalidSpectrogramParameter(name: "coefficient count", value: "\(outputs)",
                                                     reason: "must be between 1 and the input length \(n)")
    }
    let frames = values.rank == 2 ? values.shape[1] : 1
    let input = values.pointer
    var output = Tensor(shape: values.rank == 2 ? [outputs, frames] : [outputs])
    let out = output.mutablePointer()
    var accumulator = [Double](repeating: 0, count: frames)
    accumulator.withUnsafeMutableBufferPointer { sum in
        for k in 0 ..< outputs {
            for f in 0 ..< frames { sum[f] = 0 }
            for i in 0 ..< n {
                let basis = cos(Double.pi * Double(k) * Double(2 * i + 1) / Double(2 * n))
                let row = input + i * frames
                for f in 0 ..< frames { sum[f] += basis * Double(row[f]) }
            }
            let scale = k == 0 ? (1 / Double(n)).squareRoot() : (2 / Double(n)).squareRoot()
            for f in 0 ..< frames { out[k * frames + f] = Float(sum[f] * scale) }
        }
    }
    return output
}

/// MFCCs from a log-power mel spectrogram (`[mels, frames]`, e.g. ``powerToDB(_:reference:amin:topDB:)`` of a
/// mel spectrogram): the first `count` orthonormal DCT-II coefficients per frame, then, when `lifter > 0`,
/// coefficient `k` multiplied by `1 + (lifter / 2) · sin(π(k + 1) / lifter)` — `librosa.feature.mfcc(S=…,
/// n_mfcc=count, dct_type=2, norm="ortho", lifter=lifter)`.
public func mfcc(fromLogMel logMel: Tensor, count: Int = 20, lifter: Double = 0) throws -> Tensor {
    guard lifter >= 0, lifter.isFinite else {
        throw MediaError.invalidSpectrogramParameter(name: "lifter", value: "\(lifter)", reason: "must be 0 or positive")
    }
    var coefficients = try discreteCosineTransform(logMel, count: count)
    guard lifter > 0 else { return coefficients }
    let frames = coefficients.rank == 2 ? coefficients.shape[1] : 1
    let out = coefficients.mutablePointer()
    for k in 0 ..< coefficients.shape[0] {
        let weight = 1 + (lifter / 2) * sin(Double.pi * Double(k + 1) / lifter)
        for f in 0 ..< frames { out[k * frames + f] = Float(Double(out[k * frames + f]) * weight) }
    }
    return coefficients
}

extension Audio {
    /// `librosa.stft` magnitude raised to `power` (default 2: the power spectrogram) of a mono clip,
    /// `[nFFT / 2 + 1, frames]`, with librosa's defaults (frames of 2048, hop `winLength / 4`, Hann, centred
    /// with zero padding). See ``STFT``.
    public func spectrogram(nFFT: Int = 2048, hopLength: Int? = nil, winLength: Int? = nil,
                            window: STFT.Window = .hann, center: Bool = true, padding: STFT.Padding = .constant,
                            power: Double = 2) throws -> Tensor {
        let stft = try STFT(nFFT: nFFT, hopLength: hopLength, winLength: winLength, window: window, center: center,
                            padding: padding)
        return try stft.spectrogram(STFT.monoSamples(self, operation: "spectrogram"), power: power)
    }

    /// The mel spectrogram of a mono clip, `[nMels, frames]`: `librosa.feature.melspectrogram(y=…, sr=sampleRate,
    /// …)` with the same defaults (n_fft 2048, hop 512, 128 Slaney mels up to `sampleRate / 2`, Slaney-normalised,
    /// power 2, centred with zero padding).
    ///
    /// ```swift
    /// let mel = try audio.mono().melSpectrogram(nFFT: 400, hopLength: 160, nMels: 80)
    /// let logMel = powerToDB(mel)
    /// ```
    public func melSpectrogram(nFFT: Int = 2048, hopLength: Int? = nil, winLength: Int? = nil,
                               window: STFT.Window = .hann, center: Bool = true, padding: STFT.Padding = .constant,
                               power: Double = 2, nMels: Int = 128, fMin: Double = 0, fMax: Double? = nil,
                               htk: Bool = false, norm: MelFilterBank.Normalization? = .slaney) throws -> Tensor {
        let stft = try STFT(nFFT: nFFT, hopLength: hopLength, winLength: winLength, window: window, center: center,
                            padding: padding)
        let bank = try MelFilterBank.librosa(sampleRate: sampleRate, nFFT: nFFT, nMels: nMels, fMin: fMin, fMax: fMax,
                                             htk: htk, norm: norm)
        return try bank.apply(stft.spectrogram(STFT.monoSamples(self, operation: "melSpectrogram"), power: power))
    }

    /// MFCCs of a mono clip, `[count, frames]`: `librosa.feature.mfcc(y=…, sr=sampleRate, n_mfcc=count,
    /// lifter=lifter, …)`, i.e. the DCT-II (orthonormal) of `powerToDB(melSpectrogram(…))` (ref 1, amin 1e-10,
    /// top_db 80), with librosa's defaults for the mel spectrogram.
    public func mfcc(count: Int = 20, nFFT: Int = 2048, hopLength: Int? = nil, winLength: Int? = nil,
                     window: STFT.Window = .hann, center: Bool = true, padding: STFT.Padding = .constant,
                     nMels: Int = 128, fMin: Double = 0, fMax: Double? = nil, htk: Bool = false,
                     norm: MelFilterBank.Normalization? = .slaney, lifter: Double = 0) throws -> Tensor {
        let mel = try melSpectrogram(nFFT: nFFT, hopLength: hopLength, winLength: winLength, window: window,
                                     center: center, padding: padding, nMels: nMels, fMin: fMin, fMax: fMax,
                                     htk: htk, norm: norm)
        return try Media.mfcc(fromLogMel: powerToDB(mel), count: count, lifter: lifter)
    }
}
