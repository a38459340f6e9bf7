import Foundation
import SwiftSyntax

/// A cell compiled to nodes, ready to run.
struct CompiledCell {
    let statements: [Stmt]
    let slotCount: Int
}

/// Turns a parsed cell into nodes: resolves names to slots, captures and globals, folds
/// operators, pre-parses literals, and rejects what cells do not support (nothing of a cell runs
/// when any part of it is rejected).
final class Compiler {
    let runtime: Runtime
    let converter: SourceLocationConverter
    /// The chapter line of the cell's first code line.
    let cellLine: Int
    var scope: FunctionScope
    /// Globals this cell declares at its top level: static hint and whether they are `let`.
    var cellGlobals: [String: (hint: TypeHint?, isConstant: Bool)] = [:]

    init(runtime: Runtime, converter: SourceLocationConverter, cellLine: Int) {
        self.runtime = runtime
        self.converter = converter
        self.cellLine = cellLine
        scope = FunctionScope(parent: nil, isCell: true)
    }

    /// The chapter position of a node.
    func pos(_ node: some SyntaxProtocol) -> SourcePos {
        let location = converter.location(for: node.positionAfterSkippingLeadingTrivia)
        return SourcePos(line: cellLine + location.line - 1, column: location.column)
    }

    /// The position of an expression through a token near its top, so positions of long
    /// chains (`a.b.c…`, `a[0][1]…`) cost O(1) each rather than a walk down the chain.
    func shallowPos(_ expr: ExprSyntax) -> SourcePos {
        if let member = expr.as(MemberAccessExprSyntax.self) { return pos(member.declName.baseName) }
        if let call = expr.as(FunctionCallExprSyntax.self) {
            if let reference = call.calledExpression.as(DeclReferenceExprSyntax.self) { return pos(reference.baseName) }
            if let member = call.calledExpression.as(MemberAccessExprSyntax.self) { return pos(member.declName.baseName) }
            if let paren = call.leftParen { return pos(paren) }
        }
        if let subscriptCall = expr.as(SubscriptCallExprSyntax.self) { return pos(subscriptCall.leftSquare) }
        if let unwrap = expr.as(ForceUnwrapExprSyntax.self) { return pos(unwrap.exclamationMark) }
        if let chain = expr.as(OptionalChainingExprSyntax.self) { return pos(chain.questionMark) }
        if let postfix = expr.as(PostfixOperatorExprSyntax.self) { return pos(postfix.operator) }
        return pos(expr)
    }

    func unsupported(_ what: String, _ node: some SyntaxProtocol) -> CompileError {
        CompileError.unsupported(what, at: pos(node))
    }

    func error(_ message: String, _ node: some SyntaxProtocol) -> CompileError {
        CompileError(kind: .runtime, message: message, pos: pos(node))
    }

    // MARK: Cells

    func compileCell(_ file: SourceFileSyntax) throws -> CompiledCell {
        collectTopLevelNames(file.statements)
        var functions: [Stmt] = []
        var statements: [Stmt] = []
        let items = Array(file.statements)
        for (index, item) in items.enumerated() {
            for statement in try compileItem(item, isLastOfCell: index == items.count - 1) {
                if let function = statement as? FunctionDeclStmt, case .global = function.target {
                    functions.append(statement)
                } else {
                    statements.append(statement)
                }
            }
        }
        // Top-level functions exist before the cell's first statement runs (as in Swift).
        return CompiledCell(statements: functions + statements, slotCount: scope.slotCount)
    }

    /// Records the names a cell declares at top level, so its functions can use them.
    private func collectTopLevelNames(_ items: CodeBlockItemListSyntax) {
        for item in items {
            switch item.item {
            case .decl(let decl):
                if let variable = decl.as(VariableDeclSyntax.self) {
                    let isConstant = variable.bindingSpecifier.tokenKind == .keyword(.let)
                    for binding in variable.bindings {
                        for name in boundNames(binding.pattern) {
                            cellGlobals[name] = (binding.typeAnnotation.map { hint($0.type) },
                                                 isConstant && binding.initializer != nil)
                        }
                    }
                } else if let function = decl.as(FunctionDeclSyntax.self) {
                    cellGlobals[identifierText(function.name)] = (.function, true)
                }
            case .stmt(let statement):
                if let guardStmt = statement.as(GuardStmtSyntax.self) {
                    for condition in guardStmt.conditions {
                        if case .optionalBinding(let binding) = condition.condition {
                            for name in boundNames(binding.pattern) {
                                cellGlobals[name] = (binding.typeAnnotation.map { hint($0.type) },
                                                     binding.bindingSpecifier.tokenKind == .keyword(.let))
                            }
                        }
                    }
                }
            default:
                break
            }
        }
    }

    private func boundNames(_ pattern: PatternSyntax) -> [String] {
        if let identifier = pattern.as(IdentifierPatternSyntax.self) { return [identifierText(identifier.identifier)] }
        if let tuple = pattern.as(TuplePatternSyntax.self) { return tuple.elements.flatMap { boundNames($0.pattern) } }
        if let binding = pattern.as(ValueBindingPatternSyntax.self) { return boundNames(binding.pattern) }
        return []
    }

    // MARK: Names

    /// An identifier's text without backticks.
    func identifierText(_ token: TokenSyntax) -> String {
        let text = token.text
        if text.hasPrefix("`"), text.hasSuffix("`"), text.count >= 2 { return String(text.dropFirst().dropLast()) }
        return text
    }

    /// A type annotation as a hint.
    func hint(_ type: TypeSyntax) -> TypeHint {
        TypeHint.parse(type.trimmedDescription)
    }

    /// Whether a global name exists now (earlier cells, this cell, bindings, types).
    func isKnownGlobal(_ name: String) -> Bool {
        cellGlobals[name] != nil || runtime.global(name) != nil || runtime.registry.functions[name] != nil
            || isTypeName(name)
    }

    func isTypeName(_ name: String) -> Bool {
        runtime.registry.typeNames.contains(name) || Runtime.builtinTypeNames.contains(name)
    }

    /// Whether `name` names a type here (not shadowed by a variable).
    func refersToType(_ name: String) -> Bool {
        scope.local(name) == nil && cellGlobals[name] == nil && runtime.global(name) == nil && isTypeName(name)
    }

    func globalHint(_ name: String) -> TypeHint? {
        if let declared = cellGlobals[name] { return declared.hint }
        return runtime.global(name)?.hint
    }

    func isConstantGlobal(_ name: String) -> Bool {
        if let declared = cellGlobals[name] { return declared.isConstant }
        return runtime.global(name)?.isConstant ?? false
    }

    /// Compiles a reference to `name`.
    func compileName(_ name: String, _ node: some SyntaxProtocol) throws -> Expr {
        let position = pos(node)
        if name.hasPrefix("$"), let number = Int(name.dropFirst()) {
            guard scope.isClosure, !scope.hasExplicitParameters else {
                throw error("anonymous closure argument '\(name)' can only be used in a closure without a parameter list",
                            node)
            }
            return LocalGetExpr(scope.dollar(number), pos: position)
        }
        if let info = scope.local(name) { return LocalGetExpr(info, pos: position) }
        if let captured = scope.capture(name) {
            return CaptureGetExpr(captured.index, pos: position, hint: captured.info.hint)
        }
        if refersToType(name) { return TypeExpr(name, pos: position) }
        guard isKnownGlobal(name) else { throw unknownName(name, node) }
        return GlobalGetExpr(name, pos: position, hint: globalHint(name))
    }

    /// "cannot find 'x' in scope", or what to use instead for standard types cells lack.
    func unknownName(_ name: String, _ node: some SyntaxProtocol) -> CompileError {
        switch name {
        case "Set": return unsupported("Set (use an array, or a dictionary's keys)", node)
        case "self", "Self": return unsupported("'self' (cells have no types of their own)", node)
        default: return error("cannot find '\(name)' in scope", node)
        }
    }

    /// Where a declaration of `name` puts its value: a global at a cell's top level, else a
    /// new local of the current block.
    func declareTarget(_ name: String, isConstant: Bool, declared: TypeHint?, inferred: TypeHint?) -> BindTarget {
        if scope.declaresGlobals {
            cellGlobals[name] = (declared ?? inferred, isConstant)
            return .global(name: name, hint: declared, isConstant: isConstant)
        }
        return .local(scope.declare(name, isConstant: isConstant, hint: inferred, declaredHint: declared))
    }

    /// Runs `body` with a function scope (restoring the current one afterwards).
    func withScope<T>(_ newScope: FunctionScope, _ body: () throws -> T) rethrows -> T {
        let saved = scope
        scope = newScope
        defer { scope = saved }
        return try body()
    }

    /// Runs `body` in a new block scope.
    func inBlock<T>(_ body: () throws -> T) rethrows -> T {
        scope.pushBlock()
        defer { scope.popBlock() }
        return try body()
    }
}
