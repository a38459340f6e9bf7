import Foundation

/// Something a cell can assign to or mutate: a variable, an element (`a[i]`, `d[k]`), a tuple
/// member (`t.0`), a force-unwrapped optional (`d[k]!`), or a tuple of places (`(a, b) = …`).
/// `modify` moves the value out while the change runs, so `a.append(x)` in a loop does not
/// copy the array.
class LValue {
    let pos: SourcePos
    /// The static type of the place, when known (literals assigned to it adopt it).
    var hint: TypeHint?

    init(pos: SourcePos, hint: TypeHint?) {
        self.pos = pos
        self.hint = hint
    }

    func get(_ frame: Frame) throws -> Value { .void }
    func set(_ frame: Frame, _ value: Value) throws {}
    func modify(_ frame: Frame, _ body: (inout Value) throws -> Void) throws {}
    /// Throws when the place is a constant (checked at run time for globals of earlier cells).
    func checkMutable(_ frame: Frame) throws {}
}

final class LocalPlace: LValue {
    let info: VarInfo

    init(_ info: VarInfo, pos: SourcePos) {
        self.info = info
        super.init(pos: pos, hint: info.hint)
    }

    override func get(_ frame: Frame) throws -> Value { try frame.get(info, at: pos) }
    override func set(_ frame: Frame, _ value: Value) throws { frame.set(info, value) }
    override func modify(_ frame: Frame, _ body: (inout Value) throws -> Void) throws {
        try frame.modify(info, at: pos, body)
    }
}

final class CapturePlace: LValue {
    let index: Int

    init(_ index: Int, hint: TypeHint?, pos: SourcePos) {
        self.index = index
        super.init(pos: pos, hint: hint)
    }

    override func get(_ frame: Frame) throws -> Value { frame.captures[index].value }
    override func set(_ frame: Frame, _ value: Value) throws { frame.captures[index].value = value }
    override func modify(_ frame: Frame, _ body: (inout Value) throws -> Void) throws {
        try modifyBox(frame.captures[index], body)
    }
}

final class GlobalPlace: LValue {
    let name: String
    private var box: Box?

    init(_ name: String, hint: TypeHint?, pos: SourcePos) {
        self.name = name
        super.init(pos: pos, hint: hint)
    }

    private func resolve(_ frame: Frame) throws -> Box {
        if let box { return box }
        guard let found = frame.runtime.global(name) else {
            throw CellFailure.trap("cannot find '\(name)' in scope", at: pos)
        }
        box = found
        return found
    }

    override func checkMutable(_ frame: Frame) throws {
        if try resolve(frame).isConstant {
            throw CellFailure.trap("cannot assign to value: '\(name)' is a 'let' constant", at: pos)
        }
    }

    override func get(_ frame: Frame) throws -> Value { try resolve(frame).value }

    override func set(_ frame: Frame, _ value: Value) throws {
        try checkMutable(frame)
        try resolve(frame).value = value
    }

    override func modify(_ frame: Frame, _ body: (inout Value) throws -> Void) throws {
        try checkMutable(frame)
        try modifyBox(try resolve(frame), body)
    }

    /// The declared type of the global (known at run time for globals of earlier cells).
    func runtimeHint(_ frame: Frame) -> TypeHint? {
        hint ?? (try? resolve(frame))?.hint
    }
}

final class SubscriptPlace: LValue {
    let base: LValue
    let site: CallSite

    init(base: LValue, site: CallSite, pos: SourcePos) {
        self.base = base
        self.site = site
        var hint: TypeHint?
        switch base.hint?.unwrapped {
        case .array(let element)?: hint = element
        case .dictionary(_, let value)?: hint = site.arguments.count == 2 ? value : .optional(value)
        default: hint = nil
        }
        super.init(pos: pos, hint: hint)
    }

    override func checkMutable(_ frame: Frame) throws { try base.checkMutable(frame) }

    override func get(_ frame: Frame) throws -> Value {
        try frame.runtime.subscriptGet(try base.get(frame), site: site, frame: frame, staticHint: base.hint)
    }

    override func set(_ frame: Frame, _ value: Value) throws {
        try modify(frame) { $0 = value }
    }

    override func modify(_ frame: Frame, _ body: (inout Value) throws -> Void) throws {
        let runtime = frame.runtime
        var keyHint: TypeHint?
        var valueHint: TypeHint?
        if case .dictionary(let key, let value)? = base.hint?.unwrapped {
            keyHint = key
            valueHint = value
        }
        var indices: [Value] = []
        for argument in site.arguments {
            indices.append(try argument.expr.evalBinding(frame, hint: argument.label == "default" ? valueHint : keyHint))
        }
        let labels = site.arguments.map(\.label)
        try base.modify(frame) { container in
            try runtime.subscriptModify(&container, indices: indices, labels: labels, site: site, frame: frame, body)
        }
    }
}

extension Runtime {
    /// Changes `container[indices]` in place.
    func subscriptModify(_ container: inout Value, indices: [Value], labels: [String?], site: CallSite, frame: Frame,
                         _ body: (inout Value) throws -> Void) throws {
        let pos = site.pos
        // Arrays and dictionaries are taken out of `container` with `guard case` (a `switch` on the
        // value would keep a second reference in unoptimised builds and copy on every element write).
        if case .array = container {
            guard case .array(var items) = container else { return }
            guard indices.count == 1, labels.first ?? nil == nil else {
                throw CellFailure.trap("arrays take one index: 'array[i]' or 'array[range]'", at: pos)
            }
            switch indices[0] {
            case .int(let index):
                guard index >= 0, index < items.count else {
                    throw CellFailure.trap("Index out of range: index \(index), but the array has \(items.count) "
                                           + "element\(items.count == 1 ? "" : "s")", at: pos)
                }
                container = .void
                defer { container = .array(items) }
                try body(&items[index])
            case .range:
                let bounds = try rangeBounds(indices[0], count: items.count, at: pos)
                var slice = Value.array(Array(items[bounds]))
                try body(&slice)
                guard case .array(let replacement) = slice else {
                    throw CellFailure.trap("a range of an array can only be replaced by an array", at: pos)
                }
                container = .void
                items.replaceSubrange(bounds, with: replacement)
                container = .array(items)
            default:
                throw CellFailure.trap("cannot subscript an array with a value of type '\(typeName(indices[0]))'", at: pos)
            }
            return
        }
        if case .dictionary = container {
            guard case .dictionary(var pairs) = container else { return }
            guard let key = indices.first, labels.first ?? nil == nil else {
                throw CellFailure.trap("dictionaries take a key: 'dictionary[key]'", at: pos)
            }
            let defaultValue: Value? = indices.count == 2 && labels.count == 2 && labels[1] == "default" ? indices[1] : nil
            container = .void
            defer { container = .dictionary(pairs) }
            if let index = index(ofKey: key, in: pairs) {
                if defaultValue != nil {
                    try body(&pairs[index].value)
                    return
                }
                var value = Value.optional(pairs[index].value)
                try body(&value)
                switch value {
                case .optional(nil): pairs.remove(at: index)
                case .optional(let wrapped?): pairs[index].value = wrapped
                default: pairs[index].value = value
                }
            } else {
                var value = defaultValue ?? .optional(nil)
                try body(&value)
                if defaultValue != nil {
                    pairs.append((key: key, value: value))
                    return
                }
                switch value {
                case .optional(nil): break
                case .optional(let wrapped?): pairs.append((key: key, value: wrapped))
                default: pairs.append((key: key, value: value))
                }
            }
            return
        }
        switch container {
        case .object(let object):
            guard let setters = registry.subscriptSetters[object.typeName], !setters.isEmpty,
                  let getters = registry.subscripts[object.typeName], !getters.isEmpty else {
                throw CellFailure.trap("cannot assign through subscript: '\(object.typeName)' subscripts are get-only", at: pos)
            }
            let receiver = container
            var current = try callBindingPositionallyMember(getters, receiver, indices, at: pos)
            try body(&current)
            let newValue = current
            for setter in setters {
                if let filled = fillPositionally(setter.parameters, indices + [newValue]) {
                    _ = try runBinding(at: pos) { try setter.body(&container, filled, self) }
                    return
                }
            }
            throw CellFailure.trap("no subscript setter of '\(object.typeName)' takes \(indices.count) index(es)", at: pos)
        default:
            throw CellFailure.trap("cannot assign through subscript: value of type '\(typeName(container))'", at: pos)
        }
    }

    private func callBindingPositionallyMember(_ overloads: [BindingRegistry.Overload<BindingRegistry.MemberBody>],
                                               _ receiver: Value, _ arguments: [Value], at pos: SourcePos) throws -> Value {
        for overload in overloads {
            if let filled = fillPositionally(overload.parameters, arguments) {
                return try runBinding(at: pos) { try overload.body(receiver, filled, self) }
            }
        }
        throw CellFailure.trap("no subscript takes \(arguments.count) index(es)", at: pos)
    }
}

/// `t.0 = …`, `point.x += 1` on tuples.
final class MemberPlace: LValue {
    let base: LValue
    let name: String

    init(base: LValue, name: String, pos: SourcePos) {
        self.base = base
        self.name = name
        super.init(pos: pos, hint: nil)
    }

    override func checkMutable(_ frame: Frame) throws { try base.checkMutable(frame) }

    override func get(_ frame: Frame) throws -> Value {
        try frame.runtime.member(of: try base.get(frame), name, at: pos)
    }

    override func set(_ frame: Frame, _ value: Value) throws {
        try modify(frame) { $0 = value }
    }

    override func modify(_ frame: Frame, _ body: (inout Value) throws -> Void) throws {
        let name = self.name
        let pos = self.pos
        let runtime = frame.runtime
        try base.modify(frame) { container in
            guard case .tuple(var items) = container else {
                throw CellFailure.trap("cannot assign to property: '\(name)' of '\(runtime.typeName(container))' "
                                       + "is get-only", at: pos)
            }
            let index: Int? = Int(name).flatMap { $0 >= 0 && $0 < items.count ? $0 : nil }
                ?? items.firstIndex { $0.label == name }
            guard let index else { throw runtime.noMember(container, name, at: pos) }
            container = .void
            defer { container = .tuple(items) }
            try body(&items[index].value)
        }
    }
}

/// `x! = …`, `dict[k]!.append(…)`.
final class ForceUnwrapPlace: LValue {
    let base: LValue

    init(base: LValue, pos: SourcePos) {
        self.base = base
        super.init(pos: pos, hint: base.hint?.unwrapped)
    }

    override func checkMutable(_ frame: Frame) throws { try base.checkMutable(frame) }

    override func get(_ frame: Frame) throws -> Value {
        let value = try base.get(frame)
        guard case .optional(let wrapped) = value else { return value }
        guard let wrapped else {
            throw CellFailure.trap("Unexpectedly found nil while unwrapping an Optional value", at: pos)
        }
        return wrapped
    }

    override func set(_ frame: Frame, _ value: Value) throws {
        try modify(frame) { $0 = value }
    }

    override func modify(_ frame: Frame, _ body: (inout Value) throws -> Void) throws {
        let pos = self.pos
        try base.modify(frame) { value in
            guard case .optional(let wrapped) = value else {
                try body(&value)
                return
            }
            guard var inner = wrapped else {
                throw CellFailure.trap("Unexpectedly found nil while unwrapping an Optional value", at: pos)
            }
            value = .void
            defer { value = .optional(inner) }
            try body(&inner)
        }
    }
}

/// `x?.append(…)`, `dict[k]?.count += 1`: changes the wrapped value; a `nil` ends the chain
/// (the assignment or call then does nothing).
final class OptionalChainPlace: LValue {
    let base: LValue

    init(base: LValue, pos: SourcePos) {
        self.base = base
        super.init(pos: pos, hint: base.hint?.unwrapped)
    }

    override func checkMutable(_ frame: Frame) throws { try base.checkMutable(frame) }

    override func get(_ frame: Frame) throws -> Value {
        let value = try base.get(frame)
        guard case .optional(let wrapped) = value else { return value }
        guard let wrapped else { throw OptionalChainNil() }
        return wrapped
    }

    override func set(_ frame: Frame, _ value: Value) throws {
        try modify(frame) { $0 = value }
    }

    override func modify(_ frame: Frame, _ body: (inout Value) throws -> Void) throws {
        try base.modify(frame) { value in
            guard case .optional(let wrapped) = value else {
                try body(&value)
                return
            }
            guard var inner = wrapped else { throw OptionalChainNil() }
            value = .void
            defer { value = .optional(inner) }
            try body(&inner)
        }
    }
}

/// `(a, b) = (b, a)`; nil places are `_`.
final class TuplePlace: LValue {
    let places: [LValue?]

    init(places: [LValue?], pos: SourcePos) {
        self.places = places
        super.init(pos: pos, hint: nil)
    }

    override func get(_ frame: Frame) throws -> Value {
        .tuple(try places.map { (label: nil, value: try $0?.get(frame) ?? .void) })
    }

    override func set(_ frame: Frame, _ value: Value) throws {
        guard case .tuple(let items) = value, items.count == places.count else {
            throw CellFailure.trap("cannot assign a value of type '\(frame.runtime.typeName(value))' "
                                   + "to a tuple of \(places.count) elements", at: pos)
        }
        for (place, item) in zip(places, items) {
            try place?.set(frame, place?.hint.map { conform(item.value, to: $0) } ?? item.value)
        }
    }

    override func modify(_ frame: Frame, _ body: (inout Value) throws -> Void) throws {
        var value = try get(frame)
        try body(&value)
        try set(frame, value)
    }
}

// MARK: - Assignments

/// `place = value`.
final class AssignExpr: Expr {
    let place: LValue
    let value: Expr

    init(place: LValue, value: Expr, pos: SourcePos) {
        self.place = place
        self.value = value
        super.init(pos: pos)
    }

    override func eval(_ frame: Frame) throws -> Value {
        var hint = place.hint
        if hint == nil, let global = place as? GlobalPlace { hint = global.runtimeHint(frame) }
        if hint == nil, value.isContextual { hint = (try? place.get(frame)).flatMap { TypeHint.of($0) } }
        let newValue = try value.evalBinding(frame, hint: hint)
        do {
            try place.set(frame, newValue)
        } catch is OptionalChainNil {
            // `a?.b = c` with a nil `a` assigns nothing.
        }
        return .void
    }
}

/// `place op= value`.
final class CompoundAssignExpr: Expr {
    let place: LValue
    let op: BinaryOperator
    let value: Expr

    init(place: LValue, op: BinaryOperator, value: Expr, pos: SourcePos) {
        self.place = place
        self.op = op
        self.value = value
        super.init(pos: pos)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let runtime = frame.runtime
        let contextual = value.isContextual
        let operand: Value = contextual ? .void : try value.eval(frame)
        let op = self.op
        let pos = self.pos
        let valueExpr = value
        var declared = place.hint
        if declared == nil, contextual, let global = place as? GlobalPlace { declared = global.runtimeHint(frame) }
        do {
            try place.modify(frame) { current in
                let right = contextual ? try valueExpr.eval(frame, hint: declared ?? TypeHint.of(current)) : operand
                try runtime.applyCompound(op, &current, right, at: pos)
            }
        } catch is OptionalChainNil {
            // `a?.b += c` with a nil `a` changes nothing.
        }
        return .void
    }
}

/// `_ = value`.
final class DiscardExpr: Expr {
    let value: Expr

    init(value: Expr, pos: SourcePos) {
        self.value = value
        super.init(pos: pos)
    }

    override func eval(_ frame: Frame) throws -> Value {
        _ = try value.eval(frame)
        return .void
    }
}
