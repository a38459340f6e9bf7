import Foundation
import ModelHub
import Tensors
import Testing
import Tokenizers

/// Locations and readers for the committed reference fixtures.
enum Fixtures {
    static func folder(_ name: String) throws -> URL {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return root.appendingPathComponent(name)
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder(path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A `[rows, columns]` integer tensor from a safetensors file as nested arrays.
    static func matrix(_ file: SafeTensorsFile, _ name: String) throws -> [[Int]] {
        let values = try file.integers(name)
        let shape = try #require(file.tensors[name]).shape
        return (0 ..< shape[0]).map { Array(values[($0 * shape[1]) ..< (($0 + 1) * shape[1])]) }
    }

    /// The padded batch stored in an `expected*.safetensors` file.
    static func batch(_ file: SafeTensorsFile) throws -> BatchEncoding {
        try BatchEncoding(inputIDs: matrix(file, "input_ids"), attentionMask: matrix(file, "attention_mask"),
                          tokenTypeIDs: matrix(file, "token_type_ids"), tokens: [])
    }

    /// The real all-MiniLM-L6-v2 pack from the cache; fails with instructions when absent.
    static func miniLM() throws -> URL {
        var options = HubOptions.current
        options.offline = true
        do {
            return try ModelLocator(options: options).resolve("sentence-transformers/all-MiniLM-L6-v2")
        } catch {
            Issue.record("the offline model pack is missing; run `Scripts/install-models` (make test does): \(error.localizedDescription)")
            throw error
        }
    }
}

/// Largest |a − b| over real-token positions of `[batch, tokens, hidden]` tensors.
func maxDifferenceOnTokens(_ a: Tensor, _ b: Tensor, mask: [[Int]]) -> Float {
    guard a.shape == b.shape, a.rank == 3 else { return .infinity }
    let hidden = a.shape[2], width = a.shape[1]
    var worst: Float = 0
    a.withUnsafeBufferPointer { x in
        b.withUnsafeBufferPointer { y in
            for (row, flags) in mask.enumerated() {
                for (position, flag) in flags.enumerated() where flag != 0 {
                    let base = (row * width + position) * hidden
                    for c in 0 ..< hidden { worst = max(worst, abs(x[base + c] - y[base + c])) }
                }
            }
        }
    }
    return worst
}

/// Collects warnings emitted while `body` runs (tests using it are serialized).
func capturingWarnings<T>(_ body: () throws -> T) rethrows -> (T, [String]) {
    let box = WarningBox()
    Diagnostics.setWarningHandler { message in
        box.lock.lock()
        box.messages.append(message)
        box.lock.unlock()
    }
    defer { Diagnostics.setWarningHandler(nil) }
    let result = try body()
    return (result, box.messages)
}

/// Thread-safe list of captured warnings.
final class WarningBox: @unchecked Sendable {
    let lock = NSLock()
    var messages: [String] = []
}
