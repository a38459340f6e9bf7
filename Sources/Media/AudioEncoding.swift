import Foundation

extension Audio {
    /// The clip as a 16-bit PCM WAV file (samples clipped to −1…1), e.g. for an HTML player.
    public func wavData() -> Data {
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        let bytes = samples.count * 2
        data.append(contentsOf: Array("RIFF".utf8))
        append(UInt32(clamping: 36 + bytes))
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        append(UInt32(16))
        append(UInt16(1))                                   // PCM
        append(UInt16(clamping: channels))
        append(UInt32(clamping: sampleRate))
        append(UInt32(clamping: sampleRate * channels * 2)) // byte rate
        append(UInt16(clamping: channels * 2))              // block align
        append(UInt16(16))
        data.append(contentsOf: Array("data".utf8))
        append(UInt32(clamping: bytes))
        data.reserveCapacity(data.count + bytes)
        for sample in samples {
            let clipped = max(-1, min(1, sample.isFinite ? sample : 0))
            append(Int16((clipped * 32767).rounded()))
        }
        return data
    }
}
