import Foundation

extension Video {
    /// The frame rate of a frame folder without `fps.txt` and without a `frameRate:` argument.
    public static let defaultFolderFrameRate: Double = 25

    /// Opens a video: a Motion-JPEG AVI file, or a folder of numbered frame images.
    ///
    /// **AVI files** (RIFF `AVI `, recognised by content, not by extension): the first video stream (`vids`)
    /// must be Motion-JPEG (`strf` `biCompression` `MJPG` or a variant such as `JPEG`, `AVRn`, `dmb1`).
    /// Frames are found through the `idx1` index when it matches the file, else by walking the `movi` list
    /// (`00dc`/`00db` chunks, also inside `LIST 'rec '` groups); OpenDML files continue in `RIFF 'AVIX'`
    /// chunks, which are walked too. An empty chunk (a dropped frame) repeats the frame before it. The frame
    /// rate is `dwRate / dwScale` of the stream header, else `1e6 / dwMicroSecPerFrame` of the main header;
    /// the size is that of `strf` (else `avih`). Frames stay compressed until ``frame(at:)`` decodes one.
    ///
    /// **Folders**: every `.jpg`, `.jpeg` and `.png` file (any case, hidden files skipped), ordered by name
    /// with numbers compared by value (`frame_2.jpg` before `frame_10.jpg`). The frame rate comes from a
    /// `fps.txt` in the folder (a number such as `12`, `12.5` or `30000/1001`), else is
    /// ``defaultFolderFrameRate`` (25). The size is the first frame's.
    ///
    /// `frameRate` overrides the rate the file or `fps.txt` states.
    ///
    /// Throws a ``MediaError`` naming the path: ``MediaError/unreadableVideo(path:reason:)``,
    /// ``MediaError/notAVI(path:detail:)``, ``MediaError/truncatedVideo(path:detail:)``,
    /// ``MediaError/corruptVideo(path:detail:)``, ``MediaError/noVideoStream(path:streams:)``,
    /// ``MediaError/unsupportedVideoCodec(path:codec:)``, ``MediaError/noVideoFrames(path:detail:)``,
    /// ``MediaError/invalidFrameRate(path:value:)``, or the image error of a folder's first frame.
    public init(contentsOf path: String, frameRate: Double? = nil) throws {
        if let frameRate { try Self.checkFrameRate(frameRate, path: path) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MediaError.unreadableVideo(path: path, reason: "no such file or folder")
        }
        if isDirectory.boolValue {
            self = try Self.readFolder(path: path, frameRate: frameRate)
            return
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            let reason = FileManager.default.isReadableFile(atPath: path) ? error.localizedDescription : "permission denied"
            throw MediaError.unreadableVideo(path: path, reason: reason)
        }
        self = try Self.readAVI(data: data, source: path, frameRate: frameRate).video
    }

    /// Opens the video at a file URL, like ``init(contentsOf:frameRate:)-(String,_)``.
    public init(contentsOf url: URL, frameRate: Double? = nil) throws {
        guard url.isFileURL else {
            throw MediaError.unreadableVideo(path: url.absoluteString, reason: "only file URLs are supported for videos")
        }
        try self.init(contentsOf: url.path, frameRate: frameRate)
    }

    /// Reads a Motion-JPEG AVI held in memory; `source` names it in messages.
    public init(aviData data: Data, source: String = "AVI data", frameRate: Double? = nil) throws {
        if let frameRate { try Self.checkFrameRate(frameRate, path: source) }
        self = try Self.readAVI(data: data, source: source, frameRate: frameRate).video
    }

    /// Reads an AVI and says how its frames were found. `useIndex: false` ignores `idx1` and walks `movi`.
    package static func readAVI(data: Data, source: String, frameRate: Double? = nil,
                                useIndex: Bool = true) throws -> (video: Video, lookup: AVIFrameLookup) {
        let reader = RIFFReader(data: data, source: source)
        let layout = try AVILayout(reader: reader)
        let headers = try AVIHeaders(layout.hdrl, reader: reader)
        guard let stream = headers.streams.first(where: { $0.type == FourCC("vids") }) else {
            throw MediaError.noVideoStream(path: source, streams: headers.streams.map(\.type.text))
        }
        guard stream.isMotionJPEG else {
            throw MediaError.unsupportedVideoCodec(path: source, codec: stream.codecName)
        }
        guard stream.index < 100 else {
            throw MediaError.unsupportedVideo(path: source, detail: "the video is stream \(stream.index); chunk ids"
                                              + " have two digits, so only streams 0…99 can be addressed")
        }
        let size = try frameSize(stream: stream, main: headers.main, source: source)
        let rate = try frameRate ?? headerFrameRate(stream: stream, main: headers.main, source: source)

        let locator = AVIFrameLocator(reader: reader, streamIndex: stream.index)
        var ranges: [Range<Int>]
        var lookup = AVIFrameLookup.scan
        if useIndex, let idx1 = layout.idx1, let indexed = locator.fromIndex(idx1, movi: layout.movi[0]) {
            ranges = indexed.ranges
            lookup = indexed.lookup
        } else {
            ranges = try locator.scan(layout.movi[0])
        }
        for movi in layout.movi.dropFirst() { ranges += try locator.scan(movi) }

        let frames = try compressedFrames(ranges, reader: reader, streamIndex: stream.index)
        let video = Video(source: .frames(frames), frameRate: rate, width: size.width, height: size.height, origin: source)
        return (video, lookup)
    }

    /// Frame data from chunk ranges; an empty chunk (a dropped frame) repeats the previous frame, and
    /// empty chunks before the first frame repeat the first.
    private static func compressedFrames(_ ranges: [Range<Int>], reader: RIFFReader, streamIndex: Int) throws -> [Data] {
        guard let firstFull = ranges.firstIndex(where: { !$0.isEmpty }) else {
            let detail = ranges.isEmpty
                ? "the 'movi' list holds no chunks of video stream \(streamIndex)"
                : "all \(ranges.count) chunks of video stream \(streamIndex) are empty (dropped frames)"
            throw MediaError.noVideoFrames(path: reader.source, detail: detail)
        }
        var frames: [Data] = []
        frames.reserveCapacity(ranges.count)
        var previous = reader.bytes(ranges[firstFull])
        for range in ranges {
            if !range.isEmpty { previous = reader.bytes(range) }
            frames.append(previous)
        }
        return frames
    }

    private static func frameSize(stream: AVIHeaders.Stream, main: AVIHeaders.Main?,
                                  source: String) throws -> (width: Int, height: Int) {
        let width = stream.bitmapWidth.map { Int($0) } ?? main.map { Int($0.width) } ?? 0
        let height = stream.bitmapHeight.map { abs(Int($0)) } ?? main.map { Int($0.height) } ?? 0
        guard width > 0, height > 0 else {
            throw MediaError.corruptVideo(path: source, detail: "the headers declare a frame size of \(width)×\(height);"
                                          + " both sides must be at least 1 pixel")
        }
        guard width * height <= Image.maxPixels else {
            throw MediaError.corruptVideo(path: source, detail: "the headers declare frames of \(width)×\(height) pixels,"
                                          + " more than the limit of \(Image.maxPixels) pixels")
        }
        return (width, height)
    }

    private static func headerFrameRate(stream: AVIHeaders.Stream, main: AVIHeaders.Main?,
                                        source: String) throws -> Double {
        if let rate = stream.frameRate { return rate }
        if let main, main.microSecondsPerFrame > 0 { return 1_000_000 / Double(main.microSecondsPerFrame) }
        throw MediaError.corruptVideo(path: source, detail: "it declares no frame rate (the stream header's dwRate and"
                                      + " dwScale and the main header's dwMicroSecPerFrame are 0); pass frameRate: to set one")
    }

    /// Throws unless `rate` is finite and above 0.
    static func checkFrameRate(_ rate: Double, path: String) throws {
        guard rate.isFinite, rate > 0 else { throw MediaError.invalidFrameRate(path: path, value: "\(rate)") }
    }
}

/// Where the parts of an AVI file are: `LIST hdrl`, the `movi` lists (the first RIFF's, then those of
/// OpenDML `RIFF 'AVIX'` extensions) and the `idx1` index.
struct AVILayout {
    var hdrl: RIFFChunk
    /// Never empty.
    var movi: [RIFFChunk]
    var idx1: RIFFChunk?

    init(reader: RIFFReader) throws {
        let source = reader.source
        guard reader.count > 0 else { throw MediaError.notAVI(path: source, detail: "it is empty (0 bytes)") }
        guard reader.count >= 12 else {
            if reader.fourCC(at: 0) == FourCC("RIFF") {
                throw MediaError.truncatedVideo(path: source, detail: "the file holds \(reader.count) bytes, fewer than"
                                                + " the 12 of a RIFF header")
            }
            throw MediaError.notAVI(path: source, detail: Self.describeSignature(reader.data))
        }
        guard reader.fourCC(at: 0) == FourCC("RIFF"), reader.fourCC(at: 8) == FourCC("AVI ") else {
            throw MediaError.notAVI(path: source, detail: Self.describeSignature(reader.data))
        }
        let riff = RIFFChunk(id: FourCC("RIFF"), offset: 0, size: Int(reader.uint32(at: 4) ?? 0), listType: FourCC("AVI "))
        try reader.check(riff, within: reader.count, parent: "the file")
        let top = try reader.chunks(in: riff.children, parent: riff.name)
        guard let hdrl = top.first(where: { $0.isList(FourCC("hdrl")) }) else {
            throw MediaError.corruptVideo(path: source, detail: "it has no 'LIST' 'hdrl' header list")
        }
        guard let movi = top.first(where: { $0.isList(FourCC("movi")) }) else {
            throw MediaError.corruptVideo(path: source, detail: "it has no 'LIST' 'movi' list of frames")
        }
        self.hdrl = hdrl
        self.movi = [movi]
        idx1 = top.first(where: { $0.id == FourCC("idx1") })

        // OpenDML: further RIFF 'AVIX' chunks, each with its own movi list. Other trailing bytes are ignored.
        var offset = riff.next
        while offset + 12 <= reader.count, reader.fourCC(at: offset) == FourCC("RIFF"),
              reader.fourCC(at: offset + 8) == FourCC("AVIX"), let size = reader.uint32(at: offset + 4) {
            let avix = RIFFChunk(id: FourCC("RIFF"), offset: offset, size: Int(size), listType: FourCC("AVIX"))
            try reader.check(avix, within: reader.count, parent: "the file")
            let children = try reader.chunks(in: avix.children, parent: avix.name)
            self.movi += children.filter { $0.isList(FourCC("movi")) }
            offset = avix.next
        }
    }

    /// What a file that is not a RIFF AVI looks like, for messages.
    static func describeSignature(_ data: Data) -> String {
        let head = [UInt8](data.prefix(12))
        func ascii(_ range: Range<Int>) -> String? {
            guard head.count >= range.upperBound else { return nil }
            return String(bytes: head[range], encoding: .ascii)
        }
        if ascii(0 ..< 4) == "RIFF", let form = ascii(8 ..< 12) {
            let kinds = ["WAVE": "a WAV audio file", "WEBP": "a WebP image", "AVI ": "an AVI file"]
            return "it is a RIFF '\(form)' file (\(kinds[form] ?? "not an AVI")), not RIFF 'AVI '"
        }
        if ascii(0 ..< 4) == "RIFX" { return "it is a big-endian RIFX file; AVI files are RIFF" }
        if ascii(4 ..< 8) == "ftyp" { return "it looks like an MP4/QuickTime (ISO media) file" }
        if head.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return "it looks like a Matroska/WebM file" }
        if head.starts(with: [0x00, 0x00, 0x01, 0xBA]) { return "it looks like an MPEG program stream" }
        if ascii(0 ..< 4) == "OggS" { return "it looks like an Ogg file" }
        if let format = ImageFormat.sniff(data) {
            return "it is a single \(format.rawValue) image (open it with Image(contentsOf:))"
        }
        let described = ImageFormat.describeSignature(data)
        if described.hasPrefix("it looks like") { return described }
        let hex = head.map { byte -> String in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
        return "its first bytes (\(hex)) are not a RIFF header"
    }
}
