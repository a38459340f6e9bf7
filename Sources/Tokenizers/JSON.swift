import Foundation

/// A parsed JSON value.
enum JSON: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    /// Parses `data`, reporting failures against `file`.
    static func parse(_ data: Data, file: String) throws -> JSON {
        do {
            return try JSONDecoder().decode(JSON.self, from: data)
        } catch let error as DecodingError {
            throw TokenizerError.malformedJSON(file: file, reason: Self.describe(error))
        } catch {
            throw TokenizerError.malformedJSON(file: file, reason: error.localizedDescription)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context),
             .valueNotFound(_, let context), .keyNotFound(_, let context):
            let underlying = context.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
            return context.debugDescription + underlying
        @unknown default:
            return "\(error)"
        }
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

    var isNull: Bool { value == .null }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member `key`, or nil when absent or `null`.
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value, let member = members[key], member != .null else { return nil }
        return JSONNode(member, path: childPath(key), file: file)
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

    func members() throws -> [(key: String, node: JSONNode)] {
        guard case .object(let members) = value else { throw invalid("an object") }
        return members.keys.sorted().map { key in (key, JSONNode(members[key] ?? .null, path: childPath(key), file: file)) }
    }

    /// Optional typed members with a default.
    func bool(_ key: String, default fallback: Bool) throws -> Bool { try self[key]?.bool() ?? fallback }
    func string(_ key: String, default fallback: String) throws -> String { try self[key]?.string() ?? fallback }
    func int(_ key: String, default fallback: Int) throws -> Int { try self[key]?.int() ?? fallback }

    /// The component `type` field; throws naming `kind` when absent.
    func componentType(kind: String) throws -> String {
        guard let type = self["type"] else {
            throw TokenizerError.missingKey(key: childPath("type"), file: file)
        }
        return try type.string()
    }
}
