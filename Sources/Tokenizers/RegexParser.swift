/// A parsed regular expression.
indirect enum RegexNode: Sendable {
    case empty
    /// One scalar from a set.
    case set(RegexScalarSet)
    case sequence([RegexNode])
    /// Alternatives, tried left to right.
    case alternation([RegexNode])
    /// `max == nil` means unbounded.
    case repetition(RegexNode, min: Int, max: Int?, mode: RegexRepetitionMode)
    case lookahead(RegexNode, negative: Bool)
    /// `(?>…)`: the first way the body matches, never revisited.
    case atomic(RegexNode)
    case assertion(RegexAssertion)

    /// Whether the node can match the empty string.
    var isNullable: Bool {
        switch self {
        case .empty, .lookahead, .assertion: return true
        case .set: return false
        case .sequence(let items): return items.allSatisfy(\.isNullable)
        case .alternation(let branches): return branches.contains(where: \.isNullable)
        case .repetition(let body, let min, _, _): return min == 0 || body.isNullable
        case .atomic(let body): return body.isNullable
        }
    }
}

enum RegexRepetitionMode: Sendable {
    case greedy, lazy, possessive
}

/// Zero-width assertions (Oniguruma's Ruby syntax: `^` and `$` are line anchors).
enum RegexAssertion: Sendable {
    case lineStart, lineEnd, textStart, textEnd, textEndOrFinalNewline, wordBoundary, notWordBoundary
}

/// Why a pattern cannot be used: bad syntax, or a construct this engine does not implement.
struct RegexSyntaxError: Error, Sendable {
    let reason: String
    /// Scalar offset in the pattern.
    let offset: Int
}

/// Parses the Oniguruma (Ruby syntax) patterns found in tokenizer.json files: literals and escapes,
/// `.`, classes with ranges, negation, nesting, `\d \w \s \h` and `\p{…}`, groups (capturing, `(?:…)`,
/// named, `(?=…)`, `(?!…)`, `(?>…)`), the `i` and `m` options, alternation, the greedy, lazy and
/// possessive quantifiers `* + ? {n,m}`, and the anchors `^ $ \A \z \Z \b \B`.
/// Back-references, look-behind, `\G`, `\K`, class intersections, POSIX brackets, the `x` option and
/// unbounded repeats of sub-patterns that can match the empty string are rejected. With `i`, scalars match
/// their simple case variants (and ſ, K, Å signs their ASCII and Latin-1 letters); Oniguruma's
/// multi-character folds (ß ↔ ss, ﬁ ↔ fi) are not applied.
struct RegexParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var caseInsensitive = false
    private var dotMatchesNewline = false

    init(_ pattern: String) {
        scalars = Array(pattern.unicodeScalars)
    }

    static func parse(_ pattern: String) throws -> RegexNode {
        var parser = RegexParser(pattern)
        let node = try parser.parseAlternation()
        if parser.index < parser.scalars.count { throw parser.error("unmatched ')'") }
        return node
    }

    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private func error(_ reason: String) -> RegexSyntaxError { RegexSyntaxError(reason: reason, offset: index) }

    private mutating func next() throws -> Unicode.Scalar {
        guard let scalar = peek else { throw error("unexpected end of pattern") }
        index += 1
        return scalar
    }

    // MARK: - Structure

    private mutating func parseAlternation() throws -> RegexNode {
        var branches = [try parseSequence()]
        while peek == "|" {
            index += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() throws -> RegexNode {
        var items: [RegexNode] = []
        while let scalar = peek, scalar != "|", scalar != ")" {
            let atom = try parseAtom()
            items.append(try parseQuantifiers(atom))
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .sequence(items))
    }

    private mutating func parseQuantifiers(_ atom: RegexNode) throws -> RegexNode {
        var node = atom
        while let scalar = peek {
            var bounds: (min: Int, max: Int?)
            var isInterval = false
            switch scalar {
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "?": bounds = (0, 1)
            case "{":
                guard let interval = try parseInterval() else { return node }  // a literal "{"
                bounds = interval
                isInterval = true
            default:
                return node
            }
            if !isInterval { index += 1 }
            var mode = RegexRepetitionMode.greedy
            if peek == "?" {
                mode = .lazy
                index += 1
            } else if peek == "+" && !isInterval {  // `{n,m}+` is a repeat of a repeat in Ruby syntax
                mode = .possessive
                index += 1
            }
            if case .assertion = node { throw error("target of repeat operator is invalid") }
            node = .repetition(node, min: bounds.min, max: bounds.max, mode: mode)
        }
        return node
    }

    /// `{n}`, `{n,}`, `{,m}` or `{n,m}` at the current position; nil (nothing consumed) when the brace
    /// does not start a valid interval, which Oniguruma then reads as a literal.
    private mutating func parseInterval() throws -> (min: Int, max: Int?)? {
        var cursor = index + 1
        let low = Self.number(scalars, &cursor)
        var high: Int?
        var hasComma = false
        if cursor < scalars.count && scalars[cursor] == "," {
            hasComma = true
            cursor += 1
            high = Self.number(scalars, &cursor)
        }
        guard cursor < scalars.count, scalars[cursor] == "}", low != nil || high != nil else { return nil }
        let minimum = low ?? 0
        let maximum = hasComma ? high : minimum
        if let maximum, maximum < minimum { throw error("upper bound below lower bound in {n,m}") }
        if minimum > 100_000 || (maximum ?? 0) > 100_000 { throw error("repeat count too large") }
        index = cursor + 1
        return (minimum, maximum)
    }

    /// A run of ASCII digits at `cursor` (capped so that it cannot overflow), or nil when there is none.
    private static func number(_ scalars: [Unicode.Scalar], _ cursor: inout Int) -> Int? {
        var value: Int?
        while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]) {
            value = min((value ?? 0) * 10 + Int(scalars[cursor].value - 0x30), 1_000_000)
            cursor += 1
        }
        return value
    }

    // MARK: - Atoms

    private mutating func parseAtom() throws -> RegexNode {
        let scalar = try next()
        switch scalar {
        case "(":
            return try parseGroup()
        case "[":
            return .set(try parseClass())
        case ".":
            return .set(dotMatchesNewline ? .any : .anyButNewline)
        case "^":
            return .assertion(.lineStart)
        case "$":
            return .assertion(.lineEnd)
        case "\\":
            return try parseEscape()
        case "*", "+", "?":
            index -= 1
            throw error("target of repeat operator is not specified")
        default:
            return literal(scalar.value)
        }
    }

    private func literal(_ value: UInt32) -> RegexNode {
        guard caseInsensitive else { return .set(RegexScalarSet(scalar: value)) }
        return .set(RegexScalarSet(RegexUnicodeClass.caseVariants(value).map { .range($0, $0) }))
    }

    private mutating func parseGroup() throws -> RegexNode {
        let savedCase = caseInsensitive
        let savedDot = dotMatchesNewline
        defer {
            caseInsensitive = savedCase
            dotMatchesNewline = savedDot
        }
        var kind = "group"
        if peek == "?" {
            index += 1
            let marker = try next()
            switch marker {
            case ":": kind = "group"
            case "=": kind = "lookahead"
            case "!": kind = "negative lookahead"
            case ">": kind = "atomic"
            case "#":
                while let scalar = peek, scalar != ")" { index += 1 }
                guard peek == ")" else { throw error("unterminated comment group") }
                index += 1
                return .empty
            case "<":
                if peek == "=" || peek == "!" { throw error("look-behind is not supported") }
                try skipGroupName(until: ">")
            case "'":
                try skipGroupName(until: "'")
            case "i", "m", "x", "-":
                index -= 1
                if let isolated = try parseOptions() { return isolated }
            default:
                index -= 1
                throw error("unsupported group syntax (?\(marker)")
            }
        }
        let body = try parseAlternation()
        guard peek == ")" else { throw error("missing ')'") }
        index += 1
        switch kind {
        case "lookahead": return .lookahead(body, negative: false)
        case "negative lookahead": return .lookahead(body, negative: true)
        case "atomic": return .atomic(body)
        default: return body
        }
    }

    private mutating func skipGroupName(until terminator: Unicode.Scalar) throws {
        while let scalar = peek, scalar != terminator { index += 1 }
        guard peek == terminator else { throw error("unterminated group name") }
        index += 1
    }

    /// Reads `i`, `m`, `-` options after `(?`. For `(?i:…)` it returns nil with the options set (the
    /// caller parses the body); for an isolated `(?i)` it returns the rest of the enclosing group, parsed
    /// with the options (Oniguruma reads `ab(?i)c|d` as `ab(?i:c|d)`).
    private mutating func parseOptions() throws -> RegexNode? {
        var enable = true
        while let scalar = peek {
            switch scalar {
            case "-": enable = false
            case "i": caseInsensitive = enable
            case "m": dotMatchesNewline = enable
            case "x": throw error("the extended (x) option is not supported")
            case ":":
                index += 1
                return nil
            case ")":
                index += 1
                return try parseAlternation()
            default:
                throw error("unsupported option '\(scalar)'")
            }
            index += 1
        }
        throw error("unterminated option group")
    }

    // MARK: - Escapes

    private mutating func parseEscape() throws -> RegexNode {
        let scalar = try next()
        switch scalar {
        case "A": return .assertion(.textStart)
        case "z": return .assertion(.textEnd)
        case "Z": return .assertion(.textEndOrFinalNewline)
        case "b": return .assertion(.wordBoundary)
        case "B": return .assertion(.notWordBoundary)
        case "G", "K", "k", "g", "R", "X", "1"..."9":
            index -= 1
            throw error("\\\(scalar) is not supported")
        default:
            index -= 1
            let member = try parseEscapedMember(inClass: false)
            if case .range(let first, let last) = member, first == last { return literal(first) }
            return .set(RegexScalarSet([member]))
        }
    }

    /// An escape after `\` that stands for a scalar or a class (inside or outside brackets).
    private mutating func parseEscapedMember(inClass: Bool) throws -> RegexScalarSet.Member {
        let scalar = try next()
        switch scalar {
        case "t": return single(0x09)
        case "n": return single(0x0A)
        case "r": return single(0x0D)
        case "f": return single(0x0C)
        case "v": return single(0x0B)
        case "a": return single(0x07)
        case "e": return single(0x1B)
        case "b" where inClass: return single(0x08)
        case "0": return single(try octal())
        case "x": return single(try hexEscape())
        case "u": return single(try hexDigits(exactly: 4))
        case "d": return .table(RegexUnicodeClass.named("digit"), negated: false)
        case "D": return .table(RegexUnicodeClass.named("digit"), negated: true)
        case "w": return .table(RegexUnicodeClass.word(inBrackets: inClass), negated: false)
        case "W": return .table(RegexUnicodeClass.word(inBrackets: inClass), negated: true)
        case "s": return .table(RegexUnicodeClass.named("space"), negated: false)
        case "S": return .table(RegexUnicodeClass.named("space"), negated: true)
        case "h": return .nested(RegexScalarSet([.range(0x30, 0x39), .range(0x41, 0x46), .range(0x61, 0x66)]))
        case "H": return .nested(RegexScalarSet([.range(0x30, 0x39), .range(0x41, 0x46), .range(0x61, 0x66)],
                                                negated: true))
        case "p", "P": return try parseProperty(negated: scalar == "P")
        default:
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                index -= 1
                throw error("unsupported escape \\\(scalar)")
            }
            return single(scalar.value)  // an escaped metacharacter or punctuation stands for itself
        }
    }

    private func single(_ value: UInt32) -> RegexScalarSet.Member { .range(value, value) }

    private mutating func parseProperty(negated: Bool) throws -> RegexScalarSet.Member {
        guard peek == "{" else { throw error("\\p must be followed by {name}") }
        index += 1
        var name = ""
        var negate = negated
        if peek == "^" {
            negate.toggle()
            index += 1
        }
        while let scalar = peek, scalar != "}" {
            name.unicodeScalars.append(scalar)
            index += 1
        }
        guard peek == "}" else { throw error("unterminated \\p{…}") }
        index += 1
        guard let table = RegexUnicodeClass.property(name) else {
            throw error("unsupported Unicode property \\p{\(name)}")
        }
        return .table(table, negated: negate)
    }

    private mutating func octal() throws -> UInt32 {
        var value: UInt32 = 0
        var count = 0
        while count < 2, let scalar = peek, ("0"..."7").contains(scalar) {
            value = value * 8 + (scalar.value - 0x30)
            index += 1
            count += 1
        }
        return value
    }

    private mutating func hexEscape() throws -> UInt32 {
        if peek == "{" {
            index += 1
            var value: UInt32 = 0
            var count = 0
            while let scalar = peek, let digit = hexValue(scalar) {
                value = value &* 16 &+ digit
                index += 1
                count += 1
                if count > 8 { throw error("\\x{…} value too large") }
            }
            guard count > 0, peek == "}" else { throw error("invalid \\x{…} escape") }
            index += 1
            guard Unicode.Scalar(value) != nil else { throw error("\\x{…} is not a Unicode scalar value") }
            return value
        }
        var value: UInt32 = 0
        var count = 0
        while count < 2, let scalar = peek, let digit = hexValue(scalar) {
            value = value * 16 + digit
            index += 1
            count += 1
        }
        guard count > 0 else { throw error("invalid \\x escape") }
        return value
    }

    private mutating func hexDigits(exactly count: Int) throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let scalar = peek, let digit = hexValue(scalar) else { throw error("invalid \\u escape") }
            value = value * 16 + digit
            index += 1
        }
        guard Unicode.Scalar(value) != nil else { throw error("\\u escape is not a Unicode scalar value") }
        return value
    }

    private func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return nil
        }
    }

    // MARK: - Classes

    /// A bracketed class; the opening `[` has been read.
    private mutating func parseClass() throws -> RegexScalarSet {
        var negated = false
        if peek == "^" {
            negated = true
            index += 1
        }
        var members: [RegexScalarSet.Member] = []
        var first = true
        while true {
            guard let scalar = peek else { throw error("premature end of char-class") }
            if scalar == "]" && !first { index += 1; break }
            first = false
            if scalar == "[" {
                if peek(1) == ":" { throw error("POSIX bracket classes are not supported") }
                index += 1
                members.append(.nested(try parseClass()))
                continue
            }
            if scalar == "&" && peek(1) == "&" { throw error("class intersection (&&) is not supported") }
            let start = try parseClassAtom()
            guard case .range(let low, let lowEnd) = start, low == lowEnd,
                  peek == "-", let after = peek(1), after != "]" else {
                members += caseClosed(start)
                continue
            }
            index += 1  // "-"
            let end = try parseClassAtom()
            guard case .range(let high, let highEnd) = end, high == highEnd else {
                throw error("invalid range in char-class")
            }
            guard low <= high else { throw error("empty range in char-class") }
            members += caseClosed(.range(low, high))
        }
        return RegexScalarSet(members, negated: negated)
    }

    private mutating func parseClassAtom() throws -> RegexScalarSet.Member {
        let scalar = try next()
        if scalar == "\\" { return try parseEscapedMember(inClass: true) }
        return single(scalar.value)
    }

    /// With the `i` option, a literal or a small range also matches its case variants.
    private func caseClosed(_ member: RegexScalarSet.Member) -> [RegexScalarSet.Member] {
        guard caseInsensitive, case .range(let low, let high) = member, high - low < 1024 else { return [member] }
        var members = [member]
        for value in low...high {
            for variant in RegexUnicodeClass.caseVariants(value) where variant < low || variant > high {
                members.append(.range(variant, variant))
            }
        }
        return members
    }
}
