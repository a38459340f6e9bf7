import Foundation
import Testing
@testable import Media

@Suite("Frame-folder videos")
struct VideoFolderTests {
    @Test("frames in numeric-aware order, the folder's rate, the first frame's size, Pillow's pixels",
          arguments: VideoFixtures.folders)
    func folder(_ fixture: VideoFixtures.FolderCase) throws {
        let path = try VideoFixtures.path(fixture.folder)
        let video = try Video(contentsOf: path)
        guard case let .files(files) = video.source else {
            Issue.record("\(fixture.folder) did not open as a folder")
            return
        }
        #expect(files.map(\.lastPathComponent) == fixture.files, "\(fixture.folder): \(fixture.covers)")
        #expect(abs(video.frameRate - fixture.frame_rate) < 1e-12, "\(fixture.folder): \(video.frameRate)")
        #expect(video.width == fixture.width && video.height == fixture.height)
        #expect(video.origin == path)
        for (index, expected) in fixture.frames.enumerated() {
            let difference = VideoFixtures.mismatch(try video.frame(at: index), expected)
            #expect(difference == nil, "\(fixture.folder) frame \(index) (\(fixture.files[index])): \(difference ?? "")")
        }
    }

    @Test("folder errors name the folder or its fps.txt", arguments: VideoFixtures.folderErrors)
    func folderErrors(_ fixture: VideoFixtures.FolderError) throws {
        let path = try VideoFixtures.path(fixture.folder)
        let error = try #require(throws: MediaError.self) { try Video(contentsOf: path) }
        let message = error.localizedDescription
        #expect(VideoErrorTests.kind(error) == fixture.kind, "\(fixture.folder) (\(fixture.covers)): \(message)")
        #expect(message.contains(path), "\(message)")
        #expect(message.contains(fixture.contains), "\(message)")
    }

    @Test("an empty folder has no frames; a frameRate argument overrides fps.txt")
    func emptyFolderAndOverride() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("vectorbook-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let error = try #require(throws: MediaError.self) { try Video(contentsOf: empty) }
        #expect(error == .noVideoFrames(path: empty.path, detail: "the folder holds no .jpg, .jpeg or .png files"))

        let mixed = try Video(contentsOf: VideoFixtures.path("frames-mixed"), frameRate: 2)
        #expect(mixed.frameRate == 2 && mixed.frameCount == 4)
        #expect(mixed.timestamp(ofFrame: 3) == 1.5)
        // A bad fps.txt does not matter when the rate is given.
        #expect(try Video(contentsOf: VideoFixtures.path("frames-bad-rate"), frameRate: 5).frameCount == 1)
        #expect(Video.defaultFolderFrameRate == 25)
    }

    /// A throw-away folder holding `files` (name → bytes) and the sub-folders `folders`.
    static func scratchFolder(_ files: [String: Data], folders: [String] = []) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vectorbook-frames-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (name, data) in files { try data.write(to: root.appendingPathComponent(name)) }
        for name in folders {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        return root
    }

    @Test("gaps in the numbering, 1 2 10 order, and files that are not frames: hidden, text, sub-folders")
    func gapsAndStrayFiles() throws {
        let fixture = try VideoFixtures.folder.appendingPathComponent("frames-mixed")
        let jpeg = try Data(contentsOf: fixture.appendingPathComponent("frame_1.jpg"))
        let png = try Data(contentsOf: fixture.appendingPathComponent("frame_2.png"))
        let other = try Data(contentsOf: fixture.appendingPathComponent("frame_10.jpg"))
        let root = try Self.scratchFolder([
            "10.jpg": other, "2.png": png, "1.jpeg": jpeg, "7.jpg": jpeg, ".3.jpg": jpeg, "5.txt": Data("five".utf8),
            "4.gif": Data("GIF89a".utf8), "6.jpg.bak": jpeg, "clip.avi": Data("RIFF".utf8),
        ], folders: ["8.jpg"])
        defer { try? FileManager.default.removeItem(at: root) }
        let video = try Video(contentsOf: root)
        guard case let .files(files) = video.source else {
            Issue.record("\(root.path) did not open as a folder")
            return
        }
        #expect(files.map(\.lastPathComponent) == ["1.jpeg", "2.png", "7.jpg", "10.jpg"])
        #expect(video.frameCount == 4 && video.frameRate == Video.defaultFolderFrameRate)
        #expect(video.duration == 0.16)
        #expect(video.timestamp(ofFrame: 2) == 0.08)   // frames are numbered by position, not by file name
        #expect(video.sampledFrameIndices(count: 2) == [1, 3])
        #expect(try video.frame(at: 1) == (try Image(data: png)))
        #expect(try video.frame(at: 3) == (try Image(data: other)))
    }

    @Test("a first frame that does not decode fails on open, a later one on access, each naming its file")
    func brokenFrameFiles() throws {
        let jpeg = try Data(contentsOf: VideoFixtures.folder.appendingPathComponent("frames-mixed/frame_1.jpg"))
        let laterBroken = try Self.scratchFolder(["1.jpg": jpeg, "2.jpg": Data("not a JPEG".utf8), "3.jpg": jpeg])
        defer { try? FileManager.default.removeItem(at: laterBroken) }
        let video = try Video(contentsOf: laterBroken)
        #expect(video.frameCount == 3)
        #expect(try video.frame(at: 2) == (try Image(data: jpeg)))
        let later = try #require(throws: MediaError.self) { try video.frame(at: 1) }
        #expect(later.localizedDescription.contains(laterBroken.appendingPathComponent("2.jpg").path), "\(later)")
        #expect(throws: MediaError.self) { try video.sampledFrames(count: 3) }

        let firstBroken = try Self.scratchFolder(["1.png": jpeg.prefix(100), "2.jpg": jpeg])
        defer { try? FileManager.default.removeItem(at: firstBroken) }
        let first = try #require(throws: MediaError.self) { try Video(contentsOf: firstBroken) }
        #expect(first.localizedDescription.contains(firstBroken.appendingPathComponent("1.png").path), "\(first)")
    }

    @Test("numeric-aware name order")
    func naturalOrder() {
        let names = ["frame_10.jpg", "frame_2.jpg", "frame_1.jpg", "Frame_3.JPG", "frame_02.jpg", "a.png", "frame_1b.jpg",
                     "frame_100.jpg", "10.jpg", "9.jpg"]
        let sorted = names.sorted(by: Video.naturalOrder)
        #expect(sorted == ["9.jpg", "10.jpg", "a.png", "frame_1.jpg", "frame_1b.jpg", "frame_02.jpg", "frame_2.jpg",
                           "Frame_3.JPG", "frame_10.jpg", "frame_100.jpg"])
        // A strict weak order: never both a < b and b < a, and not a < a.
        for a in names {
            #expect(!Video.naturalOrder(a, a))
            for b in names where a != b { #expect(Video.naturalOrder(a, b) != Video.naturalOrder(b, a), "\(a) \(b)") }
        }
    }

    @Test("fps.txt values", arguments: [("25", 25.0), (" 12.5 ", 12.5), ("30000/1001", 30000.0 / 1001.0), ("24 / 1", 24.0)])
    func parseRate(_ item: (String, Double)) {
        #expect(Video.parseFrameRate(item.0.trimmingCharacters(in: .whitespaces)) == item.1)
    }

    @Test("fps.txt values that are not rates", arguments: ["", "fast", "1/0", "1/2/3", "25fps"])
    func parseBadRate(_ text: String) {
        #expect(Video.parseFrameRate(text) == nil)
    }
}
