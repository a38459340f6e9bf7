import Foundation
import Testing
@testable import ModelHub

@Suite("Terminal progress bar")
struct ProgressBarTests {
    /// What `body` makes a bar write, read back from a temporary file.
    func output(interactive: Bool, _ body: (TerminalProgressBar) -> Void) throws -> String {
        try withTemporaryFolder { folder in
            let url = folder.appendingPathComponent("stderr.txt")
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            body(TerminalProgressBar(output: handle, interactive: interactive, refreshInterval: 0))
            try handle.close()
            return try String(contentsOf: url, encoding: .utf8)
        }
    }

    @Test("Without a terminal: one line per finished file, nothing while it runs")
    func plainLines() throws {
        let text = try output(interactive: false) { bar in
            bar.started(file: "model.safetensors", totalBytes: 90_900_000, resumedFrom: 0)
            for _ in 0..<10 { bar.advanced(file: "model.safetensors", bytes: 9_090_000) }
            bar.finished(file: "model.safetensors")
            bar.started(file: "config.json", totalBytes: 512, resumedFrom: 0)
            bar.advanced(file: "config.json", bytes: 512)
            bar.finished(file: "config.json")
        }
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("downloaded model.safetensors (90.9 MB in ") == true)
        #expect(lines.last?.hasPrefix("downloaded config.json (512 B in ") == true)
        #expect(!text.contains("\r"))
    }

    @Test("On a terminal: redraws in place with \\r, ending at 100% and a newline")
    func interactive() throws {
        let text = try output(interactive: true) { bar in
            bar.started(file: "model.safetensors", totalBytes: 1_000_000, resumedFrom: 250_000)
            bar.advanced(file: "model.safetensors", bytes: 250_000)
            bar.advanced(file: "model.safetensors", bytes: 500_000)
            bar.finished(file: "model.safetensors")
        }
        #expect(text.hasPrefix("\r"))
        #expect(text.contains(" 25%"))
        #expect(text.contains(" 50%"))
        #expect(text.contains("100%"))
        #expect(text.contains("1.0/1.0 MB"))
        #expect(text.hasSuffix("\n"))
        #expect(text.split(separator: "\n").count == 1)
        for line in text.split(separator: "\r") where !line.isEmpty {
            #expect(line.replacingOccurrences(of: "\u{1B}[K", with: "").trimmingCharacters(in: .newlines).count <= 80)
        }
    }

    @Test("Redraws are throttled")
    func throttled() throws {
        let text = try withTemporaryFolder { folder -> String in
            let url = folder.appendingPathComponent("stderr.txt")
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            let bar = TerminalProgressBar(output: handle, interactive: true, refreshInterval: 60)
            bar.started(file: "f", totalBytes: 1000, resumedFrom: 0)
            for _ in 0..<100 { bar.advanced(file: "f", bytes: 10) }
            bar.finished(file: "f")
            try handle.close()
            return try String(contentsOf: url, encoding: .utf8)
        }
        // started, the first advance, finished: not one line per chunk.
        #expect(text.split(separator: "\r").count <= 3)
    }

    @Test("Byte counts use decimal units", arguments: [
        (Int64(0), "0 B"), (999, "999 B"), (1_500, "1.5 kB"), (90_900_000, "90.9 MB"), (1_340_000_000, "1.34 GB"),
    ])
    func units(count: Int64, expected: String) {
        #expect(TerminalProgressBar.bytes(count) == expected)
    }
}
