import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Chapter-level output cache under `<course>/.vectorbook/cache`.
///
/// An entry is valid while the chapter text is unchanged AND every input the run
/// touched — each model folder and each file a cell read — still has the same
/// digest. A changed model or asset therefore invalidates the outputs, unlike a
/// freeze that only watches the source.
struct ChapterCache {
    /// Bump when the engine's outputs change meaning, to invalidate old entries.
    static let formatVersion = 2

    struct Input: Codable, Equatable {
        enum Kind: String, Codable { case file, model }
        var kind: Kind
        var path: String
        var digest: String
    }

    struct Entry: Codable {
        var formatVersion: Int
        var chapterDigest: String
        var inputs: [Input]
        var result: ChapterResult
    }

    let folder: URL

    private func file(for chapter: Chapter) -> URL {
        let name = chapter.displayPath.replacingOccurrences(of: "/", with: "__")
        return folder.appendingPathComponent(name + ".json")
    }

    static func digest(of chapter: Chapter) -> String {
        ContentHasher.hashText("vectorbook-cache-\(formatVersion)\n\(chapter.displayPath)\n\(chapter.source)")
    }

    /// The cached result for `chapter` when it is still valid.
    func lookup(_ chapter: Chapter) -> ChapterResult? {
        guard let data = try? Data(contentsOf: file(for: chapter)),
              let entry = try? Self.decoder.decode(Entry.self, from: data),
              entry.formatVersion == Self.formatVersion,
              entry.chapterDigest == Self.digest(of: chapter) else { return nil }
        for input in entry.inputs {
            let url = URL(fileURLWithPath: input.path)
            let current = try? (input.kind == .model ? ContentHasher.hashFolder(url) : ContentHasher.hashFile(url))
            guard current == input.digest else { return nil }
        }
        var result = entry.result
        result.fromCache = true
        return result
    }

    /// Stores `result` with the digests of its inputs (written to a temporary file, then renamed).
    func store(_ result: ChapterResult, for chapter: Chapter, files: [URL], models: [URL]) throws {
        // A "file" that is a folder (a model given by path) is hashed as a folder.
        func isFolder(_ url: URL) -> Bool {
            (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
        }
        let allFiles = Set(files.map(\.standardizedFileURL))
        let folders = Set(models.map(\.standardizedFileURL)).union(allFiles.filter(isFolder))
        var inputs: [Input] = []
        for url in allFiles.subtracting(folders).sorted(by: { $0.path < $1.path }) {
            inputs.append(Input(kind: .file, path: url.path, digest: try ContentHasher.hashFile(url)))
        }
        for url in folders.sorted(by: { $0.path < $1.path }) {
            inputs.append(Input(kind: .model, path: url.path, digest: try ContentHasher.hashFolder(url)))
        }
        let entry = Entry(formatVersion: Self.formatVersion, chapterDigest: Self.digest(of: chapter),
                          inputs: inputs, result: result)
        let target = file(for: chapter)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString)")
            try Self.encoder.encode(entry).write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw NotebookEngineError.cacheWriteFailed(path: target.path, reason: reason)
            }
        } catch let error as NotebookEngineError {
            throw error
        } catch {
            throw NotebookEngineError.cacheWriteFailed(path: target.path, reason: error.localizedDescription)
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
