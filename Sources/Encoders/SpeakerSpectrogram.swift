import Foundation

// The short-time Fourier transform and mel filter bank behind `SpeakerFeatureExtractor`, computed as
// librosa 0.10+ computes `feature.melspectrogram` (in double precision; the filter bank rounded to
// float32 as librosa stores it). Private to the speaker encoder until Media's shared spectrogram
// functions replace it.

/// A complex discrete Fourier transform of one fixed length, mixed radix (4, 2, 3, 5, then any
/// remaining prime by direct summation), in double precision.
struct SpeakerFFT: Sendable {
    let length: Int
    private let factors: [Int]
    /// e^(−2πi·j/length) for j in 0..<length.
    private let cosines: [Double]
    private let sines: [Double]

    init(length: Int) {
        self.length = length
        var factors: [Int] = [], rest = length
        for radix in [4, 2, 3, 5] {
            while rest > 1, rest % radix == 0 { factors.append(radix); rest /= radix }
        }
        var prime = 7
        while rest > 1 {
            while rest % prime == 0 { factors.append(prime); rest /= prime }
            prime += 2
        }
        self.factors = factors
        cosines = (0 ..< length).map { cos(-2 * Double.pi * Double($0) / Double(length)) }
        sines = (0 ..< length).map { sin(-2 * Double.pi * Double($0) / Double(length)) }
    }

    /// Transforms the real signal `input` (`length` values) into `real`/`imaginary` (`length` values each).
    func transform(real input: UnsafePointer<Double>, intoReal real: UnsafeMutablePointer<Double>,
                   imaginary: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
        step(input, nil, stride: 1, count: length, factorIndex: 0, real, imaginary, scratch)
    }

    /// Decimation in time: `count` inputs `stride` apart → `count` contiguous outputs.
    private func step(_ inReal: UnsafePointer<Double>, _ inImaginary: UnsafePointer<Double>?, stride: Int, count: Int,
                      factorIndex: Int, _ outReal: UnsafeMutablePointer<Double>, _ outImaginary: UnsafeMutablePointer<Double>,
                      _ scratch: UnsafeMutablePointer<Double>) {
        if count == 1 {
            outReal[0] = inReal[0]
            outImaginary[0] = inImaginary?[0] ?? 0
            return
        }
        let radix = factors[factorIndex], part = count / radix
        for q in 0 ..< radix {
            step(inReal + q * stride, inImaginary.map { $0 + q * stride }, stride: stride * radix, count: part,
                 factorIndex: factorIndex + 1, outReal + q * part, outImaginary + q * part, scratch)
        }
        // Butterflies: out[k + s·part] = Σ_q W_count^(q·k) · sub_q[k] · W_radix^(q·s).
        let twiddleStep = length / count, rootStep = length / radix
        let termReal = scratch, termImaginary = scratch + radix
        for k in 0 ..< part {
            for q in 0 ..< radix {
                let index = (q * k * twiddleStep) % length
                let (a, b) = (outReal[q * part + k], outImaginary[q * part + k])
                termReal[q] = a * cosines[index] - b * sines[index]
                termImaginary[q] = a * sines[index] + b * cosines[index]
            }
            for s in 0 ..< radix {
                var sumReal = 0.0, sumImaginary = 0.0
                for q in 0 ..< radix {
                    let index = (q * s * rootStep) % length
                    sumReal += termReal[q] * cosines[index] - termImaginary[q] * sines[index]
                    sumImaginary += termReal[q] * sines[index] + termImaginary[q] * cosines[index]
                }
                outReal[k + s * part] = sumReal
                outImaginary[k + s * part] = sumImaginary
            }
        }
    }
}

/// Mel scales (librosa's `hz_to_mel` / `mel_to_hz`).
enum SpeakerMelScale: String, Sendable {
    /// Malcolm Slaney's Auditory Toolbox scale: linear below 1 kHz, logarithmic above.
    case slaney
    /// 2595 · log10(1 + f / 700).
    case htk

    private static let slaneyStep = 200.0 / 3
    private static let slaneyLogStep = log(6.4) / 27
    private static let slaneyBreakMel = 1000.0 / slaneyStep

    func mel(_ hertz: Double) -> Double {
        switch self {
        case .htk:
            return 2595 * log10(1 + hertz / 700)
        case .slaney:
            return hertz >= 1000 ? Self.slaneyBreakMel + log(hertz / 1000) / Self.slaneyLogStep : hertz / Self.slaneyStep
        }
    }

    func hertz(_ mel: Double) -> Double {
        switch self {
        case .htk:
            return 700 * (pow(10, mel / 2595) - 1)
        case .slaney:
            return mel >= Self.slaneyBreakMel ? 1000 * exp(Self.slaneyLogStep * (mel - Self.slaneyBreakMel)) : Self.slaneyStep * mel
        }
    }
}

/// Triangular mel filters over the bins of a real FFT, as `librosa.filters.mel` builds them
/// (float32, optionally area-normalised as Slaney does).
struct SpeakerMelFilterBank: Sendable {
    /// `[bands][bins]`, row-major.
    let weights: [Float]
    let bands: Int
    let bins: Int
    /// The nonzero bins of each band.
    let support: [Range<Int>]

    init(sampleRate: Int, fftLength: Int, bands: Int, minimumHertz: Double, maximumHertz: Double,
         scale: SpeakerMelScale, slaneyNorm: Bool) {
        let bins = fftLength / 2 + 1
        // np.fft.rfftfreq(n_fft, 1 / sr)
        let binWidth = 1 / (Double(fftLength) * (1 / Double(sampleRate)))
        let frequencies = (0 ..< bins).map { Double($0) * binWidth }
        // mel_frequencies(n_mels + 2): np.linspace over the mel range, back to hertz.
        let low = scale.mel(minimumHertz), high = scale.mel(maximumHertz)
        let count = bands + 2, delta = (high - low) / Double(count - 1)
        let edges = (0 ..< count).map { scale.hertz($0 == count - 1 ? high : Double($0) * delta + low) }
        var weights = [Float](repeating: 0, count: bands * bins)
        var support: [Range<Int>] = []
        for band in 0 ..< bands {
            let lowerWidth = edges[band + 1] - edges[band], upperWidth = edges[band + 2] - edges[band + 1]
            let norm = slaneyNorm ? 2 / (edges[band + 2] - edges[band]) : 1
            var first = bins, last = 0
            for bin in 0 ..< bins {
                let rising = -(edges[band] - frequencies[bin]) / lowerWidth
                let falling = (edges[band + 2] - frequencies[bin]) / upperWidth
                // librosa stores the triangle in float32, then scales it in float64 and rounds again.
                let triangle = Float(max(0, min(rising, falling)))
                let value = slaneyNorm ? Float(Double(triangle) * norm) : triangle
                weights[band * bins + bin] = value
                if value != 0 { first = min(first, bin); last = max(last, bin + 1) }
            }
            support.append(first < last ? first ..< last : 0 ..< 0)
        }
        self.weights = weights
        self.bands = bands
        self.bins = bins
        self.support = support
    }
}

/// Power (or magnitude) mel spectrogram frames of a waveform, as librosa's `melspectrogram`.
struct SpeakerMelSpectrogram: Sendable {
    let fftLength: Int
    let hopLength: Int
    let center: Bool
    let reflectPadding: Bool
    let power: Double
    let filterBank: SpeakerMelFilterBank
    private let window: [Double]
    private let fft: SpeakerFFT

    init(fftLength: Int, hopLength: Int, center: Bool, reflectPadding: Bool, power: Double, filterBank: SpeakerMelFilterBank) {
        self.fftLength = fftLength
        self.hopLength = hopLength
        self.center = center
        self.reflectPadding = reflectPadding
        self.power = power
        self.filterBank = filterBank
        // Periodic Hann window (scipy.signal.get_window("hann", n, fftbins=True)).
        window = (0 ..< fftLength).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(fftLength)) }
        fft = SpeakerFFT(length: fftLength)
    }

    /// Number of frames for `sampleCount` samples (0 when a non-centred transform has too few).
    func frameCount(samples sampleCount: Int) -> Int {
        let padded = sampleCount + (center ? 2 * (fftLength / 2) : 0)
        return padded < fftLength ? 0 : 1 + (padded - fftLength) / hopLength
    }

    /// `[frames, bands]` row-major mel values of `samples`.
    func frames(_ samples: [Float]) -> [Float] {
        let frames = frameCount(samples: samples.count)
        let bands = filterBank.bands, bins = filterBank.bins, n = fftLength
        let offset = center ? n / 2 : 0
        var result = [Float](repeating: 0, count: frames * bands)
        // frame, real part, imaginary part, butterfly scratch (2n), power spectrum.
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: 5 * n + bins)
        defer { buffer.deallocate() }
        buffer.initialize(repeating: 0, count: 5 * n + bins)
        let frame = buffer, real = buffer + n, imaginary = buffer + 2 * n, scratch = buffer + 3 * n, spectrum = buffer + 5 * n
        samples.withUnsafeBufferPointer { x in
            for t in 0 ..< frames {
                let start = t * hopLength - offset
                for i in 0 ..< n { frame[i] = window[i] * Double(sample(x, at: start + i)) }
                fft.transform(real: frame, intoReal: real, imaginary: imaginary, scratch: scratch)
                for k in 0 ..< bins {
                    let squared = real[k] * real[k] + imaginary[k] * imaginary[k]
                    spectrum[k] = power == 2 ? squared : pow(squared.squareRoot(), power)
                }
                for band in 0 ..< bands {
                    var total = 0.0
                    for k in filterBank.support[band] { total += Double(filterBank.weights[band * bins + k]) * spectrum[k] }
                    result[t * bands + band] = Float(total)
                }
            }
        }
        return result
    }

    /// The sample at `index` of the padded signal: zeros, or the mirror image (without the edge) outside.
    private func sample(_ x: UnsafeBufferPointer<Float>, at index: Int) -> Float {
        if index >= 0, index < x.count { return x[index] }
        guard reflectPadding, x.count > 1 else { return 0 }
        let period = 2 * (x.count - 1)
        var position = index % period
        if position < 0 { position += period }
        return x[position < x.count ? position : period - position]
    }
}
