import Foundation
import Vectorbook

/// The Swift type names library values carry in cells (`LibraryObject.typeName`).
enum LibraryType {
    static let tensor = "Tensor"
    static let fullSlice = "FullSlice"
    static let pooling = "Pooling"
    static let tokenizer = "Tokenizer"
    static let batchEncoding = "BatchEncoding"
    static let padding = "Padding"
    static let paddingSide = "PaddingSide"
    static let model = "Model"
    static let modelOutput = "ModelOutput"
    static let clipOutput = "CLIPOutput"
    static let sentenceEmbedder = "SentenceEmbedder"
    static let image = "Image"
    static let imageMode = "Image.Mode"
    static let resamplingFilter = "ResamplingFilter"
    static let imageProcessor = "ImageProcessor"
    static let pixelSize = "ImageProcessor.PixelSize"
    static let similarityTable = "SimilarityTable"
    static let url = "URL"
    static let audio = "Audio"
    static let stftWindow = "STFT.Window"
    static let decibelReference = "DecibelReference"
    static let featureExtractor = "FeatureExtractor"
    static let audioInputs = "AudioInputs"
    static let speakerEncoder = "SpeakerEncoder"
    static let speakerPartials = "SpeakerPartials"
    static let video = "Video"
    static let videoEmbedder = "VideoEmbedder"
    static let videoEmbedding = "VideoEmbedding"
    static let temporalPooling = "TemporalPooling"
    static let framePooling = "FramePooling"
}

/// Swift values wrapped as cell values.
enum BindingValue {
    /// A library value wrapped for a cell.
    static func library(_ typeName: String, _ payload: Any) -> Value {
        .object(LibraryObject(typeName: typeName, payload: payload))
    }

    static func tensor(_ tensor: Tensor) -> Value { library(LibraryType.tensor, tensor) }

    /// `[Int]` as a cell array.
    static func ints(_ values: [Int]) -> Value { .array(values.map(Value.int)) }

    /// `[[Int]]` as a cell array of arrays.
    static func intRows(_ rows: [[Int]]) -> Value { .array(rows.map(ints)) }

    /// `[String]` as a cell array.
    static func strings(_ values: [String]) -> Value { .array(values.map(Value.string)) }

    /// `[Float]` as a cell array.
    static func floats(_ values: [Float]) -> Value { .array(values.map(Value.float)) }
}

extension Value {
    /// A Swift optional as a cell optional.
    static func optional<T>(_ value: T?, _ wrap: (T) -> Value) -> Value {
        .optional(value.map(wrap))
    }

    /// The Swift type of a value, as messages name it (`Int`, `[String]`, `Tensor`).
    var bindingTypeName: String {
        switch self {
        case .void: return "Void"
        case .bool: return "Bool"
        case .int: return "Int"
        case .double: return "Double"
        case .float: return "Float"
        case .string: return "String"
        case .optional(let wrapped): return wrapped.map { "\($0.bindingTypeName)?" } ?? "nil"
        case .array(let items): return "[\(items.first?.bindingTypeName ?? "Any")]"
        case .dictionary(let pairs):
            guard let first = pairs.first else { return "[AnyHashable: Any]" }
            return "[\(first.key.bindingTypeName): \(first.value.bindingTypeName)]"
        case .tuple(let items):
            let parts = items.map { item in item.label.map { "\($0): \(item.value.bindingTypeName)" } ?? item.value.bindingTypeName }
            return "(\(parts.joined(separator: ", ")))"
        case .range: return "Range<Int>"
        case .function: return "function"
        case .object(let object): return object.typeName
        case .metatype(let name): return "\(name).Type"
        }
    }
}

/// Reading Swift values out of cell arguments. Every failure is a `CellRuntimeError` that
/// names the argument (`role`, e.g. "cosineSimilarity(_:_:) argument 1") and what it got.
enum BindingArgument {
    static func mismatch(_ role: String, expected: String, got value: Value) -> CellRuntimeError {
        CellRuntimeError("\(role): expected \(expected), got \(value.bindingTypeName)")
    }

    /// The payload of a library object of `typeName`.
    static func object<T>(_ value: Value, _ type: T.Type, _ typeName: String, _ role: String) throws -> T {
        if case .object(let object) = value, let payload = object.payload as? T { return payload }
        if case .optional(.some(let wrapped)) = value { return try self.object(wrapped, type, typeName, role) }
        throw mismatch(role, expected: typeName, got: value)
    }

    static func tensor(_ value: Value, _ role: String) throws -> Tensor {
        try object(value, Tensor.self, LibraryType.tensor, role)
    }

    /// `nil` for `.optional(nil)`, the wrapped value for `.optional(x)`, else the value itself.
    static func optional(_ value: Value) -> Value? {
        switch value {
        case .optional(.none): return nil
        case .optional(.some(let wrapped)): return optional(wrapped)
        default: return value
        }
    }

    static func bool(_ value: Value, _ role: String) throws -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .optional(.some(let wrapped)): return try bool(wrapped, role)
        default: throw mismatch(role, expected: "Bool", got: value)
        }
    }

    static func string(_ value: Value, _ role: String) throws -> String {
        switch value {
        case .string(let text): return text
        case .optional(.some(let wrapped)): return try string(wrapped, role)
        default: throw mismatch(role, expected: "String", got: value)
        }
    }

    static func double(_ value: Value, _ role: String) throws -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .float(let number): return Double(number)
        case .optional(.some(let wrapped)): return try double(wrapped, role)
        default: throw mismatch(role, expected: "a number", got: value)
        }
    }

    static func float(_ value: Value, _ role: String) throws -> Float {
        Float(try double(value, role))
    }

    /// An `Int`; a `Double` or `Float` is accepted when it is a whole number in range.
    static func int(_ value: Value, _ role: String) throws -> Int {
        switch value {
        case .int(let number): return number
        case .double, .float:
            let number = try double(value, role)
            guard number.rounded() == number, let exact = Int(exactly: number) else {
                throw CellRuntimeError("\(role): expected Int, got \(number)")
            }
            return exact
        case .optional(.some(let wrapped)): return try int(wrapped, role)
        default: throw mismatch(role, expected: "Int", got: value)
        }
    }

    /// The elements of an array argument.
    static func array(_ value: Value, _ role: String, expected: String) throws -> [Value] {
        switch value {
        case .array(let items): return items
        case .optional(.some(let wrapped)): return try array(wrapped, role, expected: expected)
        default: throw mismatch(role, expected: expected, got: value)
        }
    }

    static func strings(_ value: Value, _ role: String) throws -> [String] {
        try array(value, role, expected: "[String]").enumerated().map { try string($1, "\(role) element \($0)") }
    }

    static func ints(_ value: Value, _ role: String) throws -> [Int] {
        try array(value, role, expected: "[Int]").enumerated().map { try int($1, "\(role) element \($0)") }
    }

    static func floats(_ value: Value, _ role: String) throws -> [Float] {
        try array(value, role, expected: "[Float]").enumerated().map { try float($1, "\(role) element \($0)") }
    }

    static func intRows(_ value: Value, _ role: String) throws -> [[Int]] {
        try array(value, role, expected: "[[Int]]").enumerated().map { try ints($1, "\(role) row \($0)") }
    }

    static func floatRows(_ value: Value, _ role: String) throws -> [[Float]] {
        try array(value, role, expected: "[[Float]]").enumerated().map { try floats($1, "\(role) row \($0)") }
    }

    static func stringRows(_ value: Value, _ role: String) throws -> [[String]] {
        try array(value, role, expected: "[[String]]").enumerated().map { try strings($1, "\(role) row \($0)") }
    }

    /// True when `value` is an array (possibly empty) rather than a single value.
    static func isArray(_ value: Value) -> Bool {
        switch value {
        case .array: return true
        case .optional(.some(let wrapped)): return isArray(wrapped)
        default: return false
        }
    }
}

/// The argument at `index`, or `.void` when the interpreter passed fewer (never traps).
extension Array where Element == Value {
    subscript(argument index: Int) -> Value {
        index < count ? self[index] : .void
    }
}

extension BindingRegistry {
    /// An instance method whose receiver is unwrapped to `T`.
    func libraryMethod<T>(_ type: String, _ swiftType: T.Type, _ name: String, _ parameters: [Parameter] = [],
                          _ body: @escaping (T, [Value], any CallContext) throws -> Value) {
        method(type, name, parameters) { receiver, arguments, context in
            try body(try BindingArgument.object(receiver, swiftType, type, "\(type).\(name)"), arguments, context)
        }
    }

    /// An instance property whose receiver is unwrapped to `T`.
    func libraryProperty<T>(_ type: String, _ swiftType: T.Type, _ name: String, _ body: @escaping (T) throws -> Value) {
        property(type, name) { receiver, _ in
            try body(try BindingArgument.object(receiver, swiftType, type, "\(type).\(name)"))
        }
    }

    /// `callAsFunction` whose receiver is unwrapped to `T`.
    func libraryCall<T>(_ type: String, _ swiftType: T.Type, _ parameters: [Parameter],
                        _ body: @escaping (T, [Value], any CallContext) throws -> Value) {
        callAsFunction(type, parameters) { receiver, arguments, context in
            try body(try BindingArgument.object(receiver, swiftType, type, "\(type) call"), arguments, context)
        }
    }

    /// A description for `print` and interpolation, from the unwrapped payload.
    func libraryDescription<T>(_ type: String, _ swiftType: T.Type, _ body: @escaping (T) -> String) {
        describe(type) { value, _ in
            guard case .object(let object) = value, let payload = object.payload as? T else { return type }
            return body(payload)
        }
    }

    /// `==` and `!=` for an `Equatable` library type.
    func libraryEquality<T: Equatable>(_ type: String, _ swiftType: T.Type) {
        for op in ["==", "!="] {
            binaryOperator(op) { lhs, rhs, _ in
                guard case .object(let a) = lhs, case .object(let b) = rhs,
                      let x = a.payload as? T, let y = b.payload as? T else { return nil }
                return .bool(op == "==" ? x == y : x != y)
            }
        }
    }

    /// Cases of a library enum as static members (`Pooling.mean`, `.mean`), plus `rawValue`,
    /// `allCases` (when `caseIterable`), equality and the case-name description Swift prints.
    func libraryEnumeration<T: Equatable>(_ type: String, _ cases: [(name: String, value: T)], caseIterable: Bool = true) {
        for (name, value) in cases {
            staticProperty(type, name) { _ in BindingValue.library(type, value) }
        }
        if caseIterable {
            staticProperty(type, "allCases") { _ in .array(cases.map { BindingValue.library(type, $0.value) }) }
        }
        libraryDescription(type, T.self) { value in cases.first { $0.value == value }?.name ?? type }
        display(type) { value, context in .text(context.describe(value), type: type) }
        libraryEquality(type, T.self)
    }
}
