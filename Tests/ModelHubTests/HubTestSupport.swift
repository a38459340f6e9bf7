import Foundation
import Synchronization
@testable import ModelHub

/// A fresh folder under the system temporary folder, removed after `body`.
func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("vectorbook-hub-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder.resolvingSymlinksInPath())
}

/// Writes `text` to `folder/name`, creating folders.
func writeFile(_ text: String, to folder: URL, _ name: String) throws {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

/// The error `body` throws, as a ``HubError`` (nil when it throws nothing or something else).
func hubError(_ body: () throws -> Any) -> HubError? {
    do {
        _ = try body()
        return nil
    } catch let error as HubError {
        return error
    } catch {
        return nil
    }
}

/// A reporter that records every call.
final class RecordingReporter: DownloadProgressReporter {
    enum Event: Equatable, Sendable {
        case started(String, Int64?, Int64)
        case advanced(String, Int64)
        case finished(String)
        case failed(String)
    }

    private let store = Mutex<[Event]>([])
    var events: [Event] { store.withLock { $0 } }

    func started(file: String, totalBytes: Int64?, resumedFrom: Int64) {
        store.withLock { $0.append(.started(file, totalBytes, resumedFrom)) }
    }
    func advanced(file: String, bytes: Int64) { store.withLock { $0.append(.advanced(file, bytes)) } }
    func finished(file: String) { store.withLock { $0.append(.finished(file)) } }
    func failed(file: String) { store.withLock { $0.append(.failed(file)) } }

    func bytesAdvanced(_ file: String) -> Int64 {
        events.reduce(0) { total, event in
            if case let .advanced(name, bytes) = event, name == file { return total + bytes }
            return total
        }
    }
}

/// A small model repository as the test hub serves it.
struct TinyRepo {
    static let id = "org/tiny-bert"
    static let commit = "0123456789abcdef0123456789abcdef01234567"

    /// Deterministic pseudo-random bytes (a few hundred KiB: several read chunks and progress calls).
    static let weights: Data = {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        var bytes = [UInt8]()
        bytes.reserveCapacity(300_001)
        for _ in 0..<300_001 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        return Data(bytes)
    }()

    static let files: [String: Data] = [
        "config.json": Data(#"{"model_type": "bert", "hidden_size": 8}"#.utf8),
        "tokenizer.json": Data(#"{"version": "1.0", "model": {"type": "WordPiece"}}"#.utf8),
        "vocab.txt": Data("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n".utf8),
        "model.safetensors": weights,
        "1_Pooling/config.json": Data(#"{"pooling_mode_mean_tokens": true}"#.utf8),
        "README.md": Data("# tiny-bert\n".utf8),
        // Not for a CPU encoder: never fetched.
        "pytorch_model.bin": Data(repeating: 7, count: 2048),
        "tf_model.h5": Data(repeating: 8, count: 512),
        "onnx/model.onnx": Data(repeating: 9, count: 512),
        ".gitattributes": Data("*.bin filter=lfs\n".utf8),
    ]
    static let lfs: Set<String> = ["model.safetensors", "pytorch_model.bin", "tf_model.h5", "onnx/model.onnx"]
    static let fetched = ["1_Pooling/config.json", "README.md", "config.json", "model.safetensors", "tokenizer.json", "vocab.txt"]

    static func repo(advertisedEtag: [String: String] = [:], requiredToken: String? = nil) -> TestHubServer.Repo {
        TestHubServer.Repo(id: id, commit: commit, files: files, lfs: lfs,
                           advertisedEtag: advertisedEtag, requiredToken: requiredToken)
    }

    /// The etag (blob name) the hub announces for `file`.
    static func etag(_ file: String) -> String {
        let data = files[file] ?? Data()
        return lfs.contains(file) ? TestHubServer.sha256(data) : TestHubServer.gitBlobSHA1(data)
    }
}

/// Options pointing at `server` with the cache in `folder/cache`.
func testOptions(_ folder: URL, server: TestHubServer?, offline: Bool = false, token: String? = nil,
                 timeout: Double = 5) -> HubOptions {
    HubOptions(modelsDirectory: nil, cacheDirectory: folder.appendingPathComponent("cache", isDirectory: true),
               endpoint: server?.endpoint ?? URL(string: "http://127.0.0.1:9")!, offline: offline, token: token,
               downloadTimeout: timeout, metadataTimeout: timeout)
}
