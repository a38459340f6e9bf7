/// GPT-2's reversible byte ↔ character table: every byte of UTF-8 text is shown as one printable
/// character, so that a byte-level BPE vocabulary is made of ordinary strings. Bytes that are printable
/// Latin-1 (`!`…`~`, `¡`…`¬`, `®`…`ÿ`) stand for themselves; the other 68 map to U+0100 and up, in order.
enum ByteLevelAlphabet {
    /// The character of each byte.
    static let scalarForByte: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            let value = printable ? UInt32(byte) : next
            if !printable { next += 1 }
            table[byte] = Unicode.Scalar(value) ?? " "  // always valid: below U+0144
        }
        return table
    }()

    /// The byte of each character of the table, indexed by scalar value (-1: not a byte character).
    private static let byteForValue: [Int16] = {
        var table = [Int16](repeating: -1, count: 0x144)
        for (byte, scalar) in scalarForByte.enumerated() { table[Int(scalar.value)] = Int16(byte) }
        return table
    }()

    /// The byte that `scalar` stands for, or nil when it is not one of the 256 byte characters.
    @inline(__always)
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = Int(scalar.value)
        guard value < byteForValue.count else { return nil }
        let byte = byteForValue[value]
        return byte < 0 ? nil : UInt8(byte)
    }

    /// `text` as UTF-8 bytes written with the byte characters.
    static func encode(_ text: ScalarSlice) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count + 4)
        for scalar in text {
            if scalar.isASCII {
                out.append(scalarForByte[Int(scalar.value)])
            } else {
                UTF8.encode(scalar) { out.append(scalarForByte[Int($0)]) }
            }
        }
        return out
    }
}

/// The `ByteLevel` pre-tokenizer: optionally a space before every piece that does not start with one,
/// optionally GPT-2's split into words, then every piece rewritten as byte characters.
struct ByteLevelPreTokenizer: PreTokenizer {
    /// GPT-2's word pattern (`use_regex`).
    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    let addPrefixSpace: Bool
    /// GPT-2's pattern when `use_regex` is true.
    let regex: PatternRegex?

    init(addPrefixSpace: Bool, useRegex: Bool, file: String) throws {
        self.addPrefixSpace = addPrefixSpace
        regex = useRegex ? try PatternRegex.builtIn(Self.gpt2Pattern, origin: "ByteLevel use_regex", file: file) : nil
    }

    func split(_ piece: ScalarSlice, into words: inout [ScalarSlice]) {
        guard !piece.isEmpty else { return }
        var text = piece
        if addPrefixSpace && piece.first != " " {
            text = ([" "] + piece)[...]
        }
        guard let regex else {
            words.append(ByteLevelAlphabet.encode(text)[...])
            return
        }
        for run in regex.runs(in: text) where !run.range.isEmpty {
            words.append(ByteLevelAlphabet.encode(text[run.range])[...])
        }
    }
}

/// The `ByteLevel` decoder: byte characters back to bytes, and the bytes of all tokens decoded as UTF-8
/// together, invalid sequences becoming U+FFFD. A token with a character outside the byte table keeps
/// its own UTF-8 bytes (added tokens such as "<|endoftext|>" are made of byte characters anyway).
struct ByteLevelDecoder: TokenDecoder {
    func decode(_ tokens: [String]) -> String {
        var bytes: [UInt8] = []
        for token in tokens {
            let start = bytes.count
            for scalar in token.unicodeScalars {
                guard let byte = ByteLevelAlphabet.byte(for: scalar) else {
                    bytes.removeSubrange(start...)
                    bytes.append(contentsOf: token.utf8)
                    break
                }
                bytes.append(byte)
            }
        }
        // Like Rust's `String::from_utf8_lossy`: each maximal invalid subsequence becomes one U+FFFD.
        return String(decoding: bytes, as: UTF8.self)
    }
}
