import Foundation

/// Reading of `preprocessor_config.json` files, shared by the image and audio configs: errors name
/// the file and, for a bad value, the key path (`size.shortest_edge`, `image_mean[2]`).
enum ConfigJSON {
    /// What went wrong, before it becomes the caller's `MediaError`.
    enum Failure {
        /// The file is missing, unreadable or not a JSON object.
        case unreadable(reason: String)
        /// A value has the wrong type, is null or missing.
        case invalid(key: String, reason: String)
    }

    /// The contents of `url`, or `.unreadable`.
    static func read(_ url: URL, error makeError: (Failure) -> MediaError) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw makeError(.unreadable(reason: "no such file or not readable"))
        }
    }

    /// `data` decoded as `T`, with decoding errors turned into `error(…)`.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, error: (Failure) -> MediaError) throws -> T {
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw error(.unreadable(reason: "not a JSON object"))
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.typeMismatch(type, context) {
            throw error(.invalid(key: keyPath(context.codingPath), reason: "should be of type \(type)"))
        } catch let DecodingError.valueNotFound(type, context) {
            throw error(.invalid(key: keyPath(context.codingPath), reason: "is null but should be of type \(type)"))
        } catch let DecodingError.keyNotFound(key, context) {
            throw error(.invalid(key: keyPath(context.codingPath + [key]), reason: "is missing"))
        } catch let DecodingError.dataCorrupted(context) {
            throw error(.invalid(key: keyPath(context.codingPath), reason: context.debugDescription))
        }
    }

    private static func keyPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
