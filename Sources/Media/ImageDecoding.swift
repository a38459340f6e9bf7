import Foundation

/// The container formats the decoders recognise by their first bytes.
enum ImageFormat: String, Sendable {
    case jpeg = "JPEG"
    case png = "PNG"

    /// The file extension used for cached downloads.
    var fileExtension: String {
        switch self {
        case .jpeg: return "jpg"
        case .png: return "png"
        }
    }

    /// The format of `data` by its magic bytes, or nil.
    static func sniff(_ data: Data) -> ImageFormat? {
        let head = [UInt8](data.prefix(8))
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        return nil
    }

    /// What the first bytes of an unsupported file look like, for error messages:
    /// a known format's name where the signature is recognised, and the bytes in hex.
    static func describeSignature(_ data: Data) -> String {
        let head = [UInt8](data.prefix(16))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset ..< offset + prefix.count]) == prefix
        }
        let ascii = { (text: String) in [UInt8](text.utf8) }
        let name: String?
        if starts(ascii("GIF87a")) || starts(ascii("GIF89a")) {
            name = "GIF"
        } else if starts(ascii("RIFF")) && starts(ascii("WEBP"), at: 8) {
            name = "WebP"
        } else if starts(ascii("BM")) {
            name = "BMP"
        } else if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) {
            name = "TIFF"
        } else if starts(ascii("ftyp"), at: 4) {
            name = "HEIF/AVIF (ISO media)"
        } else if starts([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || starts([0xFF, 0x4F, 0xFF, 0x51]) {
            name = "JPEG 2000"
        } else if starts([0xFF, 0x0A]) {
            name = "JPEG XL"
        } else if starts([0x00, 0x00, 0x01, 0x00]) {
            name = "ICO"
        } else if starts(ascii("8BPS")) {
            name = "Photoshop PSD"
        } else if starts(ascii("%PDF")) {
            name = "PDF"
        } else if starts(ascii("qoif")) {
            name = "QOI"
        } else if starts([0xFF, 0xD8]) {
            name = "a JPEG start-of-image marker without a following segment"
        } else if starts([0x89, 0x50, 0x4E, 0x47]) {
            name = "a damaged PNG signature"
        } else if let first = head.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
                  first == UInt8(ascii: "<") {
            name = "text (SVG, HTML or XML)"
        } else {
            name = nil
        }
        let hex = head.prefix(12).map { byte -> String in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
        if let name { return "it looks like \(name) (first bytes \(hex))" }
        return "first bytes \(hex) match no known image signature"
    }
}

extension Image {
    /// The most pixels a decoded image may have: 178,956,970, the count at which Pillow raises
    /// `DecompressionBombError` (twice `Image.MAX_IMAGE_PIXELS`). Larger headers are refused before
    /// any pixel memory is allocated.
    public static let maxPixels = 178_956_970

    /// Decodes the JPEG or PNG file at `path`, recognised by its content (magic bytes), not its
    /// extension. The pixels and mode are what Pillow's `Image.open(path)` gives, with Pillow modes
    /// outside `L`/`LA`/`RGB`/`RGBA` mapped as follows: `1` and `I;16` → `L` (16-bit grey clamped to
    /// 0…255, as Pillow's `convert("L")` does), `P` → `RGB` (or `RGBA` when the palette has tRNS
    /// transparency), `CMYK` → `RGB` (Pillow's `convert("RGB")`); a greyscale PNG with a tRNS key
    /// decodes to `LA` with Pillow's transparency applied. `converted(to: .rgb)` always equals Pillow's
    /// `Image.open(path).convert("RGB")`. EXIF orientation is not applied (Pillow does not apply it on
    /// open either).
    ///
    /// Throws a ``MediaError`` naming `path` for an unreadable, empty, truncated, corrupt,
    /// oversized or unsupported file.
    public init(contentsOf path: String) throws {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            // Look at the signature first, so that a large file of another kind is never read whole.
            let head = try handle.read(upToCount: 16) ?? Data()
            guard head.isEmpty || ImageFormat.sniff(head) != nil else {
                throw MediaError.unsupportedImageFormat(path: path, signature: ImageFormat.describeSignature(head))
            }
            data = head + (try handle.readToEnd() ?? Data())
        } catch let error as MediaError {
            throw error
        } catch {
            throw MediaError.unreadableFile(path: path, reason: Self.readFailureReason(path: path, error: error))
        }
        try self.init(data: data, source: path)
    }

    /// Decodes a file URL like ``init(contentsOf:)-(String)``; `http` and `https` URLs are
    /// downloaded (and cached) by ``init(url:)``.
    public init(contentsOf url: URL) throws {
        if url.isFileURL {
            try self.init(contentsOf: url.path)
            return
        }
        switch url.scheme?.lowercased() {
        case "http", "https": try self.init(url: url)
        default: throw MediaError.unsupportedURL(url: url.absoluteString)
        }
    }

    /// Decodes JPEG or PNG bytes; `source` names them in error messages (a path or a URL).
    public init(data: Data, source: String = "image data") throws {
        guard !data.isEmpty else { throw MediaError.emptyFile(path: source) }
        switch ImageFormat.sniff(data) {
        case .jpeg: self = try JPEGCodec.decode(data, source: source)
        case .png: self = try PNGCodec.decode(data, source: source)
        case nil:
            throw MediaError.unsupportedImageFormat(path: source, signature: ImageFormat.describeSignature(data))
        }
    }

    /// True when `data` starts like a JPEG or a PNG (the formats this type decodes).
    public static func isSupported(_ data: Data) -> Bool {
        ImageFormat.sniff(data) != nil
    }

    /// The image as a PNG (8-bit, of its own mode: lossless for every mode).
    public func pngData() throws -> Data {
        try PNGCodec.encode(self)
    }

    /// The image as a baseline JPEG at `quality` (1…100; 4:2:0 chroma subsampling like Pillow's
    /// default). `L` stays grey, `RGB` is colour; `LA` and `RGBA` drop alpha first (no compositing).
    public func jpegData(quality: Int = 90) throws -> Data {
        switch mode {
        case .l, .rgb: return try JPEGCodec.encode(self, quality: quality)
        case .la: return try JPEGCodec.encode(converted(to: .l), quality: quality)
        case .rgba: return try JPEGCodec.encode(converted(to: .rgb), quality: quality)
        }
    }

    /// Checks a header's dimensions against zero and ``maxPixels`` before anything is allocated.
    package static func checkDimensions(width: Int, height: Int, source: String) throws {
        guard width > 0, height > 0 else {
            throw MediaError.zeroSizedImage(path: source, width: width, height: height)
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maxPixels else {
            throw MediaError.imageTooLarge(path: source, width: width, height: height, limit: maxPixels)
        }
    }

    private static func readFailureReason(path: String, error: any Error) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return "no such file"
        }
        if isDirectory.boolValue { return "it is a directory" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
        return error.localizedDescription
    }
}
