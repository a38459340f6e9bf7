import Foundation
import Testing
@testable import Tokenizers

/// The character handling that `tokenizers` applies, checked code point by code point.
@Suite("Unicode handling as in tokenizers")
struct UnicodeTests {
    struct Forms: Decodable {
        let nfd: [[UInt32]]
        let nfkd: [[UInt32]]
        let nfc: [[UInt32]]
        let nfkc: [[UInt32]]
        let samples: [String: [String: String]]
    }

    static func inRanges(_ ranges: [[UInt32]], _ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if value < ranges[mid][0] { high = mid } else if value > ranges[mid][1] { low = mid + 1 } else { return true }
        }
        return false
    }

    /// Every assigned plane: 0–3 and the tags/variation-selector block of plane 14.
    static let scalars: [Unicode.Scalar] = (Array(0..<0x40000) + Array(0xE0000..<0xE1000)).compactMap {
        Unicode.Scalar(UInt32($0))
    }

    @Test("NFD, NFKD, NFC and NFKC change exactly the code points tokenizers changes")
    func normalizationForms() throws {
        let forms = try Fixtures.decode(Forms.self, "unicode_forms.json")
        for (form, ranges, name) in [(UnicodeForm.nfd, forms.nfd, "nfd"), (.nfkd, forms.nfkd, "nfkd"),
                                     (.nfc, forms.nfc, "nfc"), (.nfkc, forms.nfkc, "nfkc")] {
            var mismatches: [String] = []
            for scalar in Self.scalars {
                let changed = form.apply([scalar]) != [scalar]
                if changed != Self.inRanges(ranges, scalar.value) {
                    mismatches.append(String(scalar.value, radix: 16))
                }
            }
            #expect(mismatches.isEmpty, "\(name): \(mismatches.count) code points differ, e.g. \(mismatches.prefix(10))")
            for (hex, expected) in forms.samples[name] ?? [:] {
                let scalar = try #require(UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init))
                #expect(form.apply([scalar]) == Array(expected.unicodeScalars), "\(name) of U+\(hex)")
            }
        }
    }

    @Test("the ASCII fast paths agree with the recorded tables")
    func asciiFastPaths() {
        for value in UInt32(0)..<0x80 {
            let s = Unicode.Scalar(UInt8(value))
            #expect(UnicodeClass.isWhitespace(s) == UnicodeClass.contains(UnicodeTables.whitespace, value), "\(value)")
            #expect(UnicodeClass.isRemovedByCleanText(s) == UnicodeClass.contains(UnicodeTables.cleanTextRemoved, value), "\(value)")
            #expect(UnicodeClass.isPunctuation(s) == UnicodeClass.contains(UnicodeTables.punctuation, value), "\(value)")
            #expect(UnicodeClass.isWordCharacter(s) == UnicodeClass.contains(UnicodeTables.wordCharacters, value), "\(value)")
            #expect(UnicodeClass.isNumeric(s) == UnicodeClass.contains(UnicodeTables.numeric, value), "\(value)")
            #expect(!UnicodeClass.contains(UnicodeTables.combiningMarks, value))
            #expect(!UnicodeClass.contains(UnicodeTables.nonspacingMarks, value))
        }
        // BERT's punctuation includes symbols such as "$", "+", "^" and "`" that Unicode files as S*.
        #expect("$+^`<=>|~".unicodeScalars.allSatisfy(UnicodeClass.isPunctuation))
    }

    @Test("accent stripping: BertNormalizer removes only nonspacing marks, StripAccents all combining marks")
    func marks() {
        let bert = BertNormalizer(cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: false)
        // Devanagari vowel sign I (Mc) and the combining keycap (Me) survive BertNormalizer...
        #expect(bert.normalize(Array("हि 1\u{20E3} é".unicodeScalars)) == Array("हि 1\u{20E3} e".unicodeScalars))
        // ...but not StripAccents.
        #expect(StripAccentsNormalizer().normalize(Array("हि 1\u{20E3}".unicodeScalars)) == Array("ह 1".unicodeScalars))
    }

    @Test("clean_text, CJK spacing and lowercasing")
    func bertNormalizer() {
        let bert = BertNormalizer(cleanText: true, handleChineseChars: true, stripAccents: nil, lowercase: true)
        let input = "A\u{0}B\u{FFFD}C\u{200B}D\tE\u{3000}F中G\u{0085}H ΣΑΣ İ"
        let output = String(String.UnicodeScalarView(bert.normalize(Array(input.unicodeScalars))))
        // Σ lowercases to σ everywhere (no final-sigma rule); İ loses its dot above to accent stripping.
        #expect(Array(output.unicodeScalars) == Array("abcd e f 中 gh σασ i".unicodeScalars))
        // Without accent stripping, lowercasing uses the full mapping: İ → i + U+0307.
        let keepAccents = BertNormalizer(cleanText: true, handleChineseChars: true, stripAccents: false, lowercase: true)
        #expect(keepAccents.normalize(["İ", "Σ"]) == ["i", "\u{307}", "σ"])
    }

    @Test("canonically equivalent vocabulary entries stay distinct")
    func equivalentKeys() throws {
        let json = ###"""
            {"pre_tokenizer": {"type": "WhitespaceSplit"},
             "model": {"type": "WordPiece", "unk_token": "[UNK]",
                       "vocab": {"[UNK]": 0, "\u00e9": 1, "e\u0301": 2, "e": 3, "##\u0301": 4}}}
            """###
        let tokenizer = try Tokenizer(tokenizerJSON: Data(json.utf8))
        #expect(tokenizer.vocabularySize == 5)
        #expect(tokenizer.encode("\u{E9} e\u{301}") == [1, 2])
        #expect(tokenizer.tokenize("e\u{301}\u{301}").map { Array($0.unicodeScalars) } == [["e", "\u{301}"], ["#", "#", "\u{301}"]])
        #expect(tokenizer.convertTokensToIDs(["\u{E9}", "e\u{301}"]) == [1, 2])
    }
}
