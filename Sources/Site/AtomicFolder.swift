import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a folder completely or not at all.
///
/// The content is written into a hidden temporary folder next to the destination
/// (`.NAME.partial-UUID`, same file system, so the final move is a rename). Only when the content
/// is complete does it replace the destination: with an atomic exchange of the two folders where
/// the system offers one (`renameat2(RENAME_EXCHANGE)` on Linux, `renamex_np(RENAME_SWAP)` on
/// macOS), else with two renames. On any error the temporary folder is removed and the previous
/// destination is left as it was.
///
/// An existing destination is replaced only if it is empty or carries the ``markerName`` file
/// that every site gets, so that a mistyped `--output` cannot delete unrelated work.
enum AtomicFolder {
    /// The marker file written into every site folder.
    static let markerName = ".vectorbook-site"

    static func write(to destination: URL, fileManager: FileManager = .default,
                      content: (URL) throws -> Void) throws {
        let destination = destination.standardizedFileURL
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        try checkReplaceable(destination, fileManager: fileManager)
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw SiteError.writeFailed(path: parent.path, reason: reason(error))
        }
        removeLeftovers(of: name, in: parent, fileManager: fileManager)

        let temporary = parent.appendingPathComponent(".\(name).partial-\(UUID().uuidString)")
        do {
            try fileManager.createDirectory(at: temporary, withIntermediateDirectories: false)
        } catch {
            throw SiteError.writeFailed(path: temporary.path, reason: reason(error))
        }
        do {
            try content(temporary)
            try Data("Written by Vectorbook; this folder is replaced on every build.\n".utf8)
                .write(to: temporary.appendingPathComponent(markerName))
            try moveIntoPlace(temporary, destination: destination, fileManager: fileManager)
        } catch {
            try? fileManager.removeItem(at: temporary)
            throw error
        }
    }

    /// The destination must be absent, an empty folder, or a folder with the marker.
    static func checkReplaceable(_ destination: URL, fileManager: FileManager) throws {
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: destination.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw SiteError.outputNotReplaceable(path: destination.path, reason: "it is a file, not a folder")
        }
        let contents: [String]
        do {
            contents = try fileManager.contentsOfDirectory(atPath: destination.path)
        } catch {
            throw SiteError.outputNotReplaceable(path: destination.path, reason: "cannot list it: \(reason(error))")
        }
        guard contents.isEmpty || contents.contains(markerName) else {
            throw SiteError.outputNotReplaceable(
                path: destination.path,
                reason: "the folder is not empty and is not a Vectorbook site (it has no \(markerName) file); "
                    + "remove it or choose another output folder")
        }
    }

    /// Removes `.NAME.partial-*` and `.NAME.old-*` folders that an interrupted build left behind.
    private static func removeLeftovers(of name: String, in parent: URL, fileManager: FileManager) {
        guard let siblings = try? fileManager.contentsOfDirectory(atPath: parent.path) else { return }
        for sibling in siblings where sibling.hasPrefix(".\(name).partial-") || sibling.hasPrefix(".\(name).old-") {
            try? fileManager.removeItem(at: parent.appendingPathComponent(sibling))
        }
    }

    private static func moveIntoPlace(_ temporary: URL, destination: URL, fileManager: FileManager) throws {
        guard fileManager.fileExists(atPath: destination.path) else {
            try rename(temporary, to: destination)
            return
        }
        if exchange(temporary, destination) {
            // `temporary` now holds the previous site.
            try? fileManager.removeItem(at: temporary)
            return
        }
        let old = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).old-\(UUID().uuidString)")
        try rename(destination, to: old)
        do {
            try rename(temporary, to: destination)
        } catch {
            try? rename(old, to: destination)
            throw error
        }
        try? fileManager.removeItem(at: old)
    }

    private static func rename(_ source: URL, to target: URL) throws {
        guard source.withUnsafeFileSystemRepresentation({ from in
            target.withUnsafeFileSystemRepresentation { to in
                guard let from, let to else { return false }
                return systemRename(from, to) == 0
            }
        }) else {
            let message = String(cString: strerror(errno))
            throw SiteError.writeFailed(path: target.path, reason: "cannot move \(source.lastPathComponent) "
                                        + "into place: \(message)")
        }
    }

    private static func systemRename(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) -> Int32 {
        #if canImport(Darwin)
        return Darwin.rename(from, to)
        #elseif canImport(Glibc)
        return Glibc.rename(from, to)
        #else
        return Musl.rename(from, to)
        #endif
    }

    /// Atomically swaps two folders; false when the system or file system cannot.
    private static func exchange(_ first: URL, _ second: URL) -> Bool {
        first.withUnsafeFileSystemRepresentation { a in
            second.withUnsafeFileSystemRepresentation { b in
                guard let a, let b else { return false }
                #if canImport(Darwin)
                return renamex_np(a, b, UInt32(RENAME_SWAP)) == 0
                #elseif os(Linux)
                // glibc has `renameat2` since 2.28 but does not export it to Swift; look it up.
                typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>,
                                                      UInt32) -> Int32
                guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
                let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
                let renameExchange: UInt32 = 1 << 1
                return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
                #else
                return false
                #endif
            }
        }
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return nsError.localizedDescription
    }
}
