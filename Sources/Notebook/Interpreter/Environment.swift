import Foundation

/// A variable that lives on the heap: a global (top-level `let`/`var`/`func` of any cell) or a
/// local that a closure captures.
final class Box {
    var value: Value
    /// The declared or inferred static type (for literals assigned later: `x = 1`).
    var hint: TypeHint?
    var isConstant: Bool

    init(_ value: Value, hint: TypeHint? = nil, isConstant: Bool = false) {
        self.value = value
        self.hint = hint
        self.isConstant = isConstant
    }
}

/// A local variable found while compiling: its slot in the frame of the function (or cell) that
/// declares it, and whether some closure captures it (then it lives in a `Box`, fresh for each
/// execution of its declaration, so every loop iteration captures its own variable).
final class VarInfo {
    let name: String
    let slot: Int
    let isConstant: Bool
    /// The static type: the annotation, else what the initializer tells.
    var hint: TypeHint?
    /// The annotation (values bound to the variable are adapted to it: `Optional`, numbers).
    var declaredHint: TypeHint?
    var captured = false

    init(name: String, slot: Int, isConstant: Bool, hint: TypeHint?, declaredHint: TypeHint? = nil) {
        self.name = name
        self.slot = slot
        self.isConstant = isConstant
        self.hint = declaredHint ?? hint
        self.declaredHint = declaredHint
    }
}

/// Where a closure finds a captured variable when it is created.
enum CaptureSource {
    /// A local of the enclosing function (its box).
    case enclosingLocal(VarInfo)
    /// A variable the enclosing function itself captured.
    case enclosingCapture(Int)
}

/// The storage of one running function, closure or cell: uncaptured locals by slot, captured
/// locals as boxes, and the boxes the closure captured when it was created.
final class Frame {
    let values: UnsafeMutablePointer<Value>
    let boxes: UnsafeMutablePointer<Box?>
    let count: Int
    let captures: [Box]
    /// The interpreter outlives every frame (frames live while their code runs).
    unowned(unsafe) let runtime: Runtime
    var returnValue: Value = .void

    init(count: Int, captures: [Box], runtime: Runtime) {
        self.count = count
        let size = max(count, 1)
        values = UnsafeMutablePointer<Value>.allocate(capacity: size)
        values.initialize(repeating: .void, count: size)
        boxes = UnsafeMutablePointer<Box?>.allocate(capacity: size)
        boxes.initialize(repeating: nil, count: size)
        self.captures = captures
        self.runtime = runtime
    }

    deinit {
        let size = max(count, 1)
        values.deinitialize(count: size)
        values.deallocate()
        boxes.deinitialize(count: size)
        boxes.deallocate()
    }

    @inline(__always) func get(_ info: VarInfo, at pos: SourcePos) throws -> Value {
        if info.captured {
            guard let box = boxes[info.slot] else {
                throw CellFailure.trap("variable '\(info.name)' used before being initialized", at: pos)
            }
            return box.value
        }
        return values[info.slot]
    }

    /// Binds a declaration (a fresh variable each time it runs).
    @inline(__always) func declare(_ info: VarInfo, _ value: Value) {
        if info.captured {
            boxes[info.slot] = Box(value, hint: info.hint, isConstant: info.isConstant)
        } else {
            values[info.slot] = value
        }
    }

    @inline(__always) func set(_ info: VarInfo, _ value: Value) {
        if info.captured {
            if let box = boxes[info.slot] {
                box.value = value
            } else {
                boxes[info.slot] = Box(value, hint: info.hint, isConstant: info.isConstant)
            }
        } else {
            values[info.slot] = value
        }
    }

    /// Runs `body` on the variable's value in place (the value is moved out while `body` runs,
    /// so arrays grow without copying).
    @inline(__always) func modify<R>(_ info: VarInfo, at pos: SourcePos, _ body: (inout Value) throws -> R) throws -> R {
        if info.captured {
            guard let box = boxes[info.slot] else {
                throw CellFailure.trap("variable '\(info.name)' used before being initialized", at: pos)
            }
            return try modifyBox(box, body)
        }
        var value = values[info.slot]
        values[info.slot] = .void
        defer { values[info.slot] = value }
        return try body(&value)
    }
}

/// Runs `body` on a box's value in place.
@inline(__always) func modifyBox<R>(_ box: Box, _ body: (inout Value) throws -> R) throws -> R {
    var value = box.value
    box.value = .void
    defer { box.value = value }
    return try body(&value)
}

/// How a statement ended.
enum Flow {
    case normal
    case breakLoop(String?)
    case continueLoop(String?)
    case returned
    case fallthroughCase
}

/// Compile-time scopes of one function, closure or cell: block scopes mapping names to slots,
/// and the variables it captures from the enclosing function.
final class FunctionScope {
    let parent: FunctionScope?
    /// True for a cell's own scope: names declared at its top block are globals.
    let isCell: Bool
    var blocks: [[String: VarInfo]] = [[:]]
    var slotCount = 0
    var captureSources: [CaptureSource] = []
    private var captureIndex: [ObjectIdentifier: Int] = [:]
    var returnHint: TypeHint?
    /// Closures: the highest `$n` used, plus one.
    var dollarCount = 0
    var isClosure = false
    /// Labels of the enclosing loops and switches (for `break label`).
    var labels: [String] = []
    /// Locals declared (all blocks), to decide whether frames need boxes.
    var variables: [VarInfo] = []

    init(parent: FunctionScope?, isCell: Bool) {
        self.parent = parent
        self.isCell = isCell
    }

    /// Whether a declaration here creates a global (a cell's top level).
    var declaresGlobals: Bool { isCell && blocks.count == 1 }

    /// Closures without a parameter list: `$0`, `$1`, … by number.
    var dollarVariables: [Int: VarInfo] = [:]
    /// Closures with a parameter list (where `$0` is not allowed).
    var hasExplicitParameters = false

    func declare(_ name: String, isConstant: Bool, hint: TypeHint?, declaredHint: TypeHint? = nil) -> VarInfo {
        let info = VarInfo(name: name, slot: slotCount, isConstant: isConstant, hint: hint, declaredHint: declaredHint)
        slotCount += 1
        blocks[blocks.count - 1][name] = info
        variables.append(info)
        return info
    }

    /// The variable of `$n` in a closure (created on first use).
    func dollar(_ number: Int) -> VarInfo {
        if let info = dollarVariables[number] { return info }
        let info = VarInfo(name: "$\(number)", slot: slotCount, isConstant: true, hint: nil)
        slotCount += 1
        variables.append(info)
        dollarVariables[number] = info
        dollarCount = max(dollarCount, number + 1)
        return info
    }

    /// The variable `name` in the innermost block, if declared there (switch alternatives
    /// bind the same names).
    func localInCurrentBlock(_ name: String) -> VarInfo? { blocks.last?[name] }

    func pushBlock() { blocks.append([:]) }
    func popBlock() { if blocks.count > 1 { blocks.removeLast() } }

    /// A local declared in this function's blocks.
    func local(_ name: String) -> VarInfo? {
        for block in blocks.reversed() {
            if let info = block[name] { return info }
        }
        return nil
    }

    /// The capture index of `name` when an enclosing function declares it (capturing it through
    /// every function in between); nil when no enclosing function has it.
    func capture(_ name: String) -> (index: Int, info: VarInfo)? {
        guard let parent else { return nil }
        if let info = parent.local(name) {
            // A cell's top-level names are globals, never captured.
            if parent.isCell, parent.blocks.first?[name] === info { return nil }
            info.captured = true
            return (addCapture(.enclosingLocal(info), key: ObjectIdentifier(info)), info)
        }
        guard let outer = parent.capture(name) else { return nil }
        return (addCapture(.enclosingCapture(outer.index), key: ObjectIdentifier(outer.info)), outer.info)
    }

    private func addCapture(_ source: CaptureSource, key: ObjectIdentifier) -> Int {
        if let index = captureIndex[key] { return index }
        captureSources.append(source)
        captureIndex[key] = captureSources.count - 1
        return captureSources.count - 1
    }
}
