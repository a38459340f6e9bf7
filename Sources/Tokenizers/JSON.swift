import Foundation

/// A parsed JSON value. Objects keep their members in file order with their keys exactly as written:
/// Swift `String` comparison treats canonically equivalent keys ("é" and "e\u{301}") as equal, which
/// would merge distinct vocabulary entries, so keys are never put in a `[String: …]` dictionary.
indirect enum JSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(key: String, value: JSON)])

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short rendering used in error messages.
    var summary: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "an array of \(a.count) values"
        case .object: return "an object"
        }
    }

    /// Parses `data`, reporting failures against `file`.
    static func parse(_ data: Data, file: String) throws -> JSON {
        var parser = JSONParser(bytes: [UInt8](data), file: file)
        return try parser.parseDocument()
    }
}

/// A strict RFC 8259 parser over UTF-8 bytes.
private struct JSONParser {
    let bytes: [UInt8]
    let file: String
    var index = 0
    var depth = 0
    static let maxDepth = 512

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    mutating func parseDocument() throws -> JSON {
        // A UTF-8 byte order mark is tolerated, as Python's json.load with utf-8-sig would.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error("unexpected data after the top-level value") }
        return value
    }

    private func error(_ reason: String) -> TokenizerError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return .malformedJSON(file: file, reason: "\(reason) at line \(line), column \(column)")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ literal: StaticString, _ value: JSON) throws -> JSON {
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected in
            index + count <= bytes.count && bytes[index..<(index + count)].elementsEqual(expected)
        }
        guard matches else { throw error("invalid literal") }
        index += count
        return value
    }

    private mutating func parseValue() throws -> JSON {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of data") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(Unicode.Scalar(bytes[index]))'")
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func parseObject() throws -> JSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [(key: String, value: JSON)] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            members.append((key, try parseValue()))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of data in an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws -> JSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [JSON] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of data in an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw error("expected ',' or ']'")
        }
    }

    private mutating func parseString() throws -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("unescaped control character in a string") }
            index += 1
        }
        var out = [UInt8](bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte < 0x20 { throw error("unescaped control character in a string") }
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800...0xDBFF).contains(code), index + 1 < bytes.count,
                   bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let saved = index
                    index += 2
                    let low = try parseHex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        index = saved
                    }
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"  // a lone surrogate
                out.append(contentsOf: Array(String(scalar).utf8))
            default:
                throw error("invalid escape '\\\(Unicode.Scalar(escape))'")
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape")
            }
            value = value * 16 + UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func parseNumber() throws -> JSON {
        let start = index
        var integral = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        var digits = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            index += 1
            digits += 1
        }
        guard digits > 0 else { throw error("invalid number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            var fraction = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                index += 1
                fraction += 1
            }
            guard fraction > 0 else { throw error("invalid number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            var exponent = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                index += 1
                exponent += 1
            }
            guard exponent > 0 else { throw error("invalid number") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { throw error("invalid number") }
        return .double(value)  // fractions, exponents and integers beyond Int (e.g. 1e30 sentinels)
    }
}

/// A JSON value together with where it was found, so that errors can name the file and key.
struct JSONNode: Sendable {
    let value: JSON
    /// Dotted key path inside the file, e.g. `normalizer.normalizers[1].type`.
    let path: String
    let file: String

    init(_ value: JSON, path: String = "", file: String) {
        self.value = value
        self.path = path
        self.file = file
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member `key` (compared byte for byte), or nil when absent or `null`.
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value,
              let member = members.last(where: { $0.key.utf8.elementsEqual(key.utf8) }),
              !member.value.isNull else { return nil }
        return JSONNode(member.value, path: childPath(key), file: file)
    }

    /// The member `key`; throws when absent or `null`.
    func required(_ key: String) throws -> JSONNode {
        guard case .object = value else { throw invalid("an object") }
        guard let node = self[key] else { throw TokenizerError.missingKey(key: childPath(key), file: file) }
        return node
    }

    func invalid(_ expected: String) -> TokenizerError {
        .invalidValue(key: path.isEmpty ? "(top level)" : path, value: value.summary, file: file, expected: expected)
    }

    func string() throws -> String {
        guard case .string(let s) = value else { throw invalid("a string") }
        return s
    }

    func bool() throws -> Bool {
        guard case .bool(let b) = value else { throw invalid("true or false") }
        return b
    }

    func int() throws -> Int {
        switch value {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9.0e18: return Int(d)
        default: throw invalid("an integer")
        }
    }

    /// A number that may be far larger than `Int` (e.g. transformers' 1e30 "no limit" sentinel).
    func number() throws -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: throw invalid("a number")
        }
    }

    func array() throws -> [JSONNode] {
        guard case .array(let items) = value else { throw invalid("an array") }
        return items.enumerated().map { JSONNode($0.element, path: "\(path)[\($0.offset)]", file: file) }
    }

    /// The members of an object, in file order.
    func members() throws -> [(key: String, node: JSONNode)] {
        guard case .object(let members) = value else { throw invalid("an object") }
        return members.map { ($0.key, JSONNode($0.value, path: childPath($0.key), file: file)) }
    }

    /// Optional typed members with a default.
    func bool(_ key: String, default fallback: Bool) throws -> Bool { try self[key]?.bool() ?? fallback }
    func string(_ key: String, default fallback: String) throws -> String { try self[key]?.string() ?? fallback }
    func int(_ key: String, default fallback: Int) throws -> Int { try self[key]?.int() ?? fallback }

    /// The component `type` field; throws when absent.
    func componentType() throws -> String {
        guard let type = self["type"] else { throw TokenizerError.missingKey(key: childPath("type"), file: file) }
        return try type.string()
    }
}
