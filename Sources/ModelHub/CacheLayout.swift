import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The paths of one model inside the Hugging Face hub cache, exactly as Python
/// `huggingface_hub` lays them out:
///
/// ```
/// <cache>/models--org--name/
///     blobs/<etag>                     file contents, named by SHA-256 (LFS) or git blob SHA-1
///     blobs/<etag>.incomplete          a download in progress (resumable)
///     snapshots/<commit>/<file>        relative symlinks into blobs/
///     refs/<revision>                  the commit a branch or tag points to
/// <cache>/.locks/models--org--name/<etag>.lock
/// ```
struct CacheLayout: Sendable {
    /// The hub cache (`HF_HUB_CACHE` …).
    let cacheDirectory: URL
    /// The model.
    let id: ModelID

    /// `<cache>/models--org--name`.
    var repoFolder: URL { cacheDirectory.appendingPathComponent(id.cacheFolderName, isDirectory: true) }
    var blobsFolder: URL { repoFolder.appendingPathComponent("blobs", isDirectory: true) }
    var snapshotsFolder: URL { repoFolder.appendingPathComponent("snapshots", isDirectory: true) }
    var refsFolder: URL { repoFolder.appendingPathComponent("refs", isDirectory: true) }

    func blob(etag: String) -> URL { blobsFolder.appendingPathComponent(etag, isDirectory: false) }
    func incompleteBlob(etag: String) -> URL { blobsFolder.appendingPathComponent(etag + ".incomplete", isDirectory: false) }
    func snapshot(commit: String) -> URL { snapshotsFolder.appendingPathComponent(commit, isDirectory: true) }
    func snapshotFile(commit: String, file: String) -> URL {
        snapshot(commit: commit).appendingPathComponent(file, isDirectory: false)
    }
    func ref(revision: String) -> URL { refsFolder.appendingPathComponent(revision, isDirectory: false) }
    func lockFile(etag: String) -> URL {
        cacheDirectory.appendingPathComponent(".locks", isDirectory: true)
            .appendingPathComponent(id.cacheFolderName, isDirectory: true)
            .appendingPathComponent(etag + ".lock", isDirectory: false)
    }

    /// The commit `refs/<revision>` names, or `nil` when there is no such ref.
    func commit(forRevision revision: String) -> String? {
        guard let data = FileManager.default.contents(atPath: ref(revision: revision).path) else { return nil }
        let commit = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return PathRules.isSafeComponent(commit) ? commit : nil
    }

    /// The snapshot folder for `revision` when it is in the cache: `refs/<revision>` → `snapshots/<commit>/`,
    /// or `snapshots/<revision>/` when the revision is itself a commit. Never touches the network.
    func snapshotFolder(revision: String) -> URL? {
        if let commit = commit(forRevision: revision) {
            let folder = snapshot(commit: commit)
            if FileSystem.isDirectory(folder) { return folder }
        }
        if PathRules.isSafeComponent(revision) {
            let folder = snapshot(commit: revision)
            if FileSystem.isDirectory(folder) { return folder }
        }
        return nil
    }

    /// Writes `refs/<revision>` = `commit` atomically (a temporary file renamed over it), without a newline,
    /// as Python does.
    func writeRef(revision: String, commit: String) throws {
        let target = ref(revision: revision)
        let folder = target.deletingLastPathComponent()
        try FileSystem.createDirectory(folder)
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(commit.utf8).write(to: temporary)
        } catch {
            throw HubError.fileSystem(path: temporary.path, operation: "write", reason: error.localizedDescription)
        }
        try FileSystem.rename(temporary, to: target)
    }

    /// Makes `snapshots/<commit>/<file>` a relative symlink to `blobs/<etag>` (replacing any older link
    /// atomically), e.g. `1_Pooling/config.json` → `../../../blobs/<etag>`.
    func linkSnapshotFile(commit: String, file: String, etag: String) throws {
        let link = snapshotFile(commit: commit, file: file)
        try FileSystem.createDirectory(link.deletingLastPathComponent())
        let depth = file.split(separator: "/").count - 1
        let destination = Array(repeating: "..", count: depth + 2).joined(separator: "/") + "/blobs/" + etag
        let temporary = link.deletingLastPathComponent()
            .appendingPathComponent(".\(link.lastPathComponent).\(UUID().uuidString).link")
        do {
            try FileManager.default.createSymbolicLink(atPath: temporary.path, withDestinationPath: destination)
        } catch {
            throw HubError.fileSystem(path: temporary.path, operation: "create symlink", reason: error.localizedDescription)
        }
        try FileSystem.rename(temporary, to: link)
    }
}

/// The few file-system calls Foundation does not offer in the needed form; all C calls stay here.
enum FileSystem {
    /// True when `url` is a folder (following symlinks).
    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// True when `url` is a regular file (following symlinks, so a dangling link is false).
    static func isFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// The size of the file at `url` (following symlinks), or `nil` when there is none.
    static func fileSize(_ url: URL) -> Int64? {
        var info = stat()
        guard stat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// Creates `url` and its parents.
    static func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw HubError.fileSystem(path: url.path, operation: "create folder", reason: error.localizedDescription)
        }
    }

    /// Removes `url` if it exists.
    static func remove(_ url: URL) {
        _ = unlink(url.path)
    }

    /// `rename(2)`: atomically replaces `destination` with `source` (same file system).
    static func rename(_ source: URL, to destination: URL) throws {
        #if canImport(Glibc) || canImport(Musl)
        let result = Glibc.rename(source.path, destination.path)
        #else
        let result = Darwin.rename(source.path, destination.path)
        #endif
        guard result == 0 else {
            throw HubError.fileSystem(path: destination.path, operation: "move '\(source.path)' to",
                                      reason: String(cString: strerror(errno)))
        }
    }

    /// Bytes the regular files under `folder` take. Without `followingLinks` symlinks count nothing
    /// (in a cache each blob is counted once, not once per snapshot link); with it a link counts the
    /// size of the file it points to.
    static func diskUsage(of folder: URL, followingLinks: Bool = false) -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return 0 }
        var total: Int64 = 0
        while let relative = walker.nextObject() as? String {
            var info = stat()
            let path = folder.path + "/" + relative
            let found = followingLinks ? stat(path, &info) : lstat(path, &info)
            if found == 0, (info.st_mode & S_IFMT) == S_IFREG { total += Int64(info.st_size) }
        }
        return total
    }
}

/// An exclusive `flock(2)` on a lock file, the same lock Python's `filelock` takes
/// (`<cache>/.locks/models--org--name/<etag>.lock`), so a Vectorbook download and a
/// Python download of the same blob never write it at once.
enum FileLock {
    /// Runs `body` holding the lock at `url` (creating the file), waiting up to `timeout` seconds for
    /// another holder; throws ``HubError/lockTimeout(path:seconds:)`` when it keeps the lock longer.
    /// The lock file stays afterwards, as with Python's `filelock`.
    static func withLock<T>(at url: URL, timeout: Double, _ body: () throws -> T) throws -> T {
        try FileSystem.createDirectory(url.deletingLastPathComponent())
        let fd = open(url.path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else {
            throw HubError.fileSystem(path: url.path, operation: "open lock file", reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                throw HubError.fileSystem(path: url.path, operation: "lock", reason: String(cString: strerror(code)))
            }
            if Date() >= deadline { throw HubError.lockTimeout(path: url.path, seconds: timeout) }
            usleep(100_000)
        }
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }
}
