import CTurboJPEG
import Foundation

/// JPEG decoding and encoding with TurboJPEG. Every TurboJPEG call of the package is in this file.
///
/// Decoding matches Pillow (which also uses libjpeg-turbo): the accurate integer ("islow") IDCT and
/// fancy upsampling for every chroma subsampling, YCbCr → RGB by libjpeg, EXIF orientation ignored.
/// CMYK and YCCK files are read as Pillow reads them (Adobe-inverted CMYK, `CMYK;I`) and converted
/// to RGB with Pillow's `convert("RGB")` formula.
enum JPEGCodec {
    /// The colour layouts a JPEG decodes to.
    private enum Layout {
        case grey, colour, cmyk

        var pixelFormat: Int32 {
            switch self {
            case .grey: return Int32(TJPF_GRAY.rawValue)
            case .colour: return Int32(TJPF_RGB.rawValue)
            case .cmyk: return Int32(TJPF_CMYK.rawValue)
            }
        }

        var samples: Int {
            switch self {
            case .grey: return 1
            case .colour: return 3
            case .cmyk: return 4
            }
        }
    }

    /// Decoder flags: accurate IDCT (Pillow's default `JDCT_ISLOW`), fancy upsampling (the default
    /// when `TJFLAG_FASTUPSAMPLE` is absent), and a cap on progressive scans against crafted files.
    private static let decodeFlags = Int32(TJFLAG_ACCURATEDCT | TJFLAG_LIMITSCANS)

    /// Decodes a JPEG; `source` names it in errors.
    static func decode(_ data: Data, source: String) throws -> Image {
        guard let handle = tjInitDecompress() else {
            throw MediaError.corruptImage(path: source, format: "JPEG", detail: "TurboJPEG could not start a decoder")
        }
        defer { tjDestroy(handle) }

        return try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> Image in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else {
                throw MediaError.emptyFile(path: source)
            }
            let size = UInt(raw.count)
            let bytes = UnsafeBufferPointer(start: base, count: raw.count)
            var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
            if tjDecompressHeader3(handle, base, size, &width, &height, &subsampling, &colorspace) != 0 {
                // TurboJPEG 2.x also fails the header call for mere warnings (e.g. extraneous bytes before
                // a marker) after filling in the values; Pillow reads such files, so accept them as well.
                guard width > 0, height > 0, onlyWarned(handle) else {
                    throw failure(handle, bytes, source: source, stage: "header")
                }
            }
            if width == 0 || height == 0, !reachesEndOfImage(bytes) {
                // libjpeg read a fake end-of-image before any frame header: the file stops early.
                throw MediaError.truncatedImage(path: source, format: "JPEG", detail: "the data ends before the frame header")
            }
            try Image.checkDimensions(width: Int(width), height: Int(height), source: source)

            let layout: Layout
            switch colorspace {
            case Int32(TJCS_GRAY.rawValue): layout = .grey
            case Int32(TJCS_RGB.rawValue), Int32(TJCS_YCbCr.rawValue): layout = .colour
            case Int32(TJCS_CMYK.rawValue), Int32(TJCS_YCCK.rawValue): layout = .cmyk
            default:
                throw MediaError.unsupportedImage(path: source, format: "JPEG",
                                                  detail: "colour space \(colorspace) is not grey, RGB, YCbCr, CMYK or YCCK")
            }

            var samples = [UInt8](repeating: 0, count: Int(width) * Int(height) * layout.samples)
            let status = samples.withUnsafeMutableBufferPointer { out in
                tjDecompress2(handle, base, size, out.baseAddress, width, 0, height, layout.pixelFormat, decodeFlags)
            }
            if status != 0 {
                // Warnings alone (corrupt but decodable data, e.g. extraneous bytes before a marker) are
                // accepted, as Pillow accepts them. A file that ends before its EOI marker is truncated, as
                // in Pillow without LOAD_TRUNCATED_IMAGES. TurboJPEG reports the warning code also when a
                // fatal error followed a warning, so the message decides which of the two happened.
                if !onlyWarned(handle) || !reachesEndOfImage(bytes) {
                    throw failure(handle, bytes, source: source, stage: "data")
                }
            }

            switch layout {
            case .grey:
                return try Image(width: Int(width), height: Int(height), mode: .l, pixels: samples)
            case .colour:
                return try Image(width: Int(width), height: Int(height), mode: .rgb, pixels: samples)
            case .cmyk:
                let rgb = PillowConversion.invertedCMYKToRGB(samples)
                return try Image(width: Int(width), height: Int(height), mode: .rgb, pixels: rgb)
            }
        }
    }

    /// Encodes an `L` or `RGB` image (callers drop alpha first) as baseline JPEG: 4:2:0 chroma
    /// subsampling for colour (Pillow's default), accurate DCT.
    static func encode(_ image: Image, quality: Int) throws -> Data {
        guard (1 ... 100).contains(quality) else {
            throw MediaError.encodingFailed(format: "JPEG", detail: "quality \(quality) is outside 1…100")
        }
        let pixelFormat: Int32
        let subsampling: Int32
        switch image.mode {
        case .l:
            pixelFormat = Int32(TJPF_GRAY.rawValue)
            subsampling = Int32(TJSAMP_GRAY.rawValue)
        case .rgb:
            pixelFormat = Int32(TJPF_RGB.rawValue)
            subsampling = Int32(TJSAMP_420.rawValue)
        case .la, .rgba:
            throw MediaError.encodingFailed(format: "JPEG", detail: "mode \(image.mode.rawValue) has alpha; convert it first")
        }
        guard let width = Int32(exactly: image.width), let height = Int32(exactly: image.height) else {
            throw MediaError.encodingFailed(format: "JPEG", detail: "\(image.width)×\(image.height) is too large for JPEG")
        }
        guard let handle = tjInitCompress() else {
            throw MediaError.encodingFailed(format: "JPEG", detail: "TurboJPEG could not start an encoder")
        }
        defer { tjDestroy(handle) }

        var output: UnsafeMutablePointer<UInt8>? = nil
        var outputSize: UInt = 0
        defer { if let output { tjFree(output) } }
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            tjCompress2(handle, pixels.baseAddress, width, 0, height, pixelFormat,
                        &output, &outputSize, subsampling, Int32(quality), Int32(TJFLAG_ACCURATEDCT))
        }
        guard status == 0, let output else {
            throw MediaError.encodingFailed(format: "JPEG", detail: message(handle))
        }
        return Data(bytes: output, count: Int(outputSize))
    }

    /// TurboJPEG's last message for `handle`, without the "tjFunction(): " prefix.
    private static func message(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "unknown TurboJPEG error" }
        let full = String(cString: text)
        if let range = full.range(of: "(): ") { return String(full[range.upperBound...]) }
        return full
    }

    /// libjpeg's warning messages (`JWRN_*`): with one of these last, the decode completed.
    private static let warningPrefixes = [
        "Corrupt JPEG data", "Premature end of JPEG file", "Warning: unknown JFIF", "Inconsistent progression",
        "Invalid SOS parameters for sequential", "Unknown Adobe color transform", "Application transferred too many",
    ]

    /// Whether the last failure of `handle` was only a warning (other than the end of the data).
    private static func onlyWarned(_ handle: tjhandle) -> Bool {
        guard tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) else { return false }
        let text = message(handle)
        return !text.contains("Premature end of JPEG file") && warningPrefixes.contains { text.hasPrefix($0) }
    }

    /// The error for a failed header or data read: truncated when the data never reaches an EOI
    /// marker (Pillow's "image file is truncated"), otherwise classified from libjpeg's message.
    private static func failure(_ handle: tjhandle, _ bytes: UnsafeBufferPointer<UInt8>, source: String,
                                stage: String) -> MediaError {
        let text = message(handle)
        if text.contains("Premature end") || !reachesEndOfImage(bytes) {
            return .truncatedImage(path: source, format: "JPEG", detail: "the data ends before the end-of-image marker (\(text))")
        }
        if text.contains("Unsupported") || text.contains("not supported") {
            return .unsupportedImage(path: source, format: "JPEG", detail: text)
        }
        return .corruptImage(path: source, format: "JPEG", detail: "\(text) (while reading the \(stage))")
    }

    /// Whether the marker structure of `bytes` reaches an EOI marker, which is where libjpeg stops
    /// reading. Segments are skipped by their length, entropy-coded data by scanning for a marker
    /// (`FF` followed by neither `00` stuffing nor an `RSTn`); stray bytes between segments are skipped
    /// as libjpeg skips them.
    private static func reachesEndOfImage(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var i = 2   // after SOI
        var inEntropyData = false
        while i < count {
            guard bytes[i] == 0xFF else {
                i += 1   // entropy-coded data, or junk between segments
                continue
            }
            var j = i + 1
            while j < count, bytes[j] == 0xFF { j += 1 }   // fill bytes
            guard j < count else { return false }
            let marker = bytes[j]
            if inEntropyData && (marker == 0x00 || (0xD0 ... 0xD7).contains(marker)) {
                i = j + 1   // stuffed zero or restart marker: still in the scan
                continue
            }
            if marker == 0x00 {   // stray FF 00 between segments
                i = j + 1
                continue
            }
            if marker == 0xD9 { return true }
            if (0xD0 ... 0xD7).contains(marker) || marker == 0x01 || marker == 0xD8 {
                i = j + 1   // parameterless markers
                inEntropyData = false
                continue
            }
            guard j + 2 < count else { return false }
            let length = Int(bytes[j + 1]) << 8 | Int(bytes[j + 2])
            i = j + 1 + length
            inEntropyData = marker == 0xDA
        }
        return false
    }
}
