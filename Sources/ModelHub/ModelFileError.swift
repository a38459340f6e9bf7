import Foundation

/// Problems with the files of a model folder: weights and JSON configs.
/// Every message names the file and, where there is one, the tensor or key.
public enum ModelFileError: LocalizedError, Equatable {
    case unreadable(path: String, reason: String)
    case corruptSafetensors(path: String, reason: String)
    case corruptTensor(path: String, tensor: String, reason: String)
    case unsupportedDType(path: String, tensor: String, dtype: String)
    case tensorNotFound(path: String, tensor: String)
    case invalidJSON(path: String, reason: String)
    case missingKey(path: String, key: String)
    case invalidValue(path: String, key: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read \(path): \(reason)"
        case let .corruptSafetensors(path, reason):
            return "\(path) is not a valid safetensors file: \(reason)"
        case let .corruptTensor(path, tensor, reason):
            return "tensor \"\(tensor)\" in \(path) is invalid: \(reason)"
        case let .unsupportedDType(path, tensor, dtype):
            return "tensor \"\(tensor)\" in \(path) has dtype \(dtype), which cannot be read as float32"
        case let .tensorNotFound(path, tensor):
            return "tensor \"\(tensor)\" is not in \(path)"
        case let .invalidJSON(path, reason):
            return "\(path) is not valid JSON: \(reason)"
        case let .missingKey(path, key):
            return "\(path) is missing the required key \"\(key)\""
        case let .invalidValue(path, key, reason):
            return "\(path): key \"\(key)\" \(reason)"
        }
    }
}
