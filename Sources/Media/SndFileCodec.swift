import CSndFile
import Foundation

/// Audio decoding with libsndfile. Every libsndfile call of the package is in this file.
///
/// Samples are read with `sf_readf_float` and libsndfile's default settings, which is exactly what
/// Python's `soundfile.read(…, dtype="float32")` does (soundfile wraps the same library and changes no
/// default): integer PCM is normalised by 2^(bits − 1), float data is passed through. Files are opened by
/// path (streamed, never read whole) or, for in-memory data, through libsndfile's virtual I/O.
enum SndFileCodec {
    /// libsndfile reports the reason for a failed open in process-wide state (`sf_error(NULL)`); opening
    /// and reading that reason happen under one lock so that concurrent decodes report their own errors.
    private static let openLock = NSLock()

    /// Frames read per `sf_readf_float` call.
    private static let chunkFrames = 1 << 16

    /// Decodes the file at `path` (which exists and is not empty).
    static func decode(path: String, limit: Int) throws -> Audio {
        var info = SF_INFO()
        let (handle, code, message) = open { sf_open(path, Int32(SFM_READ), &info) }
        guard let handle else {
            throw openFailure(code: code, message: message, head: fileHead(path), source: path)
        }
        defer { sf_close(handle) }
        let byteCount = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        return try read(handle, info: info, byteCount: byteCount, source: path, limit: limit)
    }

    /// Decodes in-memory file bytes (not empty) through virtual I/O.
    static func decode(data: Data, source: String, limit: Int) throws -> Audio {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> Audio in
            guard let base = raw.baseAddress else { throw MediaError.emptyAudioFile(path: source) }
            let reader = MemoryReader(base: base, count: raw.count)
            var io = SF_VIRTUAL_IO(
                get_filelen: { user in sf_count_t(MemoryReader.from(user)?.count ?? 0) },
                seek: { offset, whence, user in MemoryReader.from(user)?.seek(Int(offset), whence: whence) ?? -1 },
                read: { destination, count, user in
                    MemoryReader.from(user)?.read(into: destination, count: Int(count)) ?? 0
                },
                write: { _, _, _ in 0 },
                tell: { user in sf_count_t(MemoryReader.from(user)?.position ?? 0) })
            return try withExtendedLifetime(reader) {
                let user = Unmanaged.passUnretained(reader).toOpaque()
                var info = SF_INFO()
                let (handle, code, message) = open { sf_open_virtual(&io, Int32(SFM_READ), &info, user) }
                guard let handle else {
                    throw openFailure(code: code, message: message, head: Array(raw.prefix(16)), source: source)
                }
                defer { sf_close(handle) }
                return try read(handle, info: info, byteCount: raw.count, source: source, limit: limit)
            }
        }
    }

    /// Runs an `sf_open*` call under ``openLock`` and returns the handle, or nil with libsndfile's error
    /// code and message.
    private static func open(_ body: () -> OpaquePointer?) -> (OpaquePointer?, Int32, String) {
        openLock.lock()
        defer { openLock.unlock() }
        if let handle = body() { return (handle, 0, "") }
        let text = sf_strerror(nil).map { String(cString: $0) } ?? "unknown libsndfile error"
        return (nil, sf_error(nil), text)
    }

    /// Reads every frame of an open file into an ``Audio``.
    private static func read(_ handle: OpaquePointer, info: SF_INFO, byteCount: Int, source: String,
                             limit: Int) throws -> Audio {
        let format = formatName(info.format)
        let channels = Int(info.channels)
        guard channels > 0 else {
            throw MediaError.corruptAudio(path: source, format: format, detail: "the header declares \(channels) channels")
        }
        guard info.samplerate > 0 else {
            throw MediaError.corruptAudio(path: source, format: format,
                                          detail: "the header declares a sample rate of \(info.samplerate) Hz")
        }
        // libsndfile gives the exact frame count for PCM containers (clamped to the data present) and the
        // declared one for compressed streams; soundfile reads at most that many frames, and so does this.
        let declared = info.frames >= 0 && info.frames < sf_count_t(Int.max) ? Int(info.frames) : Int.max
        let (declaredSamples, overflow) = declared.multipliedReportingOverflow(by: channels)
        if overflow || declaredSamples > limit, declared != Int.max {
            throw MediaError.audioTooLarge(path: source, samples: overflow ? Int.max : declaredSamples, limit: limit)
        }
        var samples: [Float] = []
        // A compressed stream may declare more frames than it holds: reserve a plausible amount and grow.
        samples.reserveCapacity(min(declared == Int.max ? 0 : declaredSamples, max(1 << 22, byteCount * 16)))
        var chunk = [Float](repeating: 0, count: chunkFrames * channels)
        var frames = 0
        while frames < declared {
            let wanted = min(chunkFrames, declared - frames)
            let got = chunk.withUnsafeMutableBufferPointer { buffer in
                Int(sf_readf_float(handle, buffer.baseAddress, sf_count_t(wanted)))
            }
            guard got > 0 else { break }
            guard (frames + got) <= limit / channels else {
                throw MediaError.audioTooLarge(path: source, samples: (frames + got) * channels, limit: limit)
            }
            samples.append(contentsOf: chunk[0 ..< got * channels])
            frames += got
        }
        let status = sf_error(handle)
        if status != Int32(SF_ERR_NO_ERROR) {
            let text = sf_strerror(handle).map { String(cString: $0) } ?? "error \(status)"
            throw MediaError.corruptAudio(path: source, format: format, detail: "\(text) (after \(frames) frames)")
        }
        return try Audio(samples: samples, sampleRate: Int(info.samplerate), channels: channels)
    }

    /// The error for a failed open, classified by libsndfile's code and by what the bytes look like.
    private static func openFailure(code: Int32, message: String, head: [UInt8], source: String) -> MediaError {
        if code == Int32(SF_ERR_SYSTEM) {
            return .unreadableAudioFile(path: source, reason: message)
        }
        if let known = AudioSignature.knownAudioFormat(head) {
            return .corruptAudio(path: source, format: known, detail: message)
        }
        if code == Int32(SF_ERR_UNRECOGNISED_FORMAT) || head.count < 4 {
            return .unsupportedAudioFormat(path: source, signature: AudioSignature.describe(head))
        }
        return .corruptAudio(path: source, format: "audio", detail: message)
    }

    /// The first 16 bytes of a file, for error messages.
    private static func fileHead(_ path: String) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: 16)) ?? Data())
    }

    /// libsndfile's name of the major format and the encoding, e.g. "WAV (Microsoft) PCM_16".
    private static func formatName(_ format: Int32) -> String {
        var info = SF_FORMAT_INFO()
        info.format = format & Int32(SF_FORMAT_TYPEMASK)
        let status = sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &info, Int32(MemoryLayout<SF_FORMAT_INFO>.size))
        guard status == 0, let name = info.name else { return "audio" }
        return String(cString: name)
    }
}

/// The state of virtual I/O over bytes in memory; `user_data` of the callbacks points to it.
private final class MemoryReader {
    let base: UnsafeRawPointer
    let count: Int
    var position = 0

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    /// The reader behind the `user_data` pointer that libsndfile passes back to a callback.
    static func from(_ user: UnsafeMutableRawPointer?) -> MemoryReader? {
        guard let user else { return nil }
        return Unmanaged<MemoryReader>.fromOpaque(user).takeUnretainedValue()
    }

    func seek(_ offset: Int, whence: Int32) -> sf_count_t {
        let origin: Int
        switch whence {
        case SEEK_CUR: origin = position
        case SEEK_END: origin = count
        default: origin = 0
        }
        let (target, overflow) = origin.addingReportingOverflow(offset)
        guard !overflow, target >= 0 else { return -1 }
        position = target
        return sf_count_t(position)
    }

    func read(into destination: UnsafeMutableRawPointer?, count wanted: Int) -> sf_count_t {
        guard let destination, wanted > 0, position < count else { return 0 }
        let n = min(wanted, count - position)
        destination.copyMemory(from: base + position, byteCount: n)
        position += n
        return sf_count_t(n)
    }
}
