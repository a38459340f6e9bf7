import Foundation
import Tensors

/// The value that maps to 0 dB in ``powerToDB(_:reference:amin:topDB:)`` and
/// ``amplitudeToDB(_:reference:amin:topDB:)``.
public enum DecibelReference: Sendable, Equatable {
    /// A fixed value (librosa's default `ref=1.0`).
    case value(Double)
    /// The largest value of the input (librosa's `ref=np.max`): the loudest bin becomes 0 dB.
    case max
}

/// Power to decibels, as `librosa.power_to_db(S, ref, amin, top_db)` (and transformers' `power_to_db` with
/// `reference`, `min_value` = `amin`, `db_range` = `topDB`): `10·log10(max(amin, S)) − 10·log10(max(amin, ref))`,
/// then, with `topDB`, every value is raised to at least `max − topDB`. Computed in double precision.
public func powerToDB(_ spectrogram: Tensor, reference: DecibelReference = .value(1), amin: Double = 1e-10,
                      topDB: Double? = 80) -> Tensor {
    decibels(spectrogram, factor: 10, absolute: false, reference: reference, amin: amin, topDB: topDB)
}

/// Amplitude (magnitude) to decibels, as `librosa.amplitude_to_db(S, ref, amin, top_db)`:
/// `20·log10(max(amin, |S|)) − 20·log10(max(amin, ref))`, then clamped to `max − topDB` when given.
public func amplitudeToDB(_ spectrogram: Tensor, reference: DecibelReference = .value(1), amin: Double = 1e-5,
                          topDB: Double? = 80) -> Tensor {
    decibels(spectrogram, factor: 20, absolute: true, reference: reference, amin: amin, topDB: topDB)
}

/// Logarithm bases for ``logSpectrogram(_:floor:base:)``.
public enum LogBase: String, Sendable {
    /// Natural logarithm (transformers' `log_mel="log"`).
    case e
    /// Base 10 (transformers' `log_mel="log10"`, Whisper).
    case ten
}

/// `log(max(floor, x))` elementwise: transformers' `spectrogram(…, mel_floor=floor, log_mel="log" | "log10")`
/// for a mel spectrogram.
public func logSpectrogram(_ spectrogram: Tensor, floor: Double = 1e-10, base: LogBase = .ten) -> Tensor {
    var output = Tensor(shape: spectrogram.shape)
    let out = output.mutablePointer(), input = spectrogram.pointer
    for i in 0 ..< spectrogram.count {
        let x = Swift.max(floor, Double(input[i]))
        out[i] = Float(base == .ten ? log10(x) : log(x))
    }
    return output
}

private func decibels(_ spectrogram: Tensor, factor: Double, absolute: Bool, reference: DecibelReference,
                      amin: Double, topDB: Double?) -> Tensor {
    let count = spectrogram.count
    let input = spectrogram.pointer
    func magnitude(_ i: Int) -> Double { absolute ? Double(abs(input[i])) : Double(input[i]) }
    let referenceValue: Double
    switch reference {
    case let .value(value): referenceValue = abs(value)
    case .max:
        var largest = -Double.infinity
        for i in 0 ..< count { largest = Swift.max(largest, magnitude(i)) }
        referenceValue = count == 0 ? 1 : largest
    }
    let offset = factor * log10(Swift.max(amin, referenceValue))
    var output = Tensor(shape: spectrogram.shape)
    let out = output.mutablePointer()
    var top = -Float.infinity
    for i in 0 ..< count {
        let value = Float(factor * log10(Swift.max(amin, magnitude(i))) - offset)
        out[i] = value
        top = Swift.max(top, value)
    }
    if let topDB, count > 0 {
        let floor = top - Float(topDB)
        for i in 0 ..< count where out[i] < floor { out[i] = floor }
    }
    return output
}
