import Foundation

/// Errors from building or running an encoder. Messages name the model, file,
/// tensor, key or value at fault.
public enum EncoderError: LocalizedError, Equatable {
    case unsupportedModelType(String, path: String, supported: [String])
    case missingModelType(path: String)
    case missingWeight(name: String, path: String)
    case weightShapeMismatch(name: String, path: String, expected: [Int], actual: [Int])
    case noWeightsFile(folder: String)
    case unsupportedActivation(String, path: String)
    case invalidConfig(path: String, reason: String)
    case sequenceTooLong(length: Int, maximum: Int, model: String)
    case tokenOutOfRange(kind: String, value: Int, size: Int, model: String)
    case inconsistentBatch(reason: String)
    case unsupportedInput(model: String, input: String)
    case unsupportedModule(type: String, path: String)
    case unsupportedPoolingMode(String, path: String)
    case emptyInput(index: Int)
    case invalidInput(model: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .unsupportedModelType(type, path, supported):
            return "unsupported model_type \"\(type)\" in \(path); supported: \(supported.joined(separator: ", "))"
        case let .missingModelType(path):
            return "\(path) has no \"model_type\"; cannot choose an architecture"
        case let .missingWeight(name, path):
            return "the checkpoint \(path) lacks the tensor \"\(name)\" that the architecture needs"
        case let .weightShapeMismatch(name, path, expected, actual):
            return "tensor \"\(name)\" in \(path) has shape \(actual), but the config needs \(expected)"
        case let .noWeightsFile(folder):
            return "no model.safetensors (or model.safetensors.index.json) in \(folder); only safetensors weights are read"
        case let .unsupportedActivation(name, path):
            return "unsupported activation \"\(name)\" in \(path)"
        case let .invalidConfig(path, reason):
            return "\(path): \(reason)"
        case let .sequenceTooLong(length, maximum, model):
            return "a sequence of \(length) tokens exceeds the \(maximum) positions of \(model); tokenize with truncation: true"
        case let .tokenOutOfRange(kind, value, size, model):
            return "\(kind) \(value) is outside 0..<\(size) for \(model)"
        case let .inconsistentBatch(reason):
            return "inconsistent batch: \(reason)"
        case let .unsupportedInput(model, input):
            return "\(model) does not accept \(input) input"
        case let .unsupportedModule(type, path):
            return "unsupported sentence-transformers module \"\(type)\" in \(path)"
        case let .unsupportedPoolingMode(mode, path):
            return "unsupported pooling mode \"\(mode)\" in \(path)"
        case let .emptyInput(index):
            return "input \(index + 1) is empty: there is no text to embed"
        case let .invalidInput(model, reason):
            return "\(model): \(reason)"
        }
    }
}
