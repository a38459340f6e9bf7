import Foundation

/// Bounds-checked little-endian reads over the bytes of a RIFF file, and the walk over its chunks.
///
/// Every read returns `nil` (or throws a ``MediaError`` naming the file) instead of reading outside the
/// bytes; nothing is allocated from a size a header declares.
struct RIFFReader {
    /// The whole file, indexed from 0.
    let data: Data
    /// The file, for messages.
    let source: String

    init(data: Data, source: String) {
        // Slices of a larger `Data` keep their parent's indices; rebase so offsets are file offsets.
        self.data = data.startIndex == 0 ? data : Data(data)
        self.source = source
    }

    /// Number of bytes.
    var count: Int { data.count }

    /// The unsigned 32-bit little-endian value at `offset`, or nil past the end.
    func uint32(at offset: Int) -> UInt32? {
        guard offset >= 0, offset <= count - 4 else { return nil }
        return data.withUnsafeBytes { raw in
            UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
    }

    /// The signed 32-bit little-endian value at `offset`, or nil past the end.
    func int32(at offset: Int) -> Int32? {
        uint32(at: offset).map { Int32(bitPattern: $0) }
    }

    /// The four bytes at `offset` as a FourCC, or nil past the end.
    func fourCC(at offset: Int) -> FourCC? {
        uint32(at: offset).map(FourCC.init(rawValue:))
    }

    /// A copy of the bytes in `range` (which must lie inside the file).
    func bytes(_ range: Range<Int>) -> Data {
        data.subdata(in: range)
    }

    /// The chunks that follow one another in `start ..< end` (the data of a RIFF or LIST chunk, or the
    /// file after its first RIFF chunk). `parent` names the enclosing chunk in messages.
    ///
    /// A chunk whose data runs past the end of the file throws ``MediaError/truncatedVideo(path:detail:)``;
    /// one that runs past its parent throws ``MediaError/corruptVideo(path:detail:)``. Fewer than 8 bytes
    /// left over at the end of a parent are ignored (writers leave such slack), and so is a pad byte that
    /// a parent's size leaves out.
    func chunks(in range: Range<Int>, parent: String) throws -> [RIFFChunk] {
        var result: [RIFFChunk] = []
        var offset = range.lowerBound
        while offset + 8 <= range.upperBound {
            guard let id = fourCC(at: offset), let declared = uint32(at: offset + 4) else { break }
            let chunk = RIFFChunk(id: id, offset: offset, size: Int(declared),
                                  listType: nil)
            try check(chunk, within: range.upperBound, parent: parent)
            if id.isList {
                guard chunk.size >= 4, let type = fourCC(at: chunk.dataStart) else {
                    throw MediaError.corruptVideo(path: source, detail: "\(id) chunk at byte \(offset) declares \(chunk.size)"
                                                  + " bytes, too few for its list type (4 bytes)")
                }
                result.append(RIFFChunk(id: id, offset: offset, size: chunk.size, listType: type))
            } else {
                result.append(chunk)
            }
            offset = chunk.next
        }
        return result
    }

    /// Throws when `chunk`'s data runs past the file or past `parentEnd`.
    func check(_ chunk: RIFFChunk, within parentEnd: Int, parent: String) throws {
        if chunk.dataEnd > count {
            throw MediaError.truncatedVideo(path: source, detail: "the \(chunk.id) chunk at byte \(chunk.offset) declares"
                                            + " \(chunk.size) bytes of data, but the file ends \(count - chunk.dataStart)"
                                            + " bytes after its header (at byte \(count))")
        }
        if chunk.dataEnd > parentEnd {
            throw MediaError.corruptVideo(path: source, detail: "the \(chunk.id) chunk at byte \(chunk.offset) declares"
                                          + " \(chunk.size) bytes of data, running past the end of its parent \(parent)"
                                          + " at byte \(parentEnd)")
        }
    }
}

/// A four-character code (`RIFF`, `LIST`, `00dc`, `MJPG`, …), kept as its 32-bit little-endian value.
struct FourCC: Hashable, Sendable, CustomStringConvertible {
    let rawValue: UInt32

    init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The code of four ASCII characters.
    init(_ text: StaticString) {
        var value: UInt32 = 0
        text.withUTF8Buffer { bytes in
            for (index, byte) in bytes.prefix(4).enumerated() { value |= UInt32(byte) << (8 * UInt32(index)) }
        }
        rawValue = value
    }

    /// The four bytes in file order.
    var bytes: [UInt8] { (0 ..< 4).map { UInt8(truncatingIfNeeded: rawValue >> (8 * UInt32($0))) } }

    /// The characters, with non-printable bytes as `\xNN`.
    var text: String {
        bytes.map { byte in
            if byte >= 0x20 && byte < 0x7F { return String(UnicodeScalar(byte)) }
            let digits = String(byte, radix: 16, uppercase: true)
            return "\\x" + (digits.count == 1 ? "0" + digits : digits)
        }.joined()
    }

    /// The code with ASCII letters upper-cased (for case-insensitive codec names).
    var uppercased: FourCC {
        FourCC(rawValue: bytes.enumerated().reduce(UInt32(0)) { value, item in
            let byte = item.element >= 0x61 && item.element <= 0x7A ? item.element - 0x20 : item.element
            return value | UInt32(byte) << (8 * UInt32(item.offset))
        })
    }

    /// `RIFF` and `LIST` chunks hold a list type and child chunks.
    var isList: Bool { self == FourCC("RIFF") || self == FourCC("LIST") }

    /// Quoted, as messages show it: `'00dc'`.
    var description: String { "'\(text)'" }
}

/// One chunk: an 8-byte header (FourCC, 32-bit size) and `size` bytes of data, padded to an even length.
struct RIFFChunk: Sendable {
    /// The chunk's FourCC.
    let id: FourCC
    /// Where its header starts.
    let offset: Int
    /// Declared data size (without the pad byte).
    let size: Int
    /// For `RIFF` and `LIST` chunks: the form or list type (`AVI `, `hdrl`, `movi`, …).
    let listType: FourCC?

    /// First byte of the data (for a list: of its list type).
    var dataStart: Int { offset + 8 }
    /// One past the last data byte.
    var dataEnd: Int { dataStart + size }
    /// Where the next chunk starts (after the pad byte of an odd size).
    var next: Int { dataEnd + (size & 1) }
    /// For a list: the range of its child chunks.
    var children: Range<Int> { (dataStart + 4) ..< max(dataStart + 4, dataEnd) }

    /// True for a `LIST` (or `RIFF`) chunk of the given type.
    func isList(_ type: FourCC) -> Bool { id.isList && listType == type }

    /// How messages name it: `'LIST' 'movi'` or `'idx1'`.
    var name: String { listType.map { "\(id) \($0)" } ?? id.description }
}
