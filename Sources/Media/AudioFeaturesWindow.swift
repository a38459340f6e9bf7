import Foundation

extension STFT {
    /// Analysis windows, as `scipy.signal.get_window` / `torch.*_window` / transformers' `window_function`
    /// define them.
    public enum Window: String, Sendable, CaseIterable {
        /// `0.5 − 0.5·cos(2πn/M)`: librosa's and Whisper's default (`torch.hann_window`, `np.hanning`).
        case hann
        /// `0.54 − 0.46·cos(2πn/M)`.
        case hamming
        /// Hann raised to the power 0.85 (Kaldi's "povey" window, as transformers defines it).
        case povey
        /// All ones (rectangular).
        case boxcar

        /// `length` window values. `periodic` (the default, `fftbins=True` in scipy, `periodic=True` in torch
        /// and transformers) uses `M = length`, the right choice for spectral analysis; otherwise the window is
        /// symmetric (`M = length − 1`, what `np.hanning(length)` returns).
        public func values(length: Int, periodic: Bool = true) -> [Double] {
            guard length > 0 else { return [] }
            let span = Double(periodic ? length : length - 1)
            if span == 0 { return [1] }
            return (0 ..< length).map { n in
                let phase = 2 * Double.pi * Double(n) / span
                switch self {
                case .hann: return 0.5 - 0.5 * cos(phase)
                case .hamming: return 0.54 - 0.46 * cos(phase)
                case .povey: return pow(0.5 - 0.5 * cos(phase), 0.85)
                case .boxcar: return 1
                }
            }
        }
    }

    /// How the signal is extended before the first and after the last sample when frames are centred
    /// (`np.pad` modes).
    public enum Padding: String, Sendable, CaseIterable {
        /// Mirrored without repeating the edge sample (`x[1], x[0] | x[0], x[1]…` → `x[2] x[1] | x[0] x[1]`):
        /// transformers', torch's and librosa < 0.10's choice, and Whisper's.
        case reflect
        /// Zeros: librosa ≥ 0.10's default for `stft` and `melspectrogram`.
        case constant
        /// The edge sample repeated.
        case edge
    }
}
