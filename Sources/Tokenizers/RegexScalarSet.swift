/// A set of Unicode scalars that one step of a regular expression matches: a literal, `.`, `\d`,
/// `\p{L}`, or a bracketed class such as `[^\s\p{L}\p{N}]`.
struct RegexScalarSet: Sendable {
    enum Member: Sendable {
        /// A closed range of scalar values (a single scalar is a range of one).
        case range(UInt32, UInt32)
        /// A Unicode class as flattened `[first, last, first, last, …]` ranges; `negated` for `\P{…}`, `\S`, ….
        case table([UInt32], negated: Bool)
        /// A nested bracketed class, e.g. the `[a-z]` in `[[a-z]0-9]`.
        indirect case nested(RegexScalarSet)
    }

    let members: [Member]
    let negated: Bool
    /// Membership of the ASCII scalars (bit v of `asciiLow` for v < 64, bit v - 64 of `asciiHigh` above).
    private let asciiLow: UInt64
    private let asciiHigh: UInt64

    init(_ members: [Member], negated: Bool = false) {
        self.members = members
        self.negated = negated
        var low: UInt64 = 0
        var high: UInt64 = 0
        for value in UInt32(0)..<128 where Self.evaluate(members, negated, value) {
            if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
        }
        asciiLow = low
        asciiHigh = high
    }

    /// The set of one scalar.
    init(scalar: UInt32) { self.init([.range(scalar, scalar)]) }

    /// Every scalar but a newline (`.` without the `m` option).
    static let anyButNewline = RegexScalarSet([.range(0x0A, 0x0A)], negated: true)
    /// Every scalar (`.` with the `m` option).
    static let any = RegexScalarSet([.range(0, 0x10FFFF)])

    @inline(__always)
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 64 { return (asciiLow >> UInt64(value)) & 1 == 1 }
        if value < 128 { return (asciiHigh >> UInt64(value - 64)) & 1 == 1 }
        return Self.evaluate(members, negated, value)
    }

    private static func evaluate(_ members: [Member], _ negated: Bool, _ value: UInt32) -> Bool {
        var found = false
        for member in members {
            switch member {
            case .range(let first, let last):
                found = value >= first && value <= last
            case .table(let table, let negatedTable):
                found = UnicodeClass.contains(table, value) != negatedTable
            case .nested(let set):
                found = evaluate(set.members, set.negated, value)
            }
            if found { break }
        }
        return found != negated
    }
}

/// The Unicode classes of regular expressions (`\p{…}`, `\s`, `\w`, `\d`), from `RegexUnicodeTables`.
enum RegexUnicodeClass {
    /// Parsed tables by class name, built on first use.
    private static let tables: [String: [UInt32]] = {
        var parsed: [String: [UInt32]] = [:]
        for (name, source) in RegexUnicodeTables.source {
            var flat: [UInt32] = []
            for item in source.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == " " }) {
                let bounds = item.split(separator: "-")
                guard let first = bounds.first.flatMap({ UInt32($0, radix: 16) }),
                      let last = bounds.last.flatMap({ UInt32($0, radix: 16) }) else { continue }
                flat.append(first)
                flat.append(last)
            }
            parsed[name] = flat
        }
        return parsed
    }()

    /// Long names and aliases of the supported general categories, folded as `folded` folds them.
    private static let aliases: [String: String] = [
        "l": "L", "letter": "L", "lu": "Lu", "uppercaseletter": "Lu", "ll": "Ll", "lowercaseletter": "Ll",
        "lt": "Lt", "titlecaseletter": "Lt", "lm": "Lm", "modifierletter": "Lm", "lo": "Lo", "otherletter": "Lo",
        "m": "M", "mark": "M", "combiningmark": "M", "mn": "Mn", "nonspacingmark": "Mn",
        "mc": "Mc", "spacingmark": "Mc", "me": "Me", "enclosingmark": "Me",
        "n": "N", "number": "N", "nd": "Nd", "decimalnumber": "Nd", "nl": "Nl", "letternumber": "Nl",
        "no": "No", "othernumber": "No", "p": "P", "punctuation": "P", "s": "S", "symbol": "S",
        "z": "Z", "separator": "Z", "space": "space", "whitespace": "space", "word": "word", "digit": "digit",
    ]

    /// Oniguruma compares property names ignoring case, spaces, hyphens and underscores.
    private static func folded(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "-" && $0 != "_" })
    }

    /// The table of the property `name` (as written in `\p{name}`), or nil when it is not supported.
    static func property(_ name: String) -> [UInt32]? {
        aliases[folded(name)].flatMap { tables[$0] }
    }

    /// The table of a named class ("space", "word", "digit").
    static func named(_ name: String) -> [UInt32] { tables[name] ?? [] }

    /// `\w`: Oniguruma gives the bare escape (and word boundaries) six more members than `[\w]`: ² ³ ¹ ¼ ½ ¾.
    static func word(inBrackets: Bool) -> [UInt32] {
        inBrackets ? named("word") : tables["word outside brackets"] ?? named("word")
    }

    /// Scalars that match `value` when case is ignored: its simple lower, upper and title case
    /// mappings, plus the few scalars whose case folding reaches an ASCII letter.
    static func caseVariants(_ value: UInt32) -> [UInt32] {
        guard let scalar = Unicode.Scalar(value) else { return [value] }
        var variants: [UInt32] = [value]
        let properties = scalar.properties
        for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
            let scalars = Array(mapping.unicodeScalars)
            if scalars.count == 1, !variants.contains(scalars[0].value) { variants.append(scalars[0].value) }
        }
        for (a, b) in foldingExtras where a == value || variants.contains(a) {
            if !variants.contains(b) { variants.append(b) }
        }
        return variants
    }

    /// Case-folding pairs beyond the simple mappings: long s ↔ s, Kelvin sign ↔ k, Angstrom sign ↔ å.
    private static let foldingExtras: [(UInt32, UInt32)] = [
        (0x73, 0x17F), (0x53, 0x17F), (0x17F, 0x73), (0x17F, 0x53), (0x6B, 0x212A), (0x4B, 0x212A),
        (0x212A, 0x6B), (0x212A, 0x4B), (0xE5, 0x212B), (0xC5, 0x212B), (0x212B, 0xE5), (0x212B, 0xC5),
    ]
}
