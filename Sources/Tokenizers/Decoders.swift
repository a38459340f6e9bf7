/// Turns tokens back into text (`decoder` in tokenizer.json).
protocol TokenDecoder: Sendable {
    func decode(_ tokens: [String]) -> String
}

/// Builds decoders from their JSON description, keyed by the `type` field.
enum DecoderRegistry {
    typealias Builder = @Sendable (JSONNode) throws -> any TokenDecoder

    static let builders: [String: Builder] = [
        "WordPiece": { node in
            WordPieceDecoder(prefix: try node.string("prefix", default: "##"),
                             cleanup: try node.bool("cleanup", default: true))
        },
        "ByteLevel": { _ in ByteLevelDecoder() },
    ]

    /// The decoder described by `node`; `null` joins tokens with spaces.
    static func make(_ node: JSONNode?) throws -> any TokenDecoder {
        guard let node else { return SpaceJoiningDecoder() }
        let type = try node.componentType()
        guard let builder = builders[type] else {
            throw TokenizerError.unsupportedComponent(kind: "decoder", type: type, file: node.file,
                                                      key: node.path.isEmpty ? "type" : "\(node.path).type")
        }
        return try builder(node)
    }
}

/// No decoder: tokens joined with single spaces.
struct SpaceJoiningDecoder: TokenDecoder {
    func decode(_ tokens: [String]) -> String { tokens.joined(separator: " ") }
}

/// WordPiece: continuing pieces lose their prefix and attach to the previous token; other tokens are
/// preceded by a space. With `cleanup`, each token is cleaned of tokenization spaces on its own
/// (" ." → ".", " n't" → "n't", …), exactly as `tokenizers` does.
struct WordPieceDecoder: TokenDecoder {
    let prefix: String
    let cleanup: Bool

    func decode(_ tokens: [String]) -> String {
        var text = ""
        for (index, token) in tokens.enumerated() {
            var piece = token
            if index > 0 {
                if !prefix.isEmpty, token.utf8.starts(with: prefix.utf8) {
                    piece = String(decoding: token.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
                } else {
                    piece = " " + token
                }
            }
            text += cleanup ? Self.cleanUp(piece) : piece
        }
        return text
    }

    /// The `tokenizers` WordPiece decoder's cleanup rules, applied in order.
    static func cleanUp(_ text: String) -> String {
        guard text.utf8.contains(0x20) else { return text }  // every rule starts with a space
        return replacing(text, [
            (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
            (" 'm", "'m"), (" do not", " don't"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
        ])
    }

    /// transformers' `clean_up_tokenization` (applied to the whole text when
    /// `clean_up_tokenization_spaces` is set in tokenizer_config.json).
    static func transformersCleanUp(_ text: String) -> String {
        guard text.utf8.contains(0x20) else { return text }
        return replacing(text, [
            (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
            (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
        ])
    }

    /// Applies each literal replacement in turn, on UTF-8 bytes (like Rust's and Python's `str.replace`,
    /// never merging a combining mark into the pattern as `Character` comparison would).
    private static func replacing(_ text: String, _ rules: [(String, String)]) -> String {
        var bytes = Array(text.utf8)
        for (pattern, replacement) in rules {
            bytes = replace(bytes, Array(pattern.utf8), Array(replacement.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Replaces every non-overlapping occurrence of `pattern` in `bytes`, left to right.
    static func replace(_ bytes: [UInt8], _ pattern: [UInt8], _ replacement: [UInt8]) -> [UInt8] {
        guard bytes.count >= pattern.count, let first = pattern.first else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var changed = false
        while i < bytes.count {
            if bytes[i] == first, i + pattern.count <= bytes.count,
               bytes[i..<(i + pattern.count)].elementsEqual(pattern) {
                out.append(contentsOf: replacement)
                i += pattern.count
                changed = true
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return changed ? out : bytes
    }
}
