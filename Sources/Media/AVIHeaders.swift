import Foundation

/// The headers of an AVI file (`LIST hdrl`): the main header and one entry per stream.
struct AVIHeaders {
    /// `avih`: the main header (the fields a reader needs).
    struct Main {
        /// `dwMicroSecPerFrame`.
        var microSecondsPerFrame: UInt32
        /// `dwTotalFrames` (of the first RIFF chunk only, in OpenDML files).
        var totalFrames: UInt32
        /// `dwWidth`, `dwHeight`.
        var width: UInt32
        var height: UInt32
    }

    /// One `LIST strl`: `strh` and, for video, the `BITMAPINFOHEADER` of `strf`.
    struct Stream {
        /// Position among the `strl` lists; chunk ids of its data start with it (`00dc`, `01wb`).
        var index: Int
        /// `fccType`: `vids`, `auds`, `txts`, `mids`.
        var type: FourCC
        /// `fccHandler`.
        var handler: FourCC
        /// `dwScale` and `dwRate`: the rate is `rate / scale` samples (frames) per second.
        var scale: UInt32
        var rate: UInt32
        /// `biWidth`, `biHeight` (negative for top-down DIBs) and `biCompression` of `strf`, when present.
        var bitmapWidth: Int32?
        var bitmapHeight: Int32?
        var compression: UInt32?
    }

    var main: Main?
    var streams: [Stream] = []

    /// Reads the children of `LIST hdrl`.
    init(_ hdrl: RIFFChunk, reader: RIFFReader) throws {
        for chunk in try reader.chunks(in: hdrl.children, parent: hdrl.name) {
            if chunk.id == FourCC("avih") {
                main = try Self.readMain(chunk, reader: reader)
            } else if chunk.isList(FourCC("strl")) {
                streams.append(try Self.readStream(chunk, index: streams.count, reader: reader))
            }
        }
    }

    private static func readMain(_ chunk: RIFFChunk, reader: RIFFReader) throws -> Main {
        let base = chunk.dataStart
        guard chunk.size >= 40, let perFrame = reader.uint32(at: base), let total = reader.uint32(at: base + 16),
              let width = reader.uint32(at: base + 32), let height = reader.uint32(at: base + 36) else {
            throw MediaError.corruptVideo(path: reader.source, detail: "the 'avih' main header at byte \(chunk.offset)"
                                          + " holds \(chunk.size) bytes, fewer than the 40 it needs (56 in the format)")
        }
        return Main(microSecondsPerFrame: perFrame, totalFrames: total, width: width, height: height)
    }

    private static func readStream(_ list: RIFFChunk, index: Int, reader: RIFFReader) throws -> Stream {
        let children = try reader.chunks(in: list.children, parent: list.name)
        guard let strh = children.first(where: { $0.id == FourCC("strh") }) else {
            throw MediaError.corruptVideo(path: reader.source, detail: "stream \(index) ('LIST' 'strl' at byte \(list.offset))"
                                          + " has no 'strh' stream header")
        }
        let base = strh.dataStart
        guard strh.size >= 28, let type = reader.fourCC(at: base), let handler = reader.fourCC(at: base + 4),
              let scale = reader.uint32(at: base + 20), let rate = reader.uint32(at: base + 24) else {
            throw MediaError.corruptVideo(path: reader.source, detail: "the 'strh' header of stream \(index) at byte"
                                          + " \(strh.offset) holds \(strh.size) bytes, fewer than the 28 it needs"
                                          + " (56 in the format)")
        }
        var stream = Stream(index: index, type: type, handler: handler, scale: scale, rate: rate)
        if type == FourCC("vids"), let strf = children.first(where: { $0.id == FourCC("strf") }) {
            // BITMAPINFOHEADER: biSize, biWidth, biHeight, biPlanes + biBitCount, biCompression.
            guard strf.size >= 20, let width = reader.int32(at: strf.dataStart + 4),
                  let height = reader.int32(at: strf.dataStart + 8),
                  let compression = reader.uint32(at: strf.dataStart + 16) else {
                throw MediaError.corruptVideo(path: reader.source, detail: "the 'strf' format of video stream \(index) at"
                                              + " byte \(strf.offset) holds \(strf.size) bytes, fewer than the 20 of a"
                                              + " BITMAPINFOHEADER up to biCompression")
            }
            stream.bitmapWidth = width
            stream.bitmapHeight = height
            stream.compression = compression
        }
        return stream
    }
}

extension AVIHeaders.Stream {
    /// `biCompression` values that hold JPEG frames (upper-cased FourCCs): `MJPG` and the Motion-JPEG
    /// variants that ffmpeg's AVI demuxer also maps to its MJPEG decoder.
    static let motionJPEGCodes: Set<FourCC> = [
        FourCC("MJPG"), FourCC("JPEG"), FourCC("AVRN"), FourCC("AVDJ"), FourCC("DMB1"), FourCC("IJPG"),
        FourCC("JPGL"), FourCC("MJPA"), FourCC("SLMJ"), FourCC("CJPG"), FourCC("ACDV"), FourCC("QIVG"),
    ]

    /// The codec: `biCompression` of `strf`, else `fccHandler` of `strh`.
    var codec: UInt32 { compression ?? handler.rawValue }

    /// Whether the frames are JPEG images.
    var isMotionJPEG: Bool { Self.motionJPEGCodes.contains(FourCC(rawValue: codec).uppercased) }

    /// The codec as messages name it: its FourCC, or the `BI_*` constant of an uncompressed DIB.
    var codecName: String {
        switch codec {
        case 0: return "uncompressed RGB (biCompression 0, BI_RGB)"
        case 1: return "RLE8 (biCompression 1, BI_RLE8)"
        case 2: return "RLE4 (biCompression 2, BI_RLE4)"
        case 3: return "uncompressed RGB with bit fields (biCompression 3, BI_BITFIELDS)"
        default: return "FourCC \(FourCC(rawValue: codec))"
        }
    }

    /// Frames per second from `dwRate / dwScale`, or nil when either is 0.
    var frameRate: Double? {
        guard rate > 0, scale > 0 else { return nil }
        return Double(rate) / Double(scale)
    }
}
