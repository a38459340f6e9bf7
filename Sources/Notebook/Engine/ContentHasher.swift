import Foundation
import ModelHub

/// Hashes the inputs a chapter used (asset files and model folders) for the cache key.
/// Hugging Face snapshot files that link to content-addressed blobs are hashed by the
/// blob's name (already a digest), so a 90 MB model costs a directory walk, not a read.
enum ContentHasher {
    /// SHA-256 of a file's bytes, streamed.
    static func hashFile(_ url: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw NotebookEngineError.unreadableInput(url.path)
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(chunk)
        }
        return hasher.finalize().hexString
    }

    /// A digest of a model folder: every file's relative path and its content digest.
    static func hashFolder(_ folder: URL) throws -> String {
        let manager = FileManager.default
        guard let walker = manager.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                              options: [.skipsHiddenFiles]) else {
            throw NotebookEngineError.unreadableInput(folder.path)
        }
        var entries: [String] = []
        for case let url as URL in walker {
            let resolved = url.resolvingSymlinksInPath()
            guard (try? resolved.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let relative = String(url.path.dropFirst(folder.path.count))
            let blob = resolved.lastPathComponent
            let isBlob = resolved.deletingLastPathComponent().lastPathComponent == "blobs"
                && (blob.count == 64 || blob.count == 40) && blob.allSatisfy(\.isHexDigit)
            entries.append(relative + "=" + (isBlob ? blob : try hashFile(resolved)))
        }
        return SHA256.hash(Data(entries.sorted().joined(separator: "\n").utf8)).hexString
    }

    /// SHA-256 of a string.
    static func hashText(_ text: String) -> String {
        SHA256.hash(Data(text.utf8)).hexString
    }
}

/// Errors of the execution engine.
public enum NotebookEngineError: LocalizedError, Equatable {
    case unreadableInput(String)
    case cacheWriteFailed(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .unreadableInput(path):
            return "cannot read \(path) to check whether cached outputs are still valid"
        case let .cacheWriteFailed(path, reason):
            return "cannot write the cache file \(path): \(reason)"
        }
    }
}
