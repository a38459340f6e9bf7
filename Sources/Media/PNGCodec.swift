import CPNG
import Foundation

/// PNG decoding and encoding with libpng. Every libpng call of the package is in this file; the
/// calls that can fail go through the setjmp wrappers of `CPNG/shim.h`, so libpng's error longjmp
/// never crosses a Swift frame.
///
/// Decoding reads the stored samples untransformed (no gamma, no sRGB conversion — Pillow applies
/// neither) and maps them the way Pillow's `PngImagePlugin` does:
///
/// | PNG                        | Pillow mode | `Image` mode | samples                               |
/// |----------------------------|-------------|--------------|---------------------------------------|
/// | grey 1/2/4/8-bit           | `1` / `L`   | `L`          | scaled to 0…255 (×255, ×85, ×17, ×1)  |
/// | grey 16-bit                | `I;16`      | `L`          | clamped to 0…255 (Pillow's convert)   |
/// | grey (any depth) + tRNS    | as above    | `LA`         | alpha as Pillow's `convert("LA")`     |
/// | grey + alpha 8-bit         | `LA`        | `LA`         | as stored                             |
/// | grey + alpha 16-bit        | `RGBA`      | `RGBA`       | high bytes, grey replicated           |
/// | RGB / RGBA 8 or 16-bit     | `RGB`/`RGBA`| same         | high bytes of 16-bit samples          |
/// | palette 1/2/4/8-bit        | `P`         | `RGB`        | palette colours; indices past the     |
/// | palette + tRNS             | `P`         | `RGBA`       |   palette are black, opaque           |
///
/// A greyscale tRNS key becomes an alpha channel the way Pillow's `convert("LA")`/`convert("RGBA")`
/// apply `info["transparency"]`: alpha 0 where the decoded 8-bit value equals the key as Pillow stores
/// it (255/0 for 1-bit; the raw key otherwise, so a 2/4-bit key is compared unscaled and a 16-bit key
/// with the clamped value — Pillow's quirks, kept). That keeps `converted(to: .rgb)` equal to Pillow's
/// `convert("RGB")` (which ignores the key) and lets transformers' `convert_to_rgb` (RGBA, then white
/// compositing) be reproduced. An RGB tRNS key is ignored: transformers passes RGB images through as
/// they are.
///
/// Ancillary chunks are ignored, but every chunk before the image data must carry a valid CRC (Pillow
/// refuses the file otherwise); IDAT and later CRCs, the zlib checksum and a missing IEND are not
/// checked, as Pillow does not read them once it has every row.
enum PNGCodec {
    /// Decodes a PNG; `source` names it in errors.
    static func decode(_ data: Data, source: String) throws -> Image {
        try checkHeaderDimensions(data, source: source)
        try checkChunksBeforeImageData(data, source: source)
        do {
            return try decode(data, source: source, byteByByte: false)
        } catch let error as MediaError {
            // libpng reads IDAT data a chunk at a time, so a file cut inside its last IDAT fails before the
            // last rows are delivered even when only the zlib trailer is missing. Pillow decodes such files;
            // reading byte by byte recovers every row that is present (a rare, slower path).
            guard case .truncatedImage = error else { throw error }
            if let image = try? decode(data, source: source, byteByByte: true) { return image }
            throw error
        }
    }

    private static func decode(_ data: Data, source: String, byteByByte: Bool) throws -> Image {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> Image in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { throw MediaError.emptyFile(path: source) }
            // libpng keeps a pointer to the reader (its error and I/O pointer), so it needs a fixed address.
            let reader = UnsafeMutablePointer<vb_png_reader>.allocate(capacity: 1)
            defer { reader.deallocate() }
            guard vb_png_reader_open(reader, base, raw.count, byteByByte ? 1 : 0) != 0 else {
                vb_png_reader_close(reader)
                throw failure(reader, source: source)
            }
            defer { vb_png_reader_close(reader) }

            var header = vb_png_header()
            guard vb_png_read_header(reader, &header) != 0 else { throw failure(reader, source: source) }
            let width = Int(header.width), height = Int(header.height)
            try Image.checkDimensions(width: width, height: height, source: source)
            let layout = try RowLayout(header, source: source)

            let passes = vb_png_start_rows(reader)
            guard passes > 0 else { throw failure(reader, source: source) }
            let rowBytes = header.row_bytes
            var output = [UInt8](repeating: 0, count: width * height * layout.mode.channels)
            let outputRow = width * layout.mode.channels

            /// A failed row read is fatal unless it was the last one and every row had already been
            /// delivered (then only the zlib trailer or a later chunk was missing or broken).
            func rowFailure(isLast: Bool) -> MediaError? {
                if isLast, vb_png_rows_done(reader, header.interlaced, header.height) != 0 { return nil }
                return failure(reader, source: source)
            }

            if passes == 1 {
                // One row buffer: each row is converted as soon as libpng delivers it.
                var row = [UInt8](repeating: 0, count: rowBytes)
                for y in 0 ..< height {
                    let ok = row.withUnsafeMutableBufferPointer { vb_png_read_row(reader, $0.baseAddress) }
                    if ok == 0, let error = rowFailure(isLast: y == height - 1) { throw error }
                    output.withUnsafeMutableBufferPointer { out in
                        row.withUnsafeBufferPointer { layout.convert($0, into: out, at: y * outputRow) }
                    }
                }
            } else {
                // Adam7: libpng fills each full-width row over seven passes, so all rows stay in memory.
                var rows = [UInt8](repeating: 0, count: rowBytes * height)
                for pass in 0 ..< passes {
                    for y in 0 ..< height {
                        let ok = rows.withUnsafeMutableBufferPointer { vb_png_read_row(reader, $0.baseAddress! + y * rowBytes) }
                        if ok == 0, let error = rowFailure(isLast: pass == passes - 1 && y == height - 1) { throw error }
                    }
                }
                output.withUnsafeMutableBufferPointer { out in
                    rows.withUnsafeBufferPointer { all in
                        for y in 0 ..< height {
                            let row = UnsafeBufferPointer(rebasing: all[y * rowBytes ..< (y + 1) * rowBytes])
                            layout.convert(row, into: out, at: y * outputRow)
                        }
                    }
                }
            }
            return try Image(width: width, height: height, mode: layout.mode, pixels: output)
        }
    }

    /// Refuses a zero or oversized IHDR before libpng sees the data (so a crafted header fails fast).
    private static func checkHeaderDimensions(_ data: Data, source: String) throws {
        let head = [UInt8](data.prefix(24))
        guard head.count == 24, Array(head[12 ..< 16]) == Array("IHDR".utf8) else { return }
        func be32(_ offset: Int) -> Int {
            head[offset ..< offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        try Image.checkDimensions(width: be32(16), height: be32(20), source: source)
    }

    /// Walks the chunks before the first IDAT as Pillow does: each must be complete and carry a correct
    /// CRC (Pillow refuses the file otherwise; libpng is told to ignore CRCs, since Pillow never checks
    /// those of IDAT and later chunks).
    private static func checkChunksBeforeImageData(_ data: Data, source: String) throws {
        let problem: MediaError? = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> MediaError? in
            func be32(_ offset: Int) -> Int {
                Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            }
            var offset = 8
            while true {
                guard offset + 8 <= bytes.count else {
                    return .truncatedImage(path: source, format: "PNG", detail: "the data ends before the image data (IDAT)")
                }
                let length = be32(offset)
                let name = String(decoding: bytes[offset + 4 ..< offset + 8], as: UTF8.self)
                if name == "IDAT" { return nil }
                guard length <= Int(Int32.max) else {
                    return .corruptImage(path: source, format: "PNG", detail: "chunk \(name) claims \(length) bytes")
                }
                guard offset + 12 + length <= bytes.count else {
                    return .truncatedImage(path: source, format: "PNG", detail: "the data ends inside the \(name) chunk")
                }
                let stored = UInt32(be32(offset + 8 + length))
                let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[offset + 4 ..< offset + 8 + length]))
                guard stored == computed else {
                    return .corruptImage(path: source, format: "PNG", detail: "bad CRC in the \(name) chunk")
                }
                if name == "IEND" {
                    return .corruptImage(path: source, format: "PNG", detail: "no image data (IEND before any IDAT)")
                }
                offset += 12 + length
            }
        }
        if let problem { throw problem }
    }

    /// The error for a failed libpng call, from the reader's message.
    private static func failure(_ reader: UnsafeMutablePointer<vb_png_reader>, source: String) -> MediaError {
        let message = withUnsafeBytes(of: reader.pointee.message) { bytes -> String in
            let text = bytes.prefix(while: { $0 != 0 })
            return String(decoding: text, as: UTF8.self)
        }
        let detail = message.isEmpty ? "libpng failed without a message" : message
        if reader.pointee.hit_end != 0 || message.contains("Not enough image data") {
            return .truncatedImage(path: source, format: "PNG", detail: detail)
        }
        return .corruptImage(path: source, format: "PNG", detail: detail)
    }

    // MARK: - Encoding

    /// Encodes `image` losslessly as an 8-bit PNG of its own mode (grey, grey + alpha, RGB or RGBA).
    static func encode(_ image: Image) throws -> Data {
        guard let width = UInt32(exactly: image.width), let height = UInt32(exactly: image.height) else {
            throw MediaError.encodingFailed(format: "PNG", detail: "\(image.width)×\(image.height) is too large for PNG")
        }
        var descriptor = png_image()
        descriptor.version = vb_png_image_version()
        descriptor.width = width
        descriptor.height = height
        switch image.mode {
        case .l: descriptor.format = vb_png_format_gray()
        case .la: descriptor.format = vb_png_format_gray_alpha()
        case .rgb: descriptor.format = vb_png_format_rgb()
        case .rgba: descriptor.format = vb_png_format_rgba()
        }
        defer { png_image_free(&descriptor) }

        var capacity = vb_png_image_size_max(&descriptor)
        var output = [UInt8](repeating: 0, count: capacity)
        let ok = output.withUnsafeMutableBytes { memory in
            image.pixels.withUnsafeBytes { pixels in
                png_image_write_to_memory(&descriptor, memory.baseAddress, &capacity, 0, pixels.baseAddress, 0, nil)
            }
        }
        guard ok != 0 else {
            let message = withUnsafeBytes(of: descriptor.message) { bytes in
                String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            throw MediaError.encodingFailed(format: "PNG", detail: message.isEmpty ? "libpng failed" : message)
        }
        return Data(output.prefix(capacity))
    }
}

/// How one stored PNG row maps to output samples.
private struct RowLayout {
    let width: Int
    let depth: Int
    let colourType: Int32
    let mode: Image.Mode
    /// Palette as RGBA quadruples, 256 entries (entries past the PLTE are opaque black, as in Pillow).
    let palette: [UInt8]
    /// For greyscale with a tRNS key: the 8-bit value Pillow treats as transparent (nil: none can match).
    let greyKey: UInt8?

    init(_ header: vb_png_header, source: String) throws {
        width = Int(header.width)
        depth = Int(header.bit_depth)
        colourType = header.color_type
        switch colourType {
        case PNG_COLOR_TYPE_GRAY: mode = header.has_grey_key != 0 ? .la : .l
        case PNG_COLOR_TYPE_RGB: mode = .rgb
        case PNG_COLOR_TYPE_PALETTE: mode = header.alpha_count > 0 ? .rgba : .rgb
        case PNG_COLOR_TYPE_GRAY_ALPHA: mode = depth == 16 ? .rgba : .la
        case PNG_COLOR_TYPE_RGB_ALPHA: mode = .rgba
        default:
            throw MediaError.unsupportedImage(path: source, format: "PNG",
                                              detail: "colour type \(colourType) at bit depth \(depth)")
        }
        var table = [UInt8](repeating: 0, count: 256 * 4)
        if colourType == PNG_COLOR_TYPE_PALETTE {
            let colours = withUnsafeBytes(of: header.palette) { Array($0) }
            let alphas = withUnsafeBytes(of: header.alpha) { Array($0) }
            for index in 0 ..< 256 {
                if index < Int(header.palette_count) {
                    table[4 * index] = colours[3 * index]
                    table[4 * index + 1] = colours[3 * index + 1]
                    table[4 * index + 2] = colours[3 * index + 2]
                    table[4 * index + 3] = index < Int(header.alpha_count) ? alphas[index] : 255
                } else {
                    table[4 * index + 3] = 255
                }
            }
        }
        palette = table
        if colourType == PNG_COLOR_TYPE_GRAY, header.has_grey_key != 0 {
            // Pillow stores a 1-bit key as 255/0 and any other key raw, then compares 8-bit values.
            let key = depth == 1 ? (header.grey_key != 0 ? 255 : 0) : Int(header.grey_key)
            greyKey = key <= 255 ? UInt8(key) : nil
        } else {
            greyKey = nil
        }
    }

    /// The `index`-th packed sample (depth 1, 2 or 4) of `row`.
    @inline(__always)
    private func packed(_ row: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let bit = index * depth
        let shift = 8 - depth - (bit & 7)
        return Int(row[bit >> 3] >> UInt8(shift)) & ((1 << depth) - 1)
    }

    /// The `index`-th sample of an 8- or 16-bit row, reduced to 8 bits by taking the high byte.
    @inline(__always)
    private func high(_ row: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt8 {
        depth == 16 ? row[2 * index] : row[index]
    }

    /// Writes row `row` as `mode` samples into `out` from `offset`.
    func convert(_ row: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let pixels = width
        var o = offset
        switch colourType {
        case PNG_COLOR_TYPE_GRAY:
            let step = mode.channels
            let scale = depth < 8 ? 255 / ((1 << depth) - 1) : 1
            for x in 0 ..< pixels {
                let grey: UInt8
                switch depth {
                case 16: grey = row[2 * x] > 0 ? 255 : row[2 * x + 1]   // Pillow's I;16 → L clamps, it does not scale
                case 8: grey = row[x]
                default: grey = UInt8(packed(row, x) * scale)
                }
                out[o] = grey
                if step == 2 { out[o + 1] = grey == greyKey ? 0 : 255 }
                o += step
            }
        case PNG_COLOR_TYPE_PALETTE:
            let channels = mode.channels
            for x in 0 ..< pixels {
                let index = depth == 8 ? Int(row[x]) : packed(row, x)
                for c in 0 ..< channels { out[o + c] = palette[4 * index + c] }
                o += channels
            }
        case PNG_COLOR_TYPE_GRAY_ALPHA where depth == 16:
            for x in 0 ..< pixels {
                let grey = row[4 * x], alpha = row[4 * x + 2]
                out[o] = grey
                out[o + 1] = grey
                out[o + 2] = grey
                out[o + 3] = alpha
                o += 4
            }
        default:
            // 8/16-bit grey + alpha, RGB, RGBA: stored order equals output order.
            for i in 0 ..< pixels * mode.channels { out[o + i] = high(row, i) }
        }
    }
}

/// CRC-32 (ISO 3309, as PNG chunks use it).
private enum CRC32 {
    private static let table: [UInt32] = (0 ..< 256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0 ..< 8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
