import Foundation

/// The library API a cell can reach: global functions, initializers, static members,
/// methods, properties, subscripts, `callAsFunction`, operators, descriptions and
/// displays, keyed by Swift type name. Built-in types (`Int`, `String`, `Array`, …) are
/// registered the same way as library types, so adding a new library type is a matter
/// of registering its members.
public final class BindingRegistry {
    public typealias Body = (_ arguments: [Value], _ context: any CallContext) throws -> Value
    public typealias MemberBody = (_ receiver: Value, _ arguments: [Value], _ context: any CallContext) throws -> Value
    /// A method that changes its receiver in place (`append`, `sort()`, `removeLast()`, …).
    public typealias MutatingBody = (_ receiver: inout Value, _ arguments: [Value], _ context: any CallContext) throws -> Value

    /// One overload: its parameters and its implementation.
    public struct Overload<B> {
        public let parameters: [Parameter]
        public let body: B
    }

    public private(set) var functions: [String: [Overload<Body>]] = [:]
    public private(set) var initializers: [String: [Overload<Body>]] = [:]
    public private(set) var staticMethods: [String: [String: [Overload<Body>]]] = [:]
    public private(set) var staticProperties: [String: [String: (any CallContext) throws -> Value]] = [:]
    public private(set) var methods: [String: [String: [Overload<MemberBody>]]] = [:]
    public private(set) var properties: [String: [String: (Value, any CallContext) throws -> Value]] = [:]
    public private(set) var subscripts: [String: [Overload<MemberBody>]] = [:]
    public private(set) var calls: [String: [Overload<MemberBody>]] = [:]
    /// Operators tried in registration order; a body returns nil when it does not apply.
    public private(set) var binaryOperators: [String: [(Value, Value, any CallContext) throws -> Value?]] = [:]
    public private(set) var prefixOperators: [String: [(Value, any CallContext) throws -> Value?]] = [:]
    public private(set) var descriptions: [String: (Value, any CallContext) -> String] = [:]
    public private(set) var displays: [String: (Value, any CallContext) throws -> Display] = [:]
    /// Global functions whose result a cell's last line does not display (`@discardableResult`).
    public private(set) var discardableResults: Set<String> = []
    /// Type names that exist in cells (for `metatype` values and messages).
    public private(set) var typeNames: Set<String> = []
    /// Mutating instance methods, tried when the receiver is a variable, an element or a tuple member.
    public private(set) var mutatingMethods: [String: [String: [Overload<MutatingBody>]]] = [:]
    /// Subscript setters, e.g. `values[2] = 1` on a library type.
    public private(set) var subscriptSetters: [String: [Overload<MutatingBody>]] = [:]
    /// Whether `registerStandardLibrary()` has run on this registry.
    public internal(set) var hasStandardLibrary = false

    public init() {}

    /// A global function, e.g. `cosineSimilarity(_:_:)`.
    public func function(_ name: String, _ parameters: [Parameter], _ body: @escaping Body) {
        functions[name, default: []].append(Overload(parameters: parameters, body: body))
    }

    /// Marks a global function `@discardableResult`: a cell ending in a call to it shows nothing.
    public func discardableResult(_ name: String) {
        discardableResults.insert(name)
    }

    /// An initializer, e.g. `Image(contentsOf:)`.
    public func initializer(_ type: String, _ parameters: [Parameter], _ body: @escaping Body) {
        typeNames.insert(type)
        initializers[type, default: []].append(Overload(parameters: parameters, body: body))
    }

    /// A static method, e.g. `AutoModel.from(pretrained:)`.
    public func staticMethod(_ type: String, _ name: String, _ parameters: [Parameter], _ body: @escaping Body) {
        typeNames.insert(type)
        staticMethods[type, default: [:]][name, default: []].append(Overload(parameters: parameters, body: body))
    }

    /// A static property or enum case, e.g. `Pooling.mean` (also reached as `.mean`).
    public func staticProperty(_ type: String, _ name: String, _ body: @escaping (any CallContext) throws -> Value) {
        typeNames.insert(type)
        staticProperties[type, default: [:]][name] = body
    }

    /// An instance method, e.g. `tensor.mean(dim:)`.
    public func method(_ type: String, _ name: String, _ parameters: [Parameter], _ body: @escaping MemberBody) {
        typeNames.insert(type)
        methods[type, default: [:]][name, default: []].append(Overload(parameters: parameters, body: body))
    }

    /// An instance property, e.g. `tensor.shape`.
    public func property(_ type: String, _ name: String, _ body: @escaping (Value, any CallContext) throws -> Value) {
        typeNames.insert(type)
        properties[type, default: [:]][name] = body
    }

    /// A subscript getter, e.g. `tensor[0, ..<5]` (use a variadic parameter for index lists).
    public func subscriptGetter(_ type: String, _ parameters: [Parameter], _ body: @escaping MemberBody) {
        typeNames.insert(type)
        subscripts[type, default: []].append(Overload(parameters: parameters, body: body))
    }

    /// `callAsFunction`, e.g. `tokenizer("text", padding: true)` or `model(inputs)`.
    public func callAsFunction(_ type: String, _ parameters: [Parameter], _ body: @escaping MemberBody) {
        typeNames.insert(type)
        calls[type, default: []].append(Overload(parameters: parameters, body: body))
    }

    /// An infix operator, e.g. `+` on tensors. Return nil when the operands are not yours.
    public func binaryOperator(_ op: String, _ body: @escaping (Value, Value, any CallContext) throws -> Value?) {
        binaryOperators[op, default: []].append(body)
    }

    /// A prefix operator, e.g. unary `-`. Return nil when the operand is not yours.
    public func prefixOperator(_ op: String, _ body: @escaping (Value, any CallContext) throws -> Value?) {
        prefixOperators[op, default: []].append(body)
    }

    /// How `print` and string interpolation show values of `type`.
    public func describe(_ type: String, _ body: @escaping (Value, any CallContext) -> String) {
        typeNames.insert(type)
        descriptions[type] = body
    }

    /// How a cell's last expression (and `show`) displays values of `type`.
    public func display(_ type: String, _ body: @escaping (Value, any CallContext) throws -> Display) {
        typeNames.insert(type)
        displays[type] = body
    }

    /// A mutating method, e.g. `array.append(_:)`: the body changes `receiver` in place and
    /// returns the method's result (`.void` for none).
    public func mutatingMethod(_ type: String, _ name: String, _ parameters: [Parameter], _ body: @escaping MutatingBody) {
        typeNames.insert(type)
        mutatingMethods[type, default: [:]][name, default: []].append(Overload(parameters: parameters, body: body))
    }

    /// A subscript setter: the body receives the receiver, then the index arguments followed by
    /// the new value as the last argument.
    public func subscriptSetter(_ type: String, _ parameters: [Parameter], _ body: @escaping MutatingBody) {
        typeNames.insert(type)
        subscriptSetters[type, default: []].append(Overload(parameters: parameters, body: body))
    }

    /// Declares a type name without members (e.g. a type only used in annotations).
    public func declareType(_ type: String) {
        typeNames.insert(type)
    }
}
