import Foundation

/// How the frames of an AVI file were found.
package enum AVIFrameLookup: String, Sendable, Equatable {
    /// From the `idx1` index, offsets counted from the `movi` list type (the AVI 1.0 rule).
    case indexRelative = "idx1-relative"
    /// From the `idx1` index, offsets counted from the start of the file (written by some tools).
    case indexAbsolute = "idx1-absolute"
    /// By walking the chunks of every `movi` list (no index, or one that does not match the file).
    case scan
}

/// Finds the data chunks of one stream in the `movi` lists of an AVI file.
struct AVIFrameLocator {
    let reader: RIFFReader
    /// The chunk ids of the stream: `NNdc` (compressed) and `NNdb` (uncompressed DIB), `NN` its number.
    let ids: Set<FourCC>

    init(reader: RIFFReader, streamIndex: Int) {
        self.reader = reader
        let digits = Array(String(streamIndex / 10 % 10).utf8) + Array(String(streamIndex % 10).utf8)
        func code(_ suffix: String) -> FourCC {
            let bytes = digits + Array(suffix.utf8)
            return FourCC(rawValue: bytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) })
        }
        ids = [code("dc"), code("db")]
    }

    /// The stream's chunks (data ranges) listed by `idx1`, when every one of its entries points at a chunk
    /// with the same id and size inside `movi`; nil when the index is unusable (the caller then scans).
    /// Offsets are tried relative to the `movi` list type first, then as file offsets.
    func fromIndex(_ idx1: RIFFChunk, movi: RIFFChunk) -> (ranges: [Range<Int>], lookup: AVIFrameLookup)? {
        var entries: [(id: FourCC, offset: Int, size: Int)] = []
        var position = idx1.dataStart
        while position + 16 <= idx1.dataEnd {
            if let id = reader.fourCC(at: position), ids.contains(id),
               let offset = reader.uint32(at: position + 8), let size = reader.uint32(at: position + 12) {
                entries.append((id, Int(offset), Int(size)))
            }
            position += 16
        }
        guard !entries.isEmpty else { return nil }
        for (base, lookup) in [(movi.dataStart, AVIFrameLookup.indexRelative), (0, .indexAbsolute)] {
            if let ranges = resolve(entries, base: base, movi: movi) { return (ranges, lookup) }
        }
        return nil
    }

    private func resolve(_ entries: [(id: FourCC, offset: Int, size: Int)], base: Int,
                         movi: RIFFChunk) -> [Range<Int>]? {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(entries.count)
        for entry in entries {
            let header = base + entry.offset
            let start = header + 8, end = start + entry.size
            guard header >= movi.dataStart + 4, end <= movi.dataEnd,
                  reader.fourCC(at: header) == entry.id,
                  reader.uint32(at: header + 4).map(Int.init) == entry.size else { return nil }
            ranges.append(start ..< end)
        }
        return ranges
    }

    /// The stream's chunks in `movi`, in file order, including those grouped in `LIST 'rec '` lists.
    /// Index chunks (`ix##`), other streams and `JUNK` are skipped.
    func scan(_ movi: RIFFChunk) throws -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for chunk in try reader.chunks(in: movi.children, parent: movi.name) {
            if chunk.isList(FourCC("rec ")) {
                for inner in try reader.chunks(in: chunk.children, parent: chunk.name) where ids.contains(inner.id) {
                    ranges.append(inner.dataStart ..< inner.dataEnd)
                }
            } else if ids.contains(chunk.id) {
                ranges.append(chunk.dataStart ..< chunk.dataEnd)
            }
        }
        return ranges
    }
}
