import Foundation

/// A numeric expression made only of literals: `2`, `-1`, `0.5`, `1 / 3`, `(2 + 3) * 4`. Swift
/// types such an expression from its context, so the interpreter keeps the literal text and
/// evaluates it in the number type the context asks for: `let f: Float = 1 / 3` is
/// `0.33333334`, `let i = 1 / 3` is `0`, `x * 2` with a Float `x` multiplies two Floats.
indirect enum NumberLiteralTree: Sendable {
    /// An integer literal's text (underscores removed, radix prefix kept) and its `Int` value
    /// (nil when it does not fit).
    case integer(text: String, value: Int?)
    /// A floating-point literal's text (underscores removed).
    case floating(text: String)
    case negate(NumberLiteralTree)
    case binary(BinaryOperator, NumberLiteralTree, NumberLiteralTree)

    /// Whether a floating-point literal appears (then the default type is Double).
    var hasFloatingLiteral: Bool {
        switch self {
        case .integer: return false
        case .floating: return true
        case .negate(let inner): return inner.hasFloatingLiteral
        case .binary(_, let a, let b): return a.hasFloatingLiteral || b.hasFloatingLiteral
        }
    }

    /// Parses an integer literal (`42`, `1_000`, `0x1F`, `0b101`, `0o17`).
    static func integer(_ literal: String) -> NumberLiteralTree {
        let text = literal.filter { $0 != "_" }
        let value: Int?
        if text.hasPrefix("0x") {
            value = Int(text.dropFirst(2), radix: 16)
        } else if text.hasPrefix("0b") {
            value = Int(text.dropFirst(2), radix: 2)
        } else if text.hasPrefix("0o") {
            value = Int(text.dropFirst(2), radix: 8)
        } else {
            value = Int(text)
        }
        return .integer(text: text, value: value)
    }

    /// Evaluates in `kind` (an integer-kind request for a tree with a floating literal gives Double).
    func evaluate(_ kind: NumericKind, runtime: Runtime, at pos: SourcePos) throws -> Value {
        switch self {
        case .integer(let text, let value):
            switch kind {
            case .int:
                guard let value else {
                    throw CellFailure.trap("integer literal '\(text)' overflows when stored into 'Int'", at: pos)
                }
                return .int(value)
            case .double: return .double(value.map(Double.init) ?? Double(text) ?? .infinity)
            case .float: return .float(value.map(Float.init) ?? Float(text) ?? .infinity)
            }
        case .floating(let text):
            switch kind {
            case .float: return .float(Float(text) ?? Float(Double(text) ?? 0))
            case .int, .double: return .double(Double(text) ?? 0)
            }
        case .negate(let inner):
            return try runtime.applyPrefix("-", inner.evaluate(kind, runtime: runtime, at: pos), at: pos)
        case .binary(let op, let a, let b):
            return try runtime.applyBinary(op, a.evaluate(kind, runtime: runtime, at: pos),
                                           b.evaluate(kind, runtime: runtime, at: pos), at: pos)
        }
    }
}

/// Resolves the escapes of a string literal segment: `\n`, `\t`, `\r`, `\0`, `\\`, `\"`, `\'`,
/// `\u{…}`; in raw strings (`#"…"#`) only escapes written with the same number of `#` count.
enum StringLiteralText {
    static func unescape(_ raw: String, pounds: Int) -> String {
        guard raw.contains("\\") || raw.contains("\r") else { return raw }
        var output = ""
        var characters = Array(raw.unicodeScalars)[...]
        let delimiter = String(repeating: "#", count: pounds)
        while let scalar = characters.first {
            characters = characters.dropFirst()
            if scalar == "\r" {
                output.unicodeScalars.append("\n")
                if characters.first == "\n" { characters = characters.dropFirst() }
                continue
            }
            guard scalar == "\\" else {
                output.unicodeScalars.append(scalar)
                continue
            }
            // A raw string's escape needs its pounds after the backslash.
            let poundPrefix = characters.prefix(pounds)
            guard poundPrefix.count == pounds, String(String.UnicodeScalarView(poundPrefix)) == delimiter else {
                output.unicodeScalars.append(scalar)
                continue
            }
            let rest = characters.dropFirst(pounds)
            guard let code = rest.first else {
                output.unicodeScalars.append(scalar)
                continue
            }
            var consumed = 1
            switch code {
            case "n": output.unicodeScalars.append("\n")
            case "t": output.unicodeScalars.append("\t")
            case "r": output.unicodeScalars.append("\r")
            case "0": output.unicodeScalars.append("\0")
            case "\\": output.unicodeScalars.append("\\")
            case "\"": output.unicodeScalars.append("\"")
            case "'": output.unicodeScalars.append("'")
            case "u":
                let afterU = rest.dropFirst()
                if afterU.first == "{", let close = afterU.firstIndex(of: "}") {
                    let hex = String(String.UnicodeScalarView(afterU[afterU.index(after: afterU.startIndex)..<close]))
                    if let number = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(number) {
                        output.unicodeScalars.append(decoded)
                        consumed = afterU.distance(from: rest.startIndex, to: close) + 1
                        break
                    }
                }
                output.unicodeScalars.append(scalar)
                consumed = 0
            default:
                output.unicodeScalars.append(scalar)
                consumed = 0
            }
            characters = consumed == 0 ? characters : rest.dropFirst(consumed)
        }
        return output
    }
}
