import Foundation

/// A text normalizer from the `normalizer` section of tokenizer.json. Works on Unicode scalars.
protocol Normalizer: Sendable {
    func normalize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar]
}

/// Builds normalizers from their JSON description, keyed by the `type` field.
enum NormalizerRegistry {
    typealias Builder = @Sendable (JSONNode) throws -> any Normalizer

    static let builders: [String: Builder] = [
        "BertNormalizer": { node in
            BertNormalizer(
                cleanText: try node.bool("clean_text", default: true),
                handleChineseChars: try node.bool("handle_chinese_chars", default: true),
                stripAccents: try node["strip_accents"]?.bool(),
                lowercase: try node.bool("lowercase", default: true))
        },
        "Sequence": { node in
            SequenceNormalizer(steps: try node.required("normalizers").array().map { try make($0) })
        },
        "Lowercase": { _ in LowercaseNormalizer() },
        "NFD": { _ in UnicodeFormNormalizer(form: .nfd) },
        "NFC": { _ in UnicodeFormNormalizer(form: .nfc) },
        "NFKD": { _ in UnicodeFormNormalizer(form: .nfkd) },
        "NFKC": { _ in UnicodeFormNormalizer(form: .nfkc) },
        "StripAccents": { _ in StripAccentsNormalizer() },
        "Strip": { node in
            StripNormalizer(left: try node.bool("strip_left", default: true),
                            right: try node.bool("strip_right", default: true))
        },
        "Replace": { node in
            let pattern = try node.required("pattern")
            let content = Array(try node.required("content").string().unicodeScalars)
            guard let literal = pattern["String"] else {
                return RegexReplaceNormalizer(pattern: try PatternRegex.read(pattern), content: content)
            }
            return ReplaceNormalizer(pattern: Array(try literal.string().unicodeScalars), content: content)
        },
        "Prepend": { node in
            PrependNormalizer(prefix: Array(try node.required("prepend").string().unicodeScalars))
        },
    ]

    /// The normalizer described by `node`; throws `unsupported normalizer "X"` for unknown types.
    static func make(_ node: JSONNode) throws -> any Normalizer {
        let type = try node.componentType()
        guard let builder = builders[type] else {
            throw TokenizerError.unsupportedComponent(kind: "normalizer", type: type, file: node.file,
                                                      key: node.path.isEmpty ? "type" : "\(node.path).type")
        }
        return try builder(node)
    }
}

/// BERT's normalizer: clean text, space out CJK ideographs, strip accents, lowercase.
struct BertNormalizer: Normalizer {
    let cleanText: Bool
    let handleChineseChars: Bool
    /// `nil` means "strip accents when lowercasing", as in the original BERT.
    let stripAccents: Bool?
    let lowercase: Bool

    func normalize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count + 8)
        for scalar in text {
            var s = scalar
            if cleanText {
                if UnicodeClass.isRemovedByCleanText(s) { continue }
                if UnicodeClass.isWhitespace(s) { s = " " }
            }
            if handleChineseChars && UnicodeClass.isChineseCharacter(s) {
                out.append(" ")
                out.append(s)
                out.append(" ")
            } else {
                out.append(s)
            }
        }
        if stripAccents ?? lowercase {
            out = UnicodeForm.nfd.apply(out).filter { !UnicodeClass.isNonspacingMark($0) }
        }
        if lowercase {
            out = LowercaseNormalizer().normalize(out)
        }
        return out
    }
}

struct SequenceNormalizer: Normalizer {
    let steps: [any Normalizer]
    func normalize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        steps.reduce(text) { $1.normalize($0) }
    }
}

/// Scalar-by-scalar full lowercase mapping (Rust `char::to_lowercase`; no context rules such as final sigma).
struct LowercaseNormalizer: Normalizer {
    func normalize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        for s in text { UnicodeClass.appendLowercase(s, to: &out) }
        return out
    }
}

/// The four Unicode normalization forms, as `tokenizers` applies them: characters newer than its
/// Unicode data are left untouched (and nothing composes or reorders across them).
enum UnicodeForm: Sendable {
    case nfd, nfc, nfkd, nfkc

    func apply(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        if text.allSatisfy({ $0.isASCII }) { return text }  // ASCII is invariant under every form
        guard text.contains(where: UnicodeClass.isUnknownToNormalization) else { return foundation(text[...]) }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        var start = text.startIndex
        for i in text.indices where UnicodeClass.isUnknownToNormalization(text[i]) {
            out += foundation(text[start..<i])
            out.append(text[i])
            start = i + 1
        }
        out += foundation(text[start...])
        return out
    }

    private func foundation(_ text: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        if text.allSatisfy({ $0.isASCII }) { return Array(text) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: text)
        let string = String(view)
        let normalized: String
        switch self {
        case .nfd: normalized = string.decomposedStringWithCanonicalMapping
        case .nfc: normalized = string.precomposedStringWithCanonicalMapping
        case .nfkd: normalized = string.decomposedStringWithCompatibilityMapping
        case .nfkc: normalized = string.precomposedStringWithCompatibilityMapping
        }
        return Array(normalized.unicodeScalars)
    }
}

struct UnicodeFormNormalizer: Normalizer {
    let form: UnicodeForm
    func normalize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] { form.apply(text) }
}

/// Removes combining marks (Mn, Mc, Me); combine with NFD to strip accents.
struct StripAccentsNormalizer: Normalizer {
    func normalize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        text.filter { !UnicodeClass.isCombiningMark($0) }
    }
}

/// Trims whitespace on either side.
struct StripNormalizer: Normalizer {
    let left: Bool
    let right: Bool
    func normalize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var start = 0
        var end = text.count
        if left { while start < end && UnicodeClass.isWhitespace(text[start]) { start += 1 } }
        if right { while end > start && UnicodeClass.isWhitespace(text[end - 1]) { end -= 1 } }
        return Array(text[start..<end])
    }
}

/// Replaces every non-overlapping occurrence of a literal pattern, left to right.
struct ReplaceNormalizer: Normalizer {
    let pattern: [Unicode.Scalar]
    let content: [Unicode.Scalar]
    func normalize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard !pattern.isEmpty, text.count >= pattern.count else { return text }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        var i = 0
        let first = pattern[0]
        while i < text.count {
            if text[i] == first && i + pattern.count <= text.count && text[i..<(i + pattern.count)].elementsEqual(pattern) {
                out.append(contentsOf: content)
                i += pattern.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }
}

/// Prepends a string to non-empty text.
struct PrependNormalizer: Normalizer {
    let prefix: [Unicode.Scalar]
    func normalize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        text.isEmpty ? text : prefix + text
    }
}
