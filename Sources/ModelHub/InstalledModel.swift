import Foundation

/// A model found on disk by ``ModelLocator/installedModels()``.
public struct InstalledModel: Sendable, Hashable {
    /// Where a model was found.
    public enum Source: String, Sendable, Hashable {
        /// A plain folder under `VECTORBOOK_MODELS`.
        case modelsDirectory
        /// The Hugging Face hub cache.
        case cache
    }

    /// `org/name` or `name`.
    public let id: String
    /// The folder `from(pretrained:)` loads: the model folder, or the snapshot `refs/main` points to
    /// (the newest snapshot when there is no `refs/main`).
    public let folder: URL
    /// Bytes on disk: the folder's files, or for the cache every blob of the model once.
    public let sizeOnDisk: Int64
    /// Where it was found.
    public let source: Source
    /// The snapshot's commit (cache only).
    public let commit: String?

    /// A record with every field given.
    public init(id: String, folder: URL, sizeOnDisk: Int64, source: Source, commit: String? = nil) {
        self.id = id
        self.folder = folder
        self.sizeOnDisk = sizeOnDisk
        self.source = source
        self.commit = commit
    }

    /// Scans `VECTORBOOK_MODELS` (`<name>/` and `<org>/<name>/` folders holding files) and the cache
    /// (`models--org--name/` folders with a snapshot). Sorted by id, `VECTORBOOK_MODELS` first.
    static func scan(options: HubOptions) -> [InstalledModel] {
        var found = [InstalledModel]()
        if let models = options.modelsDirectory { found += scanModelsDirectory(models) }
        found += scanCache(options.cacheDirectory)
        return found.sorted { ($0.id, $0.source == .cache ? 1 : 0) < ($1.id, $1.source == .cache ? 1 : 0) }
    }

    private static func scanModelsDirectory(_ root: URL) -> [InstalledModel] {
        var found = [InstalledModel]()
        for first in visibleFolders(in: root) {
            if holdsFiles(first) {
                if let id = try? ModelID(first.lastPathComponent) {
                    found.append(plainFolder(id, first))
                }
                continue
            }
            for second in visibleFolders(in: first) where holdsFiles(second) {
                if let id = try? ModelID(first.lastPathComponent + "/" + second.lastPathComponent) {
                    found.append(plainFolder(id, second))
                }
            }
        }
        return found
    }

    private static func plainFolder(_ id: ModelID, _ folder: URL) -> InstalledModel {
        InstalledModel(id: id.description, folder: folder,
                       sizeOnDisk: FileSystem.diskUsage(of: folder, followingLinks: true), source: .modelsDirectory)
    }

    private static func scanCache(_ cache: URL) -> [InstalledModel] {
        var found = [InstalledModel]()
        for repo in visibleFolders(in: cache) {
            guard let id = ModelID(cacheFolderName: repo.lastPathComponent) else { continue }
            let layout = CacheLayout(cacheDirectory: cache, id: id)
            var snapshot = layout.snapshotFolder(revision: "main")
            if snapshot == nil {
                // No refs/main (a download of another revision): show the newest complete snapshot.
                snapshot = visibleFolders(in: layout.snapshotsFolder).max { modified($0) < modified($1) }
            }
            guard let snapshot else { continue }
            found.append(InstalledModel(id: id.description, folder: snapshot,
                                        sizeOnDisk: FileSystem.diskUsage(of: repo), source: .cache,
                                        commit: snapshot.lastPathComponent))
        }
        return found
    }

    /// Sub-folders of `folder` whose names do not start with `.` (staging folders, `.locks`).
    private static func visibleFolders(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }
            .map { folder.appendingPathComponent($0, isDirectory: true) }
            .filter(FileSystem.isDirectory)
    }

    private static func holdsFiles(_ folder: URL) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.contains { !$0.hasPrefix(".") && FileSystem.isFile(folder.appendingPathComponent($0)) }
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }
}
