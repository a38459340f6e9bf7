/// Character classes used by normalizers and pre-tokenizers, exactly as the Rust `tokenizers` library
/// applies them (on Unicode scalars, i.e. Rust `char`s). The non-ASCII answers come from
/// `UnicodeTables`, which were recorded from the library itself: its Unicode data is older than
/// Swift's and its "nonspacing mark" table also holds spacing and enclosing marks.
enum UnicodeClass {
    /// Whether `value` lies in one of the flattened closed ranges of `table`.
    @inline(__always)
    static func contains(_ table: [UInt32], _ value: UInt32) -> Bool {
        var low = 0
        var high = table.count / 2  // number of ranges
        while low < high {
            let mid = (low + high) / 2
            if value < table[2 * mid] {
                high = mid
            } else if value > table[2 * mid + 1] {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// Rust `char::is_whitespace`.
    @inline(__always)
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        return contains(UnicodeTables.whitespace, v)
    }

    /// What BERT's `clean_text` deletes: NUL, U+FFFD and control/format/private-use characters
    /// (tab, newline and carriage return excepted: they count as whitespace).
    @inline(__always)
    static func isRemovedByCleanText(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0x7F }
        return contains(UnicodeTables.cleanTextRemoved, v)
    }

    /// BERT punctuation: ASCII 33–47, 58–64, 91–96, 123–126, and Unicode punctuation.
    @inline(__always)
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126)
        }
        return contains(UnicodeTables.punctuation, v)
    }

    /// The CJK ideograph blocks that BERT surrounds with spaces (`handle_chinese_chars`).
    @inline(__always)
    static func isChineseCharacter(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// The marks the StripAccents normalizer removes (combining marks: Mn, Mc, Me).
    @inline(__always)
    static func isCombiningMark(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x300 { return false }
        return contains(UnicodeTables.combiningMarks, v)
    }

    /// The marks BertNormalizer's `strip_accents` removes after NFD (nonspacing marks, Mn).
    @inline(__always)
    static func isNonspacingMark(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x300 { return false }
        return contains(UnicodeTables.nonspacingMarks, v)
    }

    /// Rust `regex` `\w`.
    @inline(__always)
    static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
        }
        return contains(UnicodeTables.wordCharacters, v)
    }

    /// Rust `char::is_numeric`.
    @inline(__always)
    static func isNumeric(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v >= 0x30 && v <= 0x39 }
        return contains(UnicodeTables.numeric, v)
    }

    /// Rust `char::to_lowercase` (the unconditional full lowercase mapping), appended to `out`.
    @inline(__always)
    static func appendLowercase(_ s: Unicode.Scalar, to out: inout [Unicode.Scalar]) {
        let v = s.value
        if v < 0x80 {
            out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : s)
            return
        }
        out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
    }

    /// The newest Unicode version whose characters `tokenizers`' NFD/NFC/NFKD/NFKC know about; later
    /// characters pass through its normalizers unchanged.
    static let normalizationUnicodeMajorVersion = 11

    /// Whether `tokenizers` leaves `s` alone under every normalization form because its data predate it.
    @inline(__always)
    static func isUnknownToNormalization(_ s: Unicode.Scalar) -> Bool {
        guard s.value >= 0x80 else { return false }
        guard let age = s.properties.age else { return true }  // unassigned
        return age.major > normalizationUnicodeMajorVersion
    }
}
