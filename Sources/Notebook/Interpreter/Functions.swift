import Foundation

/// One parameter of a `func` or closure written in a cell.
struct FunctionParameter {
    let label: String?
    let variable: VarInfo?
    let hint: TypeHint?
    let defaultValue: Expr?
    let variadic: Bool
}

/// A compiled `func` or closure body.
final class FunctionCode {
    let name: String
    let isClosure: Bool
    var parameters: [FunctionParameter] = []
    var body: [Stmt] = []
    /// The single expression of a one-expression body (its value is returned).
    var implicitResult: Expr?
    var slotCount = 0
    var captureSources: [CaptureSource] = []
    var returnHint: TypeHint?
    var shapes: [ParameterShape] = []
    var bindingParameters: [Parameter] = []

    init(name: String, isClosure: Bool) {
        self.name = name
        self.isClosure = isClosure
    }

    /// Fills the derived tables once the parameters are known.
    func finishParameters() {
        shapes = parameters.map {
            ParameterShape(label: isClosure ? nil : $0.label, hasDefault: $0.defaultValue != nil,
                           variadic: $0.variadic, acceptsClosure: true)
        }
        bindingParameters = parameters.map { Parameter($0.label, type: $0.hint?.swiftName, variadic: $0.variadic) }
    }
}

/// A function value made from a `FunctionCode` and the variables it captured.
final class FunctionInstance {
    let code: FunctionCode
    let captures: [Box]

    init(code: FunctionCode, captures: [Box]) {
        self.code = code
        self.captures = captures
    }

    /// Creates the function value, capturing from `frame`.
    static func make(_ code: FunctionCode, in frame: Frame) -> Callable {
        var captures: [Box] = []
        captures.reserveCapacity(code.captureSources.count)
        for source in code.captureSources {
            switch source {
            case .enclosingLocal(let info):
                if let box = frame.boxes[info.slot] {
                    captures.append(box)
                } else {
                    let box = Box(frame.values[info.slot], hint: info.hint, isConstant: info.isConstant)
                    frame.boxes[info.slot] = box
                    captures.append(box)
                }
            case .enclosingCapture(let index):
                captures.append(index < frame.captures.count ? frame.captures[index] : Box(.void))
            }
        }
        let instance = FunctionInstance(code: code, captures: captures)
        let callable = Callable(name: code.name, parameters: code.isClosure ? nil : code.bindingParameters) {
            arguments, context in
            guard let runtime = context as? Runtime else { throw CellRuntimeError("no interpreter context") }
            return try instance.call(arguments.map { Optional($0) }, runtime: runtime, at: runtime.currentPos)
        }
        callable.cellFunction = instance
        return callable
    }

    /// Calls from a call site: matches labels, evaluates the arguments in the caller's frame.
    func call(site: CallSite, frame: Frame) throws -> Value {
        let runtime = frame.runtime
        let values: [Value?]
        if code.isClosure {
            values = try site.arguments.enumerated().map { index, argument in
                let hint = index < code.parameters.count ? code.parameters[index].hint : nil
                return try argument.expr.evalBinding(frame, hint: hint)
            }
        } else if let plan = site.functionPlan, plan.code == ObjectIdentifier(code) {
            values = try runtime.evaluateArguments(site, mapping: plan.mapping, hints: code.parameters.map(\.hint),
                                                   variadic: code.parameters.map(\.variadic), frame: frame,
                                                   element: nil, conformToHints: true)
        } else {
            guard let mapping = site.match(code.shapes) else {
                let expected = "\(code.name)(" + code.parameters.map { ($0.label ?? "_") + ":" }.joined() + ")"
                throw CellFailure.trap("incorrect arguments in call: '\(code.name)' takes '\(expected)', "
                                       + "not \(site.labelsDescription)", at: site.pos)
            }
            site.functionPlan = (ObjectIdentifier(code), mapping)
            values = try runtime.evaluateArguments(site, mapping: mapping, hints: code.parameters.map(\.hint),
                                                   variadic: code.parameters.map(\.variadic), frame: frame,
                                                   element: nil, conformToHints: true)
        }
        return try call(values, runtime: runtime, at: site.pos)
    }

    /// Runs the body with one value per parameter (nil: the default).
    func call(_ arguments: [Value?], runtime: Runtime, at pos: SourcePos) throws -> Value {
        runtime.depth += 1
        defer { runtime.depth -= 1 }
        if runtime.depth > Runtime.maxDepth {
            throw CellFailure.trap("maximum call depth of \(Runtime.maxDepth) exceeded in '\(code.name)' "
                                   + "(is the recursion missing a base case?)", at: pos)
        }
        try runtime.tick()
        let frame = Frame(count: code.slotCount, captures: captures, runtime: runtime)
        var arguments = arguments
        let parameters = code.parameters
        if code.isClosure, parameters.count > 1, arguments.count == 1,
           case .tuple(let items)?? = arguments.first, items.count == parameters.count {
            arguments = items.map { Optional($0.value) }
        }
        for (index, parameter) in parameters.enumerated() {
            var value: Value
            if index < arguments.count, let given = arguments[index] {
                value = parameter.hint.map { conform(given, to: $0) } ?? given
            } else if let defaultValue = parameter.defaultValue {
                value = try defaultValue.evalBinding(frame, hint: parameter.hint)
            } else if parameter.variadic {
                value = .array([])
            } else {
                throw CellFailure.trap("missing argument for parameter #\(index + 1) in call to '\(code.name)'", at: pos)
            }
            if let variable = parameter.variable { frame.declare(variable, value) }
        }
        let savedPos = runtime.currentPos
        defer { runtime.currentPos = savedPos }
        if let result = code.implicitResult {
            return try result.evalBinding(frame, hint: code.returnHint)
        }
        let flow = try runStatements(code.body, frame)
        if case .returned = flow {
            return code.returnHint.map { conform(frame.returnValue, to: $0) } ?? frame.returnValue
        }
        if let hint = code.returnHint, case .optional = hint { return .optional(nil) }
        return .void
    }
}
