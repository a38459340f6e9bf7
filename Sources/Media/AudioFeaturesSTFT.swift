import Foundation
import Tensors

/// A short-time Fourier transform: the signal is cut into overlapping frames `hopLength` samples apart,
/// each frame is multiplied by a window, zero-padded to `fftLength` and transformed. Results are
/// `[bins, frames]` tensors with `bins = fftLength / 2 + 1` (the one-sided spectrum).
///
/// Two initialisers follow the two Python conventions:
/// * ``init(nFFT:hopLength:winLength:window:center:padding:)`` is `librosa.stft` (frames of `nFFT` samples, a
///   `winLength` window centred in them, zero ("constant") centre padding by default as in librosa ≥ 0.10);
/// * ``init(frameLength:hopLength:fftLength:window:center:padding:)`` is `transformers.audio_utils.spectrogram`
///   (frames of `frameLength` samples placed at the start of an `fftLength` buffer, reflect padding by default,
///   as Whisper and torch.stft use).
///
/// With `center`, the signal is first padded by `frameLength / 2` samples on both sides so that frame `t` is
/// centred on sample `t · hopLength`; there are `1 + (paddedCount − frameLength) / hopLength` frames.
///
/// The transform is computed in double precision (mixed-radix FFT; any length, e.g. Whisper's 400) and the
/// result rounded to float32, so it matches numpy's float64 path exactly to float32 rounding and
/// float32 FFTs (librosa on float32 input, torch.stft) to their own rounding error.
///
/// ```swift
/// let stft = try STFT(nFFT: 400, hopLength: 160, padding: .reflect)
/// let power = try stft.spectrogram(audio.mono(), power: 2)     // [201, frames]
/// ```
public struct STFT: Sendable {
    /// The FFT size: the spectrum has `fftLength / 2 + 1` bins.
    public let fftLength: Int
    /// Samples per frame (the window's length, zero-padding included); at most `fftLength`.
    public let frameLength: Int
    /// Samples between the starts of consecutive frames.
    public let hopLength: Int
    /// The `frameLength` window values.
    public let window: [Double]
    /// Whether frames are centred on multiples of `hopLength` (the signal padded by `frameLength / 2`).
    public let center: Bool
    /// How the signal is extended when `center` is true.
    public let padding: Padding
    private let fft: RealFFT

    /// Frequency bins of the one-sided spectrum, `fftLength / 2 + 1`.
    public var binCount: Int { fftLength / 2 + 1 }

    /// `librosa.stft(y, n_fft=nFFT, hop_length=hopLength, win_length=winLength, window=window, center=center,
    /// pad_mode=padding)`: `hopLength` defaults to `winLength / 4` and `winLength` to `nFFT`; a shorter window
    /// is centred in the `nFFT`-sample frame (librosa's `pad_center`). librosa's default padding is
    /// `.constant` (zeros) since 0.10.
    public init(nFFT: Int = 2048, hopLength: Int? = nil, winLength: Int? = nil, window: Window = .hann,
                center: Bool = true, padding: Padding = .constant) throws {
        let windowLength = winLength ?? nFFT
        try Self.check(nFFT, name: "nFFT")
        try Self.check(windowLength, name: "winLength")
        guard windowLength <= nFFT else {
            throw MediaError.invalidSpectrogramParameter(name: "winLength", value: "\(windowLength)",
                                                         reason: "must not exceed nFFT (\(nFFT))")
        }
        var values = [Double](repeating: 0, count: nFFT)
        let offset = (nFFT - windowLength) / 2
        for (i, value) in window.values(length: windowLength).enumerated() { values[offset + i] = value }
        try self.init(frameLength: nFFT, hopLength: hopLength ?? max(1, windowLength / 4), fftLength: nFFT,
                      window: values, center: center, padding: padding)
    }

    /// `transformers.audio_utils.spectrogram(waveform, window, frame_length, hop_length, fft_length, center,
    /// pad_mode)`: frames of `frameLength` samples (the length of `window`, e.g.
    /// `STFT.Window.hann.values(length: 400)`), zero-padded at the end to `fftLength` (default `frameLength`).
    public init(frameLength: Int, hopLength: Int, fftLength: Int? = nil, window: [Double], center: Bool = true,
                padding: Padding = .reflect) throws {
        let fftLength = fftLength ?? frameLength
        try Self.check(frameLength, name: "frameLength")
        try Self.check(hopLength, name: "hopLength")
        try Self.check(fftLength, name: "fftLength")
        guard frameLength <= fftLength else {
            throw MediaError.invalidSpectrogramParameter(name: "frameLength", value: "\(frameLength)",
                                                         reason: "must not exceed fftLength (\(fftLength))")
        }
        guard window.count == frameLength else {
            throw MediaError.invalidSpectrogramParameter(name: "window", value: "of \(window.count) values",
                                                         reason: "must have frameLength (\(frameLength)) values")
        }
        guard window.allSatisfy(\.isFinite) else {
            throw MediaError.invalidSpectrogramParameter(name: "window", value: "values", reason: "must be finite")
        }
        self.fftLength = fftLength
        self.frameLength = frameLength
        self.hopLength = hopLength
        self.window = window
        self.center = center
        self.padding = padding
        fft = RealFFT(count: fftLength)
    }

    /// The number of frames for a signal of `sampleCount` samples (0 when not even one frame fits).
    public func frameCount(sampleCount: Int) -> Int {
        let padded = sampleCount + (center ? 2 * (frameLength / 2) : 0)
        return padded >= frameLength && sampleCount > 0 ? 1 + (padded - frameLength) / hopLength : 0
    }

    /// The complex STFT of mono samples: real and imaginary parts, each `[bins, frames]`.
    public func callAsFunction(_ samples: [Float]) throws -> ComplexSpectrogram {
        let frames = try checkedFrameCount(samples.count)
        let bins = binCount
        var real = Tensor(shape: [frames, bins]), imaginary = Tensor(shape: [frames, bins])
        let realOut = real.mutablePointer(), imaginaryOut = imaginary.mutablePointer()
        forEachFrame(samples, frames: frames) { frame, re, im in
            for k in 0 ..< bins {
                realOut[frame * bins + k] = Float(re[k])
                imaginaryOut[frame * bins + k] = Float(im[k])
            }
        }
        return ComplexSpectrogram(real: real.transposed(), imaginary: imaginary.transposed())
    }

    /// The complex STFT of a mono clip (throws ``MediaError/audioNotMono(extractor:channels:)`` otherwise).
    public func callAsFunction(_ audio: Audio) throws -> ComplexSpectrogram {
        try self(Self.monoSamples(audio))
    }

    /// `|STFT|^power` of mono samples, `[bins, frames]`: `power` 1 gives the magnitude spectrogram, 2 (the
    /// default) the power spectrogram.
    public func spectrogram(_ samples: [Float], power: Double = 2) throws -> Tensor {
        try frameMajorSpectrogram(samples, power: power).transposed()
    }

    /// `|STFT|^power` of a mono clip, `[bins, frames]`.
    public func spectrogram(_ audio: Audio, power: Double = 2) throws -> Tensor {
        try spectrogram(Self.monoSamples(audio), power: power)
    }

    /// `|STFT|^power` as `[frames, bins]` (no transpose), for the first `frameLimit` frames when given.
    func frameMajorSpectrogram(_ samples: [Float], power: Double, frameLimit: Int? = nil) throws -> Tensor {
        guard power > 0, power.isFinite else {
            throw MediaError.invalidSpectrogramParameter(name: "power", value: "\(power)", reason: "must be positive")
        }
        let frames = min(try checkedFrameCount(samples.count), frameLimit ?? .max)
        let bins = binCount
        var output = Tensor(shape: [frames, bins])
        let out = output.mutablePointer()
        forEachFrame(samples, frames: frames) { frame, re, im in
            let row = out + frame * bins
            if power == 2 {
                for k in 0 ..< bins { row[k] = Float(re[k] * re[k] + im[k] * im[k]) }
            } else if power == 1 {
                for k in 0 ..< bins { row[k] = Float((re[k] * re[k] + im[k] * im[k]).squareRoot()) }
            } else {
                for k in 0 ..< bins { row[k] = Float(pow((re[k] * re[k] + im[k] * im[k]).squareRoot(), power)) }
            }
        }
        return output
    }

    /// Runs `body(frame, real, imaginary)` for frames `0..<frames` (spread over ``ComputeThreads``; each call
    /// writes its own frame only).
    private func forEachFrame(_ samples: [Float], frames: Int,
                              _ body: (Int, UnsafePointer<Double>, UnsafePointer<Double>) -> Void) {
        guard frames > 0 else { return }
        let padded = paddedSignal(samples)
        let frameLength = self.frameLength, fftLength = self.fftLength, hop = hopLength, bins = binCount
        padded.withUnsafeBufferPointer { signal in
            window.withUnsafeBufferPointer { window in
                ComputeThreads.parallelFor(frames, costPerItem: fftLength * 8) { range in
                    let workspace = fft.makeWorkspace()
                    let buffer = UnsafeMutablePointer<Double>.allocate(capacity: fftLength + 2 * bins)
                    defer { buffer.deallocate() }
                    let re = buffer + fftLength, im = re + bins
                    buffer.update(repeating: 0, count: fftLength)
                    for frame in range {
                        let start = frame * hop
                        for i in 0 ..< frameLength { buffer[i] = Double(signal[start + i]) * window[i] }
                        fft.transform(buffer, outReal: re, outImaginary: im, workspace: workspace)
                        body(frame, re, im)
                    }
                }
            }
        }
    }

    /// The signal with `frameLength / 2` samples of padding on both sides when centred (numpy `np.pad`
    /// semantics, including reflections longer than the signal).
    private func paddedSignal(_ samples: [Float]) -> [Float] {
        guard center else { return samples }
        let pad = frameLength / 2, n = samples.count
        var padded = [Float](repeating: 0, count: n + 2 * pad)
        padded.replaceSubrange(pad ..< pad + n, with: samples)
        guard padding != .constant, n > 0 else { return padded }
        for i in 0 ..< pad {
            padded[pad - 1 - i] = samples[Self.sourceIndex(-1 - i, count: n, padding: padding)]
            padded[pad + n + i] = samples[Self.sourceIndex(n + i, count: n, padding: padding)]
        }
        return padded
    }

    /// The sample that position `index` (outside `0..<count`) copies under reflect or edge padding.
    static func sourceIndex(_ index: Int, count: Int, padding: Padding) -> Int {
        switch padding {
        case .edge, .constant:
            return min(max(index, 0), count - 1)
        case .reflect:
            guard count > 1 else { return 0 }
            let period = 2 * (count - 1)
            var r = index % period
            if r < 0 { r += period }
            return r < count ? r : period - r
        }
    }

    private func checkedFrameCount(_ sampleCount: Int) throws -> Int {
        let frames = frameCount(sampleCount: sampleCount)
        guard frames > 0 else {
            throw MediaError.invalidSpectrogramParameter(
                name: "signal", value: "of \(sampleCount) samples",
                reason: "is too short for one frame of \(frameLength) samples\(center ? "" : " (center is false)")")
        }
        return frames
    }

    private static func check(_ value: Int, name: String) throws {
        guard value > 0 else {
            throw MediaError.invalidSpectrogramParameter(name: name, value: "\(value)", reason: "must be positive")
        }
    }

    static func monoSamples(_ audio: Audio, operation: String = "STFT") throws -> [Float] {
        guard audio.channels == 1 else { throw MediaError.audioNotMono(extractor: operation, channels: audio.channels) }
        return audio.samples
    }
}

/// A complex spectrogram: real and imaginary parts, each `[bins, frames]`.
public struct ComplexSpectrogram: Sendable {
    /// Real parts, `[bins, frames]`.
    public let real: Tensor
    /// Imaginary parts, `[bins, frames]`.
    public let imaginary: Tensor

    /// `|X|`, `[bins, frames]`.
    public var magnitude: Tensor { power(1) }

    /// `|X|^exponent`, `[bins, frames]` (2: the power spectrogram).
    public func power(_ exponent: Double = 2) -> Tensor {
        var output = Tensor(shape: real.shape)
        let out = output.mutablePointer()
        let re = real.pointer, im = imaginary.pointer
        for i in 0 ..< real.count {
            let squared = Double(re[i]) * Double(re[i]) + Double(im[i]) * Double(im[i])
            out[i] = Float(exponent == 2 ? squared : pow(squared.squareRoot(), exponent))
        }
        return output
    }
}
