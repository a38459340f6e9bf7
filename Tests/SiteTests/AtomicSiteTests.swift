import Foundation
import Notebook
import Testing
@testable import Site

@Suite("The site is complete or absent")
struct AtomicSiteTests {
    struct InjectedFailure: Error {}

    static func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func rebuildReplacesThePreviousSite() throws {
        let (parent, site) = try SiteFixture.build()
        defer { try? FileManager.default.removeItem(at: parent) }
        try Data("stale".utf8).write(to: site.appendingPathComponent("stale.html"))
        try SiteFixture.builder().build(into: site)
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("stale.html").path))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("index.html").path))
        #expect(try Self.listing(parent) == ["_site"])
    }

    @Test(arguments: SiteBuilder.Step.allCases)
    func failureMidwayKeepsTheOldSiteAndLeavesNoTemporaryFolder(step: SiteBuilder.Step) throws {
        let (parent, site) = try SiteFixture.build()
        defer { try? FileManager.default.removeItem(at: parent) }
        let before = try SiteFixture.read(site, "index.html")
        try Data("marker".utf8).write(to: site.appendingPathComponent("old-only.txt"))

        var builder = try SiteFixture.builder(options: SiteOptions(buildDate: Date(timeIntervalSince1970: 0)))
        builder.afterStep = { current, folder in
            // The temporary folder is a sibling of the site, never the site itself.
            #expect(folder.deletingLastPathComponent().standardizedFileURL.path == parent.standardizedFileURL.path)
            #expect(folder.lastPathComponent.hasPrefix("._site.partial-"))
            if current == step { throw InjectedFailure() }
        }
        #expect(throws: InjectedFailure.self) { try builder.build(into: site) }
        #expect(try SiteFixture.read(site, "index.html") == before)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("old-only.txt").path))
        #expect(try Self.listing(parent) == ["_site"])
    }

    @Test func failedFirstBuildLeavesNothing() throws {
        let parent = try SiteFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        var builder = try SiteFixture.builder()
        builder.afterStep = { step, _ in if step == .index { throw InjectedFailure() } }
        #expect(throws: InjectedFailure.self) { try builder.build(into: parent.appendingPathComponent("_site")) }
        #expect(try Self.listing(parent).isEmpty)
    }

    @Test func unwritableParentFailsCleanly() throws {
        let parent = try SiteFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        // A file where the parent folder should be: nothing can be created below it.
        let blocker = parent.appendingPathComponent("blocker")
        try Data().write(to: blocker)
        #expect(throws: SiteError.self) {
            try SiteFixture.builder().build(into: blocker.appendingPathComponent("_site"))
        }
        #expect(try Self.listing(parent) == ["blocker"])
    }

    @Test func refusesToReplaceAFolderThatIsNotASite() throws {
        let parent = try SiteFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let output = parent.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: output.appendingPathComponent("notes.md"))
        #expect {
            try SiteFixture.builder().build(into: output)
        } throws: { error in
            guard case .outputNotReplaceable = error as? SiteError else { return false }
            return true
        }
        #expect(try Self.listing(output) == ["notes.md"])
        #expect(try Self.listing(parent) == ["docs"])

        let file = parent.appendingPathComponent("site.html")
        try Data().write(to: file)
        #expect(throws: SiteError.self) { try SiteFixture.builder().build(into: file) }

        // An empty folder is fine.
        let empty = parent.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try SiteFixture.builder().build(into: empty)
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent("index.html").path))
    }

    @Test func leftoversOfAnInterruptedBuildAreRemoved() throws {
        let parent = try SiteFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let leftover = parent.appendingPathComponent("._site.partial-1234")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        try SiteFixture.builder().build(into: parent.appendingPathComponent("_site"))
        #expect(try Self.listing(parent) == ["_site"])
    }
}
