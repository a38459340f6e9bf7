import Foundation

/// A value while a cell runs. Built-in Swift values have their own cases; values of
/// library types (`Tensor`, `Tokenizer`, `Model`, `Image`, …) are `.object`s that
/// bindings unwrap. Cells run on one thread, so values need not be `Sendable`.
///
/// Only the cases that nest values or carry a large payload are `indirect`, so numbers,
/// booleans and strings are stored inline (no allocation per arithmetic result).
public enum Value {
    /// `()`, the value of statements and of functions without a result.
    case void
    case bool(Bool)
    case int(Int)
    case double(Double)
    case float(Float)
    case string(String)
    /// A value of Optional type: `.optional(nil)` is `nil`.
    indirect case optional(Value?)
    case array([Value])
    /// Key–value pairs in insertion order (keys are unique by `==`).
    case dictionary([(key: Value, value: Value)])
    case tuple([(label: String?, value: Value)])
    /// `a..<b`, `a...b`, `..<b`, `...b`, `a...`.
    indirect case range(lower: Value?, upper: Value?, closed: Bool)
    /// A closure, a local `func`, a bound method or a library function.
    case function(Callable)
    /// An instance of a library type, e.g. `Tensor`.
    indirect case object(LibraryObject)
    /// A type used as a value, e.g. `AutoModel` in `AutoModel.from(pretrained:)`.
    case metatype(String)
}

/// An instance of a library type inside a cell.
public struct LibraryObject {
    /// The Swift type name the bindings registered (e.g. `Tensor`).
    public let typeName: String
    /// The Swift value itself.
    public let payload: Any

    public init(typeName: String, payload: Any) {
        self.typeName = typeName
        self.payload = payload
    }
}

/// Something that can be called.
public final class Callable {
    /// For messages, e.g. `map(_:)` or `closure`.
    public let name: String
    /// The declared parameters; `nil` for closures that take what they are given.
    public let parameters: [Parameter]?
    let body: ([Value], any CallContext) throws -> Value
    /// Set by the interpreter for functions and closures written in cells (their labels,
    /// defaults and compiled body); nil for bindings.
    var cellFunction: AnyObject?

    public init(name: String, parameters: [Parameter]?, body: @escaping ([Value], any CallContext) throws -> Value) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.cellFunction = nil
    }

    /// Calls with positional values (already matched to parameters).
    public func invoke(_ arguments: [Value], context: any CallContext) throws -> Value {
        try body(arguments, context)
    }
}

/// One parameter of a bound function, initializer, method or subscript.
public struct Parameter {
    /// The argument label; `nil` for `_`.
    public var label: String?
    /// Used when the call leaves the argument out.
    public var defaultValue: Value?
    /// The Swift type expected, used to resolve implicit members (`.mean`) and literals
    /// (`Float` for a `2` passed where a Float is expected). Nil: anything.
    public var type: String?
    /// Takes any number of trailing unlabelled arguments (they arrive as one `.array`).
    public var variadic: Bool

    public init(_ label: String?, type: String? = nil, default defaultValue: Value? = nil, variadic: Bool = false) {
        self.label = label
        self.defaultValue = defaultValue
        self.type = type
        self.variadic = variadic
    }
}

/// Raised by bindings and the interpreter for errors a cell causes (the interpreter adds
/// the chapter location).
public struct CellRuntimeError: LocalizedError {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var errorDescription: String? { message }
}

/// What the running session offers to bindings.
public protocol CallContext: AnyObject {
    /// The cell location being evaluated (the call site), for messages and `expect`.
    var location: SourceLocation { get }
    /// The folder cells may read from; relative paths resolve against it.
    var courseRoot: URL { get }
    /// Calls a function value (e.g. a closure passed to `map`) with positional arguments.
    func call(_ function: Value, _ arguments: [Value]) throws -> Value
    /// Appends `print` output.
    func write(_ text: String)
    /// Appends a display (`show(x)`, `expect` results).
    func emit(_ display: Display)
    /// Records a failed or passed `expect`.
    func recordCheck(passed: Bool, message: String)
    /// Resolves a file path a cell names; throws when it leaves the course folder or does
    /// not exist. Records the file as an input of the chapter (for the cache).
    func resolveFile(_ path: String) throws -> URL
    /// Records a model folder the chapter used (for the cache).
    func recordModel(id: String, folder: URL)
    /// Throws when the cell's time limit has passed. Long loops call it.
    func checkDeadline() throws
    /// Describes a value as `print` would.
    func describe(_ value: Value) -> String
}
