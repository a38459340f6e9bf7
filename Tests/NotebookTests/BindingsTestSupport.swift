import Foundation
import Notebook
import Testing
import Vectorbook

/// Paths the binding tests use: the repository is the "course folder", so the tiny
/// checkpoints under `Tests/EncodersTests/Fixtures` and `Assets/images` lie inside it.
enum BindingFixtures {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tinyBERT = "Tests/EncodersTests/Fixtures/tiny-bert"
    static let tinySentenceTransformers = "Tests/EncodersTests/Fixtures/tiny-sentence-transformers"
    static let tinyDINOv2 = "Tests/EncodersTests/Fixtures/vision/tiny-dinov2"
    static let tinyCLIP = "Tests/EncodersTests/Fixtures/vision/tiny-clip"
    static let cat = "Assets/images/cat.png"

    /// One registry with the library registered, shared by the tests (registries are read-only once built).
    nonisolated(unsafe) static let registry: BindingRegistry = {
        let registry = BindingRegistry()
        registry.registerLibrary()
        return registry
    }()
}

/// A `CallContext` for tests: records output, displays, checks, files and models, and
/// enforces the course-folder rule on `resolveFile` the way the engine does.
final class BindingsMockContext: CallContext {
    var location = Notebook.SourceLocation(file: "01-test.md", line: 3, column: 5)
    let courseRoot: URL
    let registry: BindingRegistry
    var written = ""
    var displays: [Display] = []
    var checks: [(passed: Bool, message: String)] = []
    var files: [URL] = []
    var models: [(id: String, folder: URL)] = []

    init(courseRoot: URL = BindingFixtures.repositoryRoot, registry: BindingRegistry = BindingFixtures.registry) {
        self.courseRoot = courseRoot
        self.registry = registry
    }

    func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        guard case .function(let callable) = function else { throw CellRuntimeError("not a function") }
        return try callable.invoke(arguments, context: self)
    }

    func write(_ text: String) { written += text }
    func emit(_ display: Display) { displays.append(display) }
    func recordCheck(passed: Bool, message: String) { checks.append((passed, message)) }
    func recordModel(id: String, folder: URL) { models.append((id, folder)) }
    func checkDeadline() throws {}

    func resolveFile(_ path: String) throws -> URL {
        let root = courseRoot.standardizedFileURL
        let url = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)).standardizedFileURL
        guard url.path == root.path || url.path.hasPrefix(root.path + "/") else {
            throw CellRuntimeError("\(path) is outside the course folder")
        }
        guard FileManager.default.fileExists(atPath: url.path) else { throw CellRuntimeError("\(path) does not exist") }
        files.append(url)
        return url
    }

    func describe(_ value: Value) -> String {
        switch value {
        case .void: return "()"
        case .bool(let flag): return "\(flag)"
        case .int(let number): return "\(number)"
        case .double(let number): return "\(number)"
        case .float(let number): return "\(number)"
        case .string(let text): return text
        case .optional(let wrapped): return wrapped.map { "Optional(\(debugDescribe($0)))" } ?? "nil"
        case .array(let items): return "[" + items.map(debugDescribe).joined(separator: ", ") + "]"
        case .tuple(let items):
            return "(" + items.map { ($0.label.map { "\($0): " } ?? "") + debugDescribe($0.value) }.joined(separator: ", ") + ")"
        case .object(let object): return registry.descriptions[object.typeName]?(value, self) ?? object.typeName
        default: return "\(value)"
        }
    }

    private func debugDescribe(_ value: Value) -> String {
        if case .string(let text) = value { return text.debugDescription }
        return describe(value)
    }
}

/// One argument of a test call: an optional label and a value.
typealias BindingsArgument = (label: String?, value: Value)

/// Calls registry entries the way the interpreter does: labels select overloads, defaults
/// fill what is left out, trailing unlabelled arguments fill a variadic parameter, and
/// where labels coincide the declared parameter types pick the overload.
struct BindingsInvoker {
    let registry: BindingRegistry
    let context: BindingsMockContext

    init(_ context: BindingsMockContext = BindingsMockContext()) {
        self.registry = context.registry
        self.context = context
    }

    func function(_ name: String, _ arguments: BindingsArgument...) throws -> Value {
        let (overload, values) = try pick(registry.functions[name] ?? [], arguments, name)
        return try overload.body(values, context)
    }

    func initializer(_ type: String, _ arguments: BindingsArgument...) throws -> Value {
        let (overload, values) = try pick(registry.initializers[type] ?? [], arguments, "\(type).init")
        return try overload.body(values, context)
    }

    func staticMethod(_ type: String, _ name: String, _ arguments: BindingsArgument...) throws -> Value {
        let (overload, values) = try pick(registry.staticMethods[type]?[name] ?? [], arguments, "\(type).\(name)")
        return try overload.body(values, context)
    }

    func staticProperty(_ type: String, _ name: String) throws -> Value {
        guard let body = registry.staticProperties[type]?[name] else { throw CellRuntimeError("no \(type).\(name)") }
        return try body(context)
    }

    func method(_ receiver: Value, _ name: String, _ arguments: BindingsArgument...) throws -> Value {
        let (overload, values) = try pick(registry.methods[typeName(receiver)]?[name] ?? [], arguments, name)
        return try overload.body(receiver, values, context)
    }

    func property(_ receiver: Value, _ name: String) throws -> Value {
        guard let body = registry.properties[typeName(receiver)]?[name] else { throw CellRuntimeError("no property \(name)") }
        return try body(receiver, context)
    }

    func call(_ receiver: Value, _ arguments: BindingsArgument...) throws -> Value {
        let (overload, values) = try pick(registry.calls[typeName(receiver)] ?? [], arguments, "callAsFunction")
        return try overload.body(receiver, values, context)
    }

    func subscriptGet(_ receiver: Value, _ indices: Value...) throws -> Value {
        let (overload, values) = try pick(registry.subscripts[typeName(receiver)] ?? [], indices.map { (nil, $0) }, "subscript")
        return try overload.body(receiver, values, context)
    }

    func binary(_ op: String, _ lhs: Value, _ rhs: Value) throws -> Value? {
        for body in registry.binaryOperators[op] ?? [] {
            if let result = try body(lhs, rhs, context) { return result }
        }
        return nil
    }

    func display(_ value: Value) throws -> Display {
        try DisplayConversion.display(of: value, registry: registry, context: context)
    }

    private func typeName(_ value: Value) -> String {
        if case .object(let object) = value { return object.typeName }
        return "?"
    }

    private func pick<B>(_ overloads: [BindingRegistry.Overload<B>], _ arguments: [BindingsArgument],
                         _ name: String) throws -> (BindingRegistry.Overload<B>, [Value]) {
        let candidates = overloads.compactMap { overload in match(overload.parameters, arguments).map { (overload, $0) } }
        if let typed = candidates.first(where: { zip($0.0.parameters, $0.1).allSatisfy { accepts($0.type, $1) } }) {
            return typed
        }
        guard let first = candidates.first else { throw CellRuntimeError("no overload of \(name) takes these labels") }
        return first
    }

    private func match(_ parameters: [Parameter], _ arguments: [BindingsArgument]) -> [Value]? {
        var values: [Value] = []
        var index = 0
        for parameter in parameters {
            if parameter.variadic {
                var items: [Value] = []
                while index < arguments.count, arguments[index].label == nil {
                    items.append(arguments[index].value)
                    index += 1
                }
                values.append(.array(items))
            } else if index < arguments.count, arguments[index].label == parameter.label {
                values.append(arguments[index].value)
                index += 1
            } else if let value = parameter.defaultValue {
                values.append(value)
            } else {
                return nil
            }
        }
        return index == arguments.count ? values : nil
    }

    private func accepts(_ type: String?, _ value: Value) -> Bool {
        guard var type else { return true }
        if type.hasSuffix("?") {
            if case .optional(nil) = value { return true }
            type.removeLast()
        }
        switch value {
        case .int, .double, .float: return ["Int", "Float", "Double"].contains(type)
        case .bool: return type == "Bool" || type == "Padding"
        case .string: return type == "String"
        case .array: return type.hasPrefix("[")
        case .object(let object): return object.typeName == type || type == "TensorIndex"
        default: return true
        }
    }
}

func arg(_ value: Value) -> BindingsArgument { (nil, value) }
func arg(_ label: String, _ value: Value) -> BindingsArgument { (label, value) }

extension Value {
    /// The payload of a library object, for assertions.
    func testPayload<T>(_ type: T.Type) throws -> T {
        guard case .object(let object) = self, let payload = object.payload as? T else {
            throw CellRuntimeError("expected \(T.self), got \(self)")
        }
        return payload
    }

    var testInt: Int? { if case .int(let number) = self { return number } else { return nil } }
    var testFloat: Float? { if case .float(let number) = self { return number } else { return nil } }
    var testString: String? { if case .string(let text) = self { return text } else { return nil } }
    var testBool: Bool? { if case .bool(let flag) = self { return flag } else { return nil } }
    var testArray: [Value]? { if case .array(let items) = self { return items } else { return nil } }
    var testInts: [Int]? { testArray?.compactMap(\.testInt) }

    static func testStrings(_ texts: [String]) -> Value { .array(texts.map(Value.string)) }
    static func testFloats(_ values: [Float]) -> Value { .array(values.map(Value.float)) }
}

/// Runs `body` with downloads switched off (`--offline`); tests that do so take turns,
/// since the switch is process-wide.
@discardableResult
func withBindingsOffline<T>(_ body: () throws -> T) rethrows -> T {
    offlineLock.lock()
    HubOptions.setOfflineOverride(true)
    defer {
        HubOptions.setOfflineOverride(nil)
        offlineLock.unlock()
    }
    return try body()
}

private let offlineLock = NSLock()

/// The message of a `CellRuntimeError` thrown by `body`, or nil when it threw nothing (or something else).
func bindingError<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as CellRuntimeError {
        return error.message
    } catch {
        return nil
    }
}
