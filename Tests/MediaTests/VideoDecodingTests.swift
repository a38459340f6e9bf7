import Foundation
import ModelHub
import Testing
@testable import Media

/// The video fixtures written by `Scripts/reference/make_video_fixtures.py` (ffmpeg 5.1, Pillow 13).
enum VideoFixtures {
    struct Frame: Decodable, Equatable {
        let jpeg_sha256: String?
        let jpeg_size: Int?
        let mode: String
        let width: Int
        let height: Int
        let pixels_sha256: String
        let rgb_sha256: String
    }

    struct VideoCase: Decodable, CustomStringConvertible {
        let file: String
        let covers: String
        let lookup: String
        let frame_count: Int
        let frame_rate: Double
        let width: Int
        let height: Int
        let frames: [Frame]
        var description: String { file }
    }

    struct ErrorCase: Decodable, CustomStringConvertible {
        let file: String
        let kind: String
        let contains: String
        let covers: String
        var description: String { file }
    }

    struct FrameErrors: Decodable {
        struct Bad: Decodable {
            let frame: Int
            let kind: String
            let pillow: String
        }
        let file: String
        let frame_count: Int
        let good: [String: Frame]
        let bad: [Bad]
    }

    struct FolderCase: Decodable, CustomStringConvertible {
        let folder: String
        let covers: String
        let frame_rate: Double
        let files: [String]
        let width: Int
        let height: Int
        let frames: [Frame]
        var description: String { folder }
    }

    struct FolderError: Decodable, CustomStringConvertible {
        let folder: String
        let kind: String
        let contains: String
        let covers: String
        var description: String { folder }
    }

    /// A course video of `Assets/video/`: the file's SHA-256 and Pillow's decoding of each frame.
    struct CourseCase: Decodable, CustomStringConvertible {
        let file: String
        let sha256: String
        let frame_count: Int
        let frames: [Frame]
        var description: String { file }
    }

    struct Manifest: Decodable {
        let videos: [VideoCase]
        let errors: [ErrorCase]
        let frame_errors: FrameErrors
        let folders: [FolderCase]
        let folder_errors: [FolderError]
        let course_videos: [CourseCase]
    }

    /// The fixture folder inside the test bundle.
    static var folder: URL {
        get throws {
            let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            return root.appendingPathComponent("video", isDirectory: true)
        }
    }

    static func path(_ name: String) throws -> String { try folder.appendingPathComponent(name).path }

    /// The manifest (empty lists when unreadable, so parameterised tests still list; `loadManifest` fails loudly).
    static let manifest: Manifest? = try? loadManifest()
    static var videos: [VideoCase] { manifest?.videos ?? [] }
    static var errors: [ErrorCase] { manifest?.errors ?? [] }
    static var folders: [FolderCase] { manifest?.folders ?? [] }
    static var folderErrors: [FolderError] { manifest?.folder_errors ?? [] }
    static var courseVideos: [CourseCase] { manifest?.course_videos ?? [] }

    static func loadManifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
    }

    /// The repository root (for `Assets/video/`).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    static func sha(_ bytes: some DataProtocol) -> String { hex(SHA256.hash(bytes)) }

    /// Differences between a decoded frame and Pillow's record of it, or nil.
    static func mismatch(_ image: Image, _ expected: Frame) -> String? {
        if image.width != expected.width || image.height != expected.height {
            return "size \(image.width)×\(image.height) ≠ Pillow's \(expected.width)×\(expected.height)"
        }
        if image.mode.rawValue != expected.mode { return "mode \(image.mode.rawValue) ≠ Pillow's \(expected.mode)" }
        if sha(image.pixels) != expected.pixels_sha256 { return "pixels differ from Pillow's" }
        if sha(image.converted(to: .rgb).pixels) != expected.rgb_sha256 { return "RGB pixels differ from Pillow's" }
        return nil
    }

    /// The compressed frames of an AVI video.
    static func compressed(_ video: Video) throws -> [Data] {
        guard case let .frames(frames) = video.source else {
            Issue.record("\(video.origin) is not an AVI video")
            return []
        }
        return frames
    }
}

@Suite("Motion-JPEG AVI reading")
struct VideoDecodingTests {
    @Test("the manifest lists every case")
    func manifestLoads() throws {
        let manifest = try VideoFixtures.loadManifest()
        #expect(manifest.videos.count == 11)
        #expect(manifest.errors.count >= 19)
        #expect(manifest.folders.count == 3)
        #expect(manifest.course_videos.map(\.file) == CourseVideoTests.videos.map(\.name))
    }

    @Test("frame count, rate, size and JPEG bytes", arguments: VideoFixtures.videos)
    func structure(_ fixture: VideoFixtures.VideoCase) throws {
        let video = try Video(contentsOf: VideoFixtures.path(fixture.file))
        #expect(video.frameCount == fixture.frame_count, "\(fixture.file): \(fixture.covers)")
        #expect(abs(video.frameRate - fixture.frame_rate) < 1e-12, "\(fixture.file): \(video.frameRate)")
        #expect(video.width == fixture.width && video.height == fixture.height)
        #expect(video.origin == (try VideoFixtures.path(fixture.file)))
        #expect(abs(video.duration - Double(fixture.frame_count) / fixture.frame_rate) < 1e-9)
        let frames = try VideoFixtures.compressed(video)
        #expect(frames.map { VideoFixtures.sha($0) } == fixture.frames.map(\.jpeg_sha256), "\(fixture.file)")
        #expect(frames.map(\.count) == fixture.frames.map(\.jpeg_size), "\(fixture.file)")
    }

    @Test("every frame decodes to Pillow's pixels", arguments: VideoFixtures.videos)
    func pixels(_ fixture: VideoFixtures.VideoCase) throws {
        let video = try Video(contentsOf: VideoFixtures.path(fixture.file))
        for (index, expected) in fixture.frames.enumerated() {
            let difference = VideoFixtures.mismatch(try video.frame(at: index), expected)
            #expect(difference == nil, "\(fixture.file) frame \(index): \(difference ?? "")")
        }
    }

    @Test("idx1 and the movi scan find the same frames; the lookup is the expected one", arguments: VideoFixtures.videos)
    func indexAndScanAgree(_ fixture: VideoFixtures.VideoCase) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: VideoFixtures.path(fixture.file)))
        let indexed = try Video.readAVI(data: data, source: fixture.file)
        let scanned = try Video.readAVI(data: data, source: fixture.file, useIndex: false)
        #expect(indexed.lookup.rawValue == fixture.lookup, "\(fixture.file): \(fixture.covers)")
        #expect(scanned.lookup == .scan)
        #expect(indexed.video.source == scanned.video.source, "\(fixture.file)")
        #expect(indexed.video.frameRate == scanned.video.frameRate)
    }

    @Test("paths, file URLs and in-memory bytes give the same video")
    func entryPoints() throws {
        let path = try VideoFixtures.path("mjpeg.avi")
        let byPath = try Video(contentsOf: path)
        let byURL = try Video(contentsOf: URL(fileURLWithPath: path))
        let bytes = try Video(aviData: Data(contentsOf: URL(fileURLWithPath: path)), source: "memory")
        #expect(byURL.source == byPath.source && byURL.origin == path)
        #expect(bytes.source == byPath.source && bytes.origin == "memory")
        #expect(bytes.frameRate == byPath.frameRate)
        // A slice of a larger buffer (non-zero start index) reads the same.
        let padded = Data([1, 2, 3]) + (try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try Video(aviData: padded[3...]).source == byPath.source)
    }

    @Test("the frameRate argument overrides the header, and opens a file that declares no rate")
    func frameRateOverride() throws {
        let video = try Video(contentsOf: VideoFixtures.path("mjpeg.avi"), frameRate: 10)
        #expect(video.frameRate == 10)
        #expect(video.timestamp(ofFrame: 2) == 0.2)
        let noRate = try Video(contentsOf: VideoFixtures.path("no-frame-rate.avi"), frameRate: 12)
        #expect(noRate.frameCount == 3 && noRate.frameRate == 12)
    }

    @Test("the 30000/1001 rate is exact and frame timestamps follow it")
    func ntscRate() throws {
        let video = try Video(contentsOf: VideoFixtures.path("mjpeg.avi"))
        #expect(video.frameRate == 30000.0 / 1001.0)
        #expect(video.timestamp(ofFrame: 0) == 0)
        #expect(abs(video.timestamp(ofFrame: 2) - 2 * 1001.0 / 30000.0) < 1e-15)
    }

    @Test("FourCCs print readably, also with non-printable bytes")
    func fourCCText() {
        #expect(FourCC("MJPG").description == "'MJPG'")
        #expect(FourCC("mjpg").uppercased == FourCC("MJPG"))
        #expect(FourCC(rawValue: 0x0100_3030).text == "00\\x00\\x01")
    }
}

@Suite("Course videos")
struct CourseVideoTests {
    static let videos: [(name: String, frames: Int)] = [
        ("astronaut-pan.avi", 50), ("cat-zoom.avi", 40), ("rocket-to-hubble.avi", 50),
    ]

    @Test("each course video is a 320×240, 10 fps Motion-JPEG AVI under 1 MB whose frames all decode",
          arguments: videos.map(\.name))
    func courseVideo(_ name: String) throws {
        let url = VideoFixtures.repository.appendingPathComponent("Assets/video/\(name)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(size < 1_000_000, "\(name) is \(size) bytes")
        let video = try Video(contentsOf: url)
        #expect(video.frameCount == Self.videos.first { $0.name == name }?.frames)
        #expect(video.frameRate == 10)
        #expect(video.width == 320 && video.height == 240)
        for index in 0 ..< video.frameCount {
            let frame = try video.frame(at: index)
            #expect(frame.width == 320 && frame.height == 240 && frame.mode == .rgb, "\(name) frame \(index)")
        }
    }

    @Test("every frame of each course video equals Pillow's decoding of the same JPEG bytes",
          arguments: VideoFixtures.courseVideos)
    func pillowFrames(_ fixture: VideoFixtures.CourseCase) throws {
        let url = VideoFixtures.repository.appendingPathComponent("Assets/video/\(fixture.file)")
        #expect(VideoFixtures.sha(try Data(contentsOf: url)) == fixture.sha256,
                "\(fixture.file) changed: rerun Scripts/reference/make_video_fixtures.py")
        let video = try Video(contentsOf: url)
        let frames = try VideoFixtures.compressed(video)
        #expect(frames.count == fixture.frame_count)
        #expect(frames.map { VideoFixtures.sha($0) } == fixture.frames.map(\.jpeg_sha256), "\(fixture.file)")
        for (index, expected) in fixture.frames.enumerated() where index < video.frameCount {
            let difference = VideoFixtures.mismatch(try video.frame(at: index), expected)
            #expect(difference == nil, "\(fixture.file) frame \(index): \(difference ?? "")")
        }
    }

    @Test("every course video is credited in Assets/CREDITS.md")
    func credited() throws {
        let credits = try String(contentsOf: VideoFixtures.repository.appendingPathComponent("Assets/CREDITS.md"),
                                 encoding: .utf8)
        for (name, _) in Self.videos { #expect(credits.contains("`\(name)`"), "\(name) is not in CREDITS.md") }
    }
}
