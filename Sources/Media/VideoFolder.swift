import Foundation

extension Video {
    /// File extensions (lower case) that count as frames in a frame folder.
    public static let frameFileExtensions: Set<String> = ["jpg", "jpeg", "png"]

    /// Reads a folder of frame images (see ``init(contentsOf:frameRate:)-(String,_)``).
    static func readFolder(path: String, frameRate: Double?) throws -> Video {
        let folder = URL(fileURLWithPath: path, isDirectory: true)
        let entries: [URL]
        do {
            entries = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                                                   options: [.skipsHiddenFiles])
        } catch {
            let reason = FileManager.default.isReadableFile(atPath: path) ? error.localizedDescription : "permission denied"
            throw MediaError.unreadableVideo(path: path, reason: reason)
        }
        let files = entries
            .filter { frameFileExtensions.contains($0.pathExtension.lowercased()) && !$0.hasDirectoryPath }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false }
            .sorted { naturalOrder($0.lastPathComponent, $1.lastPathComponent) }
        guard let first = files.first else {
            throw MediaError.noVideoFrames(path: path, detail: "the folder holds no .jpg, .jpeg or .png files")
        }
        let rate = try frameRate ?? folderFrameRate(folder) ?? defaultFolderFrameRate
        let image = try Image(contentsOf: first.path)
        return Video(source: .files(files), frameRate: rate, width: image.width, height: image.height, origin: path)
    }

    /// The rate in `fps.txt` of `folder`, or nil when there is none.
    ///
    /// The file holds one number of frames per second: an integer, a decimal or a fraction (`30000/1001`),
    /// surrounded by any white space. Only its first 256 bytes are read.
    static func folderFrameRate(_ folder: URL) throws -> Double? {
        let file = folder.appendingPathComponent("fps.txt")
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let head: Data
        do {
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            head = try handle.read(upToCount: 256) ?? Data()
        } catch {
            throw MediaError.unreadableVideo(path: file.path, reason: error.localizedDescription)
        }
        let text = String(decoding: head, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let rate = parseFrameRate(text), rate.isFinite, rate > 0 else {
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            throw MediaError.invalidFrameRate(path: file.path, value: "\"\(shown)\"")
        }
        return rate
    }

    /// `"25"`, `"12.5"` or `"30000/1001"` as a number, else nil.
    static func parseFrameRate(_ text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return Double(parts[0])
        case 2:
            guard let numerator = Double(parts[0].trimmingCharacters(in: .whitespaces)),
                  let denominator = Double(parts[1].trimmingCharacters(in: .whitespaces)), denominator != 0 else { return nil }
            return numerator / denominator
        default: return nil
        }
    }

    /// Name order with runs of digits compared by value: `frame_2` < `frame_10`, `a9b` < `a10a`. Equal
    /// values with different zero padding, and names that differ only in case, fall back to a plain
    /// comparison, so the order is total and does not depend on the file system.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        let left = Array(a.unicodeScalars), right = Array(b.unicodeScalars)
        var i = 0, j = 0
        while i < left.count && j < right.count {
            if isDigit(left[i]) && isDigit(right[j]) {
                let startI = i, startJ = j
                while i < left.count && isDigit(left[i]) { i += 1 }
                while j < right.count && isDigit(right[j]) { j += 1 }
                let x = stripZeros(left[startI ..< i]), y = stripZeros(right[startJ ..< j])
                if x.count != y.count { return x.count < y.count }
                if x != y { return x.lexicographicallyPrecedes(y) { $0.value < $1.value } }
            } else {
                let x = lowered(left[i]), y = lowered(right[j])
                if x != y { return x < y }
                i += 1
                j += 1
            }
        }
        if (left.count - i) != (right.count - j) { return (left.count - i) < (right.count - j) }
        return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }

    private static func stripZeros(_ digits: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        let start = digits.firstIndex { $0 != "0" } ?? digits.endIndex
        return digits[start...]
    }

    private static func lowered(_ scalar: Unicode.Scalar) -> UInt32 {
        scalar.value >= 65 && scalar.value <= 90 ? scalar.value + 32 : scalar.value
    }
}
