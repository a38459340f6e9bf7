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
