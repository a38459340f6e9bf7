import Foundation

/// A JSON configuration file of a model folder (`config.json`, `1_Pooling/config.json`, …),
/// decoded into `Codable` structs with errors that name the file and the key.
public struct ConfigFile: Sendable {
    /// The file's location.
    public let url: URL
    /// The raw JSON.
    public let data: Data

    /// Reads `url`; throws when it is missing or not a JSON object.
    public init(url: URL) throws {
        self.url = url
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ModelFileError.unreadable(path: url.path, reason: "no such file or not readable")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ModelFileError.invalidJSON(path: url.path, reason: "\(error.localizedDescription)")
        }
        guard object is [String: Any] else {
            throw ModelFileError.invalidJSON(path: url.path, reason: "the top level is not an object")
        }
    }

    /// The top-level JSON object.
    public var object: [String: Any] {
        ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    /// A top-level string value, e.g. `model_type`.
    public func string(_ key: String) -> String? { object[key] as? String }

    /// Decodes the whole file as `T`, turning decoding failures into `ModelFileError`s.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ModelFileError.missingKey(path: url.path, key: Self.keyPath(context.codingPath + [key]))
        } catch let DecodingError.typeMismatch(expected, context) {
            throw ModelFileError.invalidValue(path: url.path, key: Self.keyPath(context.codingPath),
                                              reason: "should be of type \(expected)")
        } catch let DecodingError.valueNotFound(expected, context) {
            throw ModelFileError.invalidValue(path: url.path, key: Self.keyPath(context.codingPath),
                                              reason: "is null but should be of type \(expected)")
        } catch let DecodingError.dataCorrupted(context) {
            throw ModelFileError.invalidValue(path: url.path, key: Self.keyPath(context.codingPath),
                                              reason: context.debugDescription)
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw ModelFileError.invalidJSON(path: url.path, reason: error.localizedDescription)
        }
    }

    private static func keyPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
