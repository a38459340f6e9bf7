import Foundation

extension Audio {
    /// The most samples (frames × channels) a decoded file may hold: 2²⁹ (2 GiB of `Float`, about 9 hours of
    /// 16 kHz mono or 1.5 hours of 48 kHz stereo). Larger files are refused before their samples are allocated.
    public static let maxSampleCount = 1 << 29

    /// Decodes the audio file at `path` with libsndfile: WAV (8-bit unsigned, 16/24/32-bit integer,
    /// 32/64-bit float PCM), FLAC, Ogg Vorbis/Opus, MP3, AIFF and libsndfile's other formats, any channel
    /// count. The format is recognised by content, not by extension.
    ///
    /// Samples are exactly what `soundfile.read(path, dtype="float32")` returns (both use libsndfile's
    /// float reader with its default normalisation): integer PCM is divided by 2^(bits − 1), so 16-bit
    /// −32768…32767 become −1…0.99997; 8-bit unsigned data is centred first; float files are passed through
    /// unchanged, even outside −1…1. Channels stay interleaved; use ``mono()`` to mix them down.
    ///
    /// Throws a ``MediaError`` naming `path` for a missing, unreadable, empty, corrupt or unsupported file,
    /// and ``MediaError/audioTooLarge(path:samples:limit:)`` above ``maxSampleCount``. A file whose data ends
    /// early (a truncated WAV) decodes to the frames that are present, as soundfile does.
    public init(contentsOf path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MediaError.unreadableAudioFile(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw MediaError.unreadableAudioFile(path: path, reason: "it is a directory") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw MediaError.unreadableAudioFile(path: path, reason: "permission denied")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        if size == 0 { throw MediaError.emptyAudioFile(path: path) }
        self = try SndFileCodec.decode(path: path, limit: Self.maxSampleCount)
    }

    /// Decodes a `file` URL like ``init(contentsOf:)-(String)``. Other schemes are refused: download the
    /// file first.
    public init(contentsOf url: URL) throws {
        guard url.isFileURL else { throw MediaError.unsupportedAudioURL(url: url.absoluteString) }
        try self.init(contentsOf: url.path)
    }

    /// Decodes encoded audio bytes (a whole WAV, FLAC, Ogg, MP3, … file held in memory) like
    /// ``init(contentsOf:)-(String)``; `source` names them in error messages (a path or a URL).
    public init(data: Data, source: String = "audio data") throws {
        guard !data.isEmpty else { throw MediaError.emptyAudioFile(path: source) }
        self = try SndFileCodec.decode(data: data, source: source, limit: Self.maxSampleCount)
    }
}

/// What the first bytes of an audio file look like, for error messages.
enum AudioSignature {
    /// The name of the container `head` starts like, when it is one libsndfile reads; nil otherwise.
    static func knownAudioFormat(_ head: [UInt8]) -> String? {
        func starts(_ text: String, at offset: Int = 0) -> Bool {
            let bytes = [UInt8](text.utf8)
            return head.count >= offset + bytes.count && Array(head[offset ..< offset + bytes.count]) == bytes
        }
        if starts("RIFF") && starts("WAVE", at: 8) { return "WAV" }
        if starts("RIFX") && starts("WAVE", at: 8) { return "WAV" }
        if starts("RF64") || starts("BW64") { return "RF64" }
        if starts("riff") { return "Wave64" }
        if starts("fLaC") { return "FLAC" }
        if starts("OggS") { return "Ogg" }
        if starts("FORM") && (starts("AIFF", at: 8) || starts("AIFC", at: 8)) { return "AIFF" }
        if starts("caff") { return "CAF" }
        if starts(".snd") { return "AU" }
        if starts("ID3") { return "MP3" }
        if head.count >= 2, head[0] == 0xFF, head[1] & 0xE0 == 0xE0, head[1] & 0x06 != 0 { return "MP3" }
        return nil
    }

    /// A description of `head` for ``MediaError/unsupportedAudioFormat(path:signature:)``: the name of a
    /// recognised non-audio or unsupported format where possible, and the first bytes in hex.
    static func describe(_ head: [UInt8]) -> String {
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + bytes.count && Array(head[offset ..< offset + bytes.count]) == bytes
        }
        func ascii(_ text: String) -> [UInt8] { [UInt8](text.utf8) }
        let name: String?
        if starts(ascii("ftyp"), at: 4) {
            name = "MP4/M4A (ISO media; AAC and ALAC audio are not supported)"
        } else if starts([0x1A, 0x45, 0xDF, 0xA3]) {
            name = "Matroska/WebM"
        } else if head.count >= 2, head[0] == 0xFF, head[1] & 0xF6 == 0xF0 {
            name = "AAC (ADTS)"
        } else if starts(ascii("#!AMR")) {
            name = "AMR"
        } else if starts(ascii("MThd")) {
            name = "MIDI"
        } else if starts([0x89, 0x50, 0x4E, 0x47]) {
            name = "a PNG image"
        } else if starts([0xFF, 0xD8, 0xFF]) {
            name = "a JPEG image"
        } else if starts(ascii("GIF8")) {
            name = "a GIF image"
        } else if starts(ascii("RIFF")) && starts(ascii("AVI "), at: 8) {
            name = "an AVI video"
        } else if starts(ascii("RIFF")) && starts(ascii("WEBP"), at: 8) {
            name = "a WebP image"
        } else if starts(ascii("RIFF")) {
            name = "a RIFF file that is not WAVE"
        } else if starts(ascii("%PDF")) {
            name = "PDF"
        } else if starts([0x50, 0x4B, 0x03, 0x04]) {
            name = "a ZIP archive"
        } else if let first = head.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
                  first == UInt8(ascii: "<") {
            name = "text (HTML or XML; perhaps an error page saved instead of the audio)"
        } else if let first = head.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            name = "text (JSON)"
        } else {
            name = nil
        }
        let hex = head.prefix(12).map { byte -> String in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
        if let name { return "it looks like \(name) (first bytes \(hex))" }
        return "first bytes \(hex) match no known audio signature"
    }
}
