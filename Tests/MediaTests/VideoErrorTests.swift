import Foundation
import Testing
@testable import Media

@Suite("Video errors")
struct VideoErrorTests {
    /// The error kind a MediaError belongs to, with the names the fixture manifest uses.
    static func kind(_ error: MediaError) -> String {
        switch error {
        case .unreadableVideo: return "unreadableVideo"
        case .notAVI: return "notAVI"
        case .truncatedVideo: return "truncatedVideo"
        case .corruptVideo: return "corruptVideo"
        case .noVideoStream: return "noVideoStream"
        case .unsupportedVideoCodec: return "unsupportedVideoCodec"
        case .noVideoFrames: return "noVideoFrames"
        case .unsupportedVideo: return "unsupportedVideo"
        case .invalidFrameRate: return "invalidFrameRate"
        case .frameIndexOutOfRange: return "frameIndexOutOfRange"
        case .unsupportedImageFormat: return "unsupportedImageFormat"
        case .truncatedImage: return "truncatedImage"
        case .corruptImage: return "corruptImage"
        default: return "other: \(error)"
        }
    }

    @Test("every broken or foreign file fails with the expected error naming the file", arguments: VideoFixtures.errors)
    func refuses(_ fixture: VideoFixtures.ErrorCase) throws {
        let path = try VideoFixtures.path(fixture.file)
        do {
            let video = try Video(contentsOf: path)
            Issue.record("\(fixture.file) (\(fixture.covers)) opened with \(video.frameCount) frames")
        } catch let error as MediaError {
            let message = error.localizedDescription
            #expect(Self.kind(error) == fixture.kind, "\(fixture.file) (\(fixture.covers)): \(message)")
            #expect(message.contains(path), "\(message)")
            #expect(message.contains(fixture.contains), "\(fixture.file): \"\(fixture.contains)\" not in: \(message)")
        }
    }

    @Test("the non-MJPEG messages name the codec and say how to convert")
    func codecMessages() throws {
        let path = try VideoFixtures.path("h264-fourcc.avi")
        let error = try #require(throws: MediaError.self) { try Video(contentsOf: path) }
        #expect(error == .unsupportedVideoCodec(path: path, codec: "FourCC 'H264'"))
        #expect(error.localizedDescription.contains("ffmpeg -i INPUT -c:v mjpeg"))
    }

    @Test("a 2 GiB RIFF size in a small file is reported as truncation with the declared and real sizes")
    func hugeSize() throws {
        let path = try VideoFixtures.path("riff-size-beyond-file.avi")
        let error = try #require(throws: MediaError.self) { try Video(contentsOf: path) }
        guard case let .truncatedVideo(errorPath, detail) = error else {
            Issue.record("expected truncatedVideo, got \(error)")
            return
        }
        #expect(errorPath == path)
        #expect(detail.contains("2147483632 bytes") && detail.contains("at byte 13840"), "\(detail)")
    }

    @Test("frames that do not decode fail on access, naming the video and the frame")
    func badFrames() throws {
        let fixture = try #require(VideoFixtures.manifest?.frame_errors)
        let path = try VideoFixtures.path(fixture.file)
        let video = try Video(contentsOf: path)
        #expect(video.frameCount == fixture.frame_count)
        let good = try #require(fixture.good["0"])
        #expect(VideoFixtures.mismatch(try video.frame(at: 0), good) == nil)
        for bad in fixture.bad {
            let error = try #require(throws: MediaError.self) { try video.frame(at: bad.frame) }
            #expect(Self.kind(error) == bad.kind, "frame \(bad.frame) (Pillow: \(bad.pillow)): \(error.localizedDescription)")
            #expect(error.localizedDescription.contains("\(path) (frame \(bad.frame))"), "\(error.localizedDescription)")
        }
        #expect(throws: MediaError.self) { try video.sampledFrames(count: 3) }
    }

    @Test("frame indices outside the video throw, naming the file and the count", arguments: [-1, 3, Int.max])
    func indexOutOfRange(_ index: Int) throws {
        let path = try VideoFixtures.path("mjpeg.avi")
        let video = try Video(contentsOf: path)
        let error = try #require(throws: MediaError.self) { try video.frame(at: index) }
        #expect(error == .frameIndexOutOfRange(path: path, index: index, count: 3))
        #expect(error.localizedDescription.contains(path) && error.localizedDescription.contains("3 frames"))
    }

    @Test("missing paths and remote URLs are refused with their name")
    func unreadable() throws {
        let missing = try VideoFixtures.path("no-such-video.avi")
        #expect(throws: MediaError.unreadableVideo(path: missing, reason: "no such file or folder")) {
            try Video(contentsOf: missing)
        }
        let remote = try #require(URL(string: "https://example.com/video.avi"))
        let error = try #require(throws: MediaError.self) { try Video(contentsOf: remote) }
        #expect(error.localizedDescription.contains("https://example.com/video.avi"))
    }

    @Test("a frame rate argument must be finite and positive", arguments: [0, -1, Double.nan, Double.infinity])
    func badFrameRateArgument(_ rate: Double) throws {
        let path = try VideoFixtures.path("mjpeg.avi")
        let error = try #require(throws: MediaError.self) { try Video(contentsOf: path, frameRate: rate) }
        #expect(Self.kind(error) == "invalidFrameRate" && error.localizedDescription.contains(path))
    }

    @Test("every prefix of a valid file either opens or throws a MediaError (never crashes)")
    func everyPrefix() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: VideoFixtures.path("rec-lists.avi")))
        var opened = 0
        for length in 0 ... data.count {
            do {
                _ = try Video(aviData: data.prefix(length), source: "prefix")
                opened += 1
            } catch is MediaError {
            } catch {
                Issue.record("prefix \(length): \(error)")
            }
        }
        #expect(opened == 1)   // only the whole file: every shorter one cuts the RIFF chunk
    }

    @Test("seeded random corruption of header and index bytes never crashes the reader or the frame decoder")
    func randomCorruption() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: VideoFixtures.path("rec-lists.avi")))
        var generator = VideoErrorTests.Generator(seed: 0x5EED)
        let interesting = Array(0 ..< 400) + Array((original.count - 200) ..< original.count)   // headers, idx1
        for _ in 0 ..< 1500 {
            var data = original
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &generator) {
                let offset = interesting.randomElement(using: &generator) ?? 0
                data[offset] = UInt8.random(in: 0 ... 255, using: &generator)
            }
            do {
                let video = try Video(aviData: data, source: "mutated")
                _ = try? video.frame(at: video.frameCount - 1)
            } catch is MediaError {
            } catch {
                Issue.record("unexpected error: \(error)")
            }
        }
    }
}

extension VideoErrorTests {
    /// A small deterministic generator (SplitMix64) for the corruption test.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
