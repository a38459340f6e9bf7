import Foundation
import SwiftSyntax

extension Compiler {
    func compileExpr(_ expr: ExprSyntax) throws -> Expr {
        if isChainNode(expr) {
            let inner = try compileChainPart(expr)
            return containsOptionalChain(expr) ? OptionalChainBoundaryExpr(inner, pos: inner.pos) : inner
        }
        let position = shallowPos(expr)
        switch expr.as(ExprSyntaxEnum.self) {
        case .integerLiteralExpr(let literal):
            return NumberLiteralExpr(.integer(literal.literal.text), pos: position)
        case .floatLiteralExpr(let literal):
            return NumberLiteralExpr(.floating(text: literal.literal.text.filter { $0 != "_" }), pos: position)
        case .booleanLiteralExpr(let literal):
            return ConstantExpr(.bool(literal.literal.tokenKind == .keyword(.true)), pos: position, hint: .bool)
        case .nilLiteralExpr:
            return NilLiteralExpr(pos: position)
        case .stringLiteralExpr(let literal):
            return try compileString(literal)
        case .simpleStringLiteralExpr(let literal):
            let text = literal.segments.map { StringLiteralText.unescape($0.content.text, pounds: 0) }.joined()
            return ConstantExpr(.string(text), pos: position, hint: .string)
        case .arrayExpr(let array):
            return ArrayLiteralExpr(elements: try array.elements.map { try compileExpr($0.expression) }, pos: position)
        case .dictionaryExpr(let dictionary):
            switch dictionary.content {
            case .colon:
                return DictionaryLiteralExpr(pairs: [], pos: position)
            case .elements(let elements):
                return DictionaryLiteralExpr(pairs: try elements.map {
                    (key: try compileExpr($0.key), value: try compileExpr($0.value))
                }, pos: position)
            }
        case .tupleExpr(let tuple):
            if tuple.elements.count == 1, let only = tuple.elements.first, only.label == nil {
                return try compileExpr(only.expression)
            }
            if tuple.elements.isEmpty { return ConstantExpr(.void, pos: position, hint: nil) }
            return TupleExpr(elements: try tuple.elements.map {
                (label: $0.label.map { identifierText($0) }, expr: try compileExpr($0.expression))
            }, pos: position)
        case .declReferenceExpr(let reference):
            return try compileReference(reference)
        case .sequenceExpr(let sequence):
            if sequence.elements.count > 20_001 {
                throw unsupported("expressions with more than 10000 operators", sequence)
            }
            var folder = OperatorFolder(sequence)
            let folded: FoldedExpr
            do {
                folded = try folder.fold()
            } catch var failure as CompileError {
                failure.pos = position
                throw failure
            }
            return try compileFolded(folded)
        case .prefixOperatorExpr(let prefix):
            return try compilePrefix(prefix)
        case .postfixOperatorExpr(let postfix):
            let op = postfix.operator.text
            guard op == "..." else { throw unsupported("the postfix operator '\(op)'", postfix) }
            return PartialRangeExpr(bound: try compileExpr(postfix.expression), isUpper: false, closed: true, pos: position)
        case .tryExpr(let tryExpr):
            return TryExpr(kind: tryKind(tryExpr), inner: try compileExpr(tryExpr.expression), pos: position)
        case .awaitExpr:
            throw unsupported("async/await", expr)
        case .closureExpr(let closure):
            return try compileClosure(closure)
        case .ifExpr(let ifExpr):
            return try compileIfValue(ifExpr)
        case .switchExpr:
            throw unsupported("'switch' as an expression (use a switch statement that assigns a variable)", expr)
        case .ternaryExpr(let ternary):
            return TernaryExpr(condition: try compileExpr(ternary.condition), then: try compileExpr(ternary.thenExpression),
                               otherwise: try compileExpr(ternary.elseExpression), pos: position)
        case .discardAssignmentExpr:
            throw error("'_' can only appear in a pattern or on the left side of an assignment", expr)
        case .typeExpr(let type):
            return TypeExpr(type.type.trimmedDescription, pos: position)
        case .genericSpecializationExpr(let generic):
            return TypeExpr(generic.expression.trimmedDescription, pos: position)
        case .keyPathExpr:
            throw unsupported("key paths (write a closure: { $0.name })", expr)
        case .macroExpansionExpr(let macro):
            throw unsupported("macros (#\(macro.macroName.text))", expr)
        case .inOutExpr:
            throw unsupported("inout arguments (&x)", expr)
        case .superExpr:
            throw unsupported("'super'", expr)
        case .regexLiteralExpr:
            throw unsupported("regex literals", expr)
        case .editorPlaceholderExpr:
            throw unsupported("editor placeholders", expr)
        case .patternExpr:
            throw unsupported("patterns outside 'case'", expr)
        case .arrowExpr:
            throw unsupported("function types as values", expr)
        default:
            throw unsupported(describeKind(expr), expr)
        }
    }

    /// A readable name of a syntax node's kind ("consume expression").
    func describeKind(_ node: some SyntaxProtocol) -> String {
        var name = "\(node.syntaxNodeType)"
        for suffix in ["Syntax", "Expr", "Stmt", "Decl"] where name.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
        }
        var words = ""
        for character in name {
            if character.isUppercase, !words.isEmpty { words += " " }
            words += character.lowercased()
        }
        return "\(words) expressions"
    }

    func tryKind(_ tryExpr: TryExprSyntax) -> TryExpr.Kind {
        switch tryExpr.questionOrExclamationMark?.tokenKind {
        case .postfixQuestionMark?: return .optional
        case .exclamationMark?: return .forced
        default: return .plain
        }
    }

    // MARK: References

    private func compileReference(_ reference: DeclReferenceExprSyntax) throws -> Expr {
        switch reference.baseName.tokenKind {
        case .binaryOperator(let op), .prefixOperator(let op), .postfixOperator(let op):
            return OperatorFunctionExpr(op, pos: pos(reference))
        case .keyword(.self), .keyword(.Self):
            throw unsupported("'self' (cells have no types of their own)", reference)
        case .keyword(.`init`):
            throw unsupported("'init' as a value", reference)
        default:
            return try compileName(identifierText(reference.baseName), reference)
        }
    }

    // MARK: Strings

    func compileString(_ literal: StringLiteralExprSyntax) throws -> Expr {
        let pounds = literal.openingPounds?.text.count ?? 0
        var parts: [InterpolatedStringExpr.Part] = []
        var hasValues = false
        for segment in literal.segments {
            switch segment {
            case .stringSegment(let text):
                parts.append(.text(StringLiteralText.unescape(text.content.text, pounds: pounds)))
            case .expressionSegment(let interpolation):
                guard interpolation.expressions.count == 1, let only = interpolation.expressions.first, only.label == nil else {
                    throw unsupported("string interpolations with labels or several values", interpolation)
                }
                parts.append(.value(try compileExpr(only.expression)))
                hasValues = true
            }
        }
        if !hasValues {
            let text = parts.map { if case .text(let text) = $0 { return text } else { return "" } }.joined()
            return ConstantExpr(.string(text), pos: pos(literal), hint: .string)
        }
        return InterpolatedStringExpr(parts: parts, pos: pos(literal))
    }

    // MARK: Operators

    private func compilePrefix(_ prefix: PrefixOperatorExprSyntax) throws -> Expr {
        let op = prefix.operator.text
        let position = pos(prefix)
        switch op {
        case "..<", "...":
            return PartialRangeExpr(bound: try compileExpr(prefix.expression), isUpper: true, closed: op == "...",
                                    pos: position)
        case "-", "+", "!", "~":
            let operand = try compileExpr(prefix.expression)
            if let literal = operand as? NumberLiteralExpr {
                if op == "-" { return NumberLiteralExpr(.negate(literal.tree), pos: position) }
                if op == "+" { return literal }
            }
            return PrefixExpr(op: op, operand: operand, pos: position)
        case "&":
            throw unsupported("inout arguments (&x)", prefix)
        default:
            return PrefixExpr(op: op, operand: try compileExpr(prefix.expression), pos: position)
        }
    }

    func compileFolded(_ folded: FoldedExpr) throws -> Expr {
        switch folded {
        case .operand(let expr):
            return try compileExpr(expr)
        case .binary(let op, let node, let lhs, let rhs):
            let position = pos(node)
            switch op {
            case "&&", "||":
                return LogicalExpr(isAnd: op == "&&", lhs: try compileFolded(lhs), rhs: try compileFolded(rhs), pos: position)
            case "??":
                return NilCoalescingExpr(lhs: try compileFolded(lhs), rhs: try compileFolded(rhs), pos: position)
            default:
                break
            }
            if Precedence.of(op) == .assignment {
                let place = try compilePlace(lhs, node)
                let value = try compileFolded(rhs)
                return CompoundAssignExpr(place: place, op: BinaryOperator(String(op.dropLast())), value: value, pos: position)
            }
            let left = try compileFolded(lhs)
            let right = try compileFolded(rhs)
            let binary = BinaryOperator(op)
            if binary.isArithmetic, let a = left as? NumberLiteralExpr, let b = right as? NumberLiteralExpr {
                return NumberLiteralExpr(.binary(binary, a.tree, b.tree), pos: position)
            }
            return BinaryExpr(op: binary, lhs: left, rhs: right, pos: position)
        case .assignment(let node, let lhs, let rhs):
            if case .operand(let target) = lhs, target.is(DiscardAssignmentExprSyntax.self) {
                return DiscardExpr(value: try compileFolded(rhs), pos: pos(node))
            }
            let place = try compilePlace(lhs, node)
            return AssignExpr(place: place, value: try compileFolded(rhs), pos: pos(node))
        case .ternary(let condition, let then, let otherwise, let node):
            return TernaryExpr(condition: try compileFolded(condition), then: try compileExpr(then),
                               otherwise: try compileFolded(otherwise), pos: pos(node))
        case .cast(let kind, let type, let operand, let node):
            return CastExpr(kind: kind, inner: try compileFolded(operand), target: hint(type), pos: pos(node))
        case .tryWrap(let tryExpr, let inner):
            return TryExpr(kind: tryKind(tryExpr), inner: try compileFolded(inner), pos: pos(tryExpr))
        }
    }

    // MARK: Places

    private func compilePlace(_ folded: FoldedExpr, _ node: Syntax) throws -> LValue {
        guard case .operand(let expr) = folded else {
            throw error("cannot assign to the result of this expression", node)
        }
        return try compilePlace(expr)
    }

    /// The place an expression names, for assignment and mutation.
    func compilePlace(_ expr: ExprSyntax) throws -> LValue {
        let position = shallowPos(expr)
        if let reference = expr.as(DeclReferenceExprSyntax.self) {
            let name = identifierText(reference.baseName)
            if let info = scope.local(name) {
                if info.isConstant { throw error("cannot assign to value: '\(name)' is a 'let' constant", expr) }
                return LocalPlace(info, pos: position)
            }
            if let captured = scope.capture(name) {
                if captured.info.isConstant { throw error("cannot assign to value: '\(name)' is a 'let' constant", expr) }
                return CapturePlace(captured.index, hint: captured.info.hint, pos: position)
            }
            if cellGlobals[name] != nil || runtime.global(name) != nil {
                if isConstantGlobal(name) { throw error("cannot assign to value: '\(name)' is a 'let' constant", expr) }
                return GlobalPlace(name, hint: globalHint(name), pos: position)
            }
            if isKnownGlobal(name) { throw error("cannot assign to '\(name)'", expr) }
            throw error("cannot find '\(name)' in scope", expr)
        }
        if let subscriptCall = expr.as(SubscriptCallExprSyntax.self) {
            return SubscriptPlace(base: try compilePlace(subscriptCall.calledExpression),
                                  site: try compileArguments(subscriptCall.arguments, trailing: nil, additional: nil,
                                                             pos: position),
                                  pos: position)
        }
        if let member = expr.as(MemberAccessExprSyntax.self), let base = member.base {
            return MemberPlace(base: try compilePlace(base), name: memberName(member), pos: position)
        }
        if let unwrap = expr.as(ForceUnwrapExprSyntax.self) {
            return ForceUnwrapPlace(base: try compilePlace(unwrap.expression), pos: position)
        }
        if let tuple = expr.as(TupleExprSyntax.self) {
            if tuple.elements.count == 1, let only = tuple.elements.first, only.label == nil {
                return try compilePlace(only.expression)
            }
            return TuplePlace(places: try tuple.elements.map { element in
                element.expression.is(DiscardAssignmentExprSyntax.self) ? nil : try compilePlace(element.expression)
            }, pos: position)
        }
        if let chain = expr.as(OptionalChainingExprSyntax.self) {
            return OptionalChainPlace(base: try compilePlace(chain.expression), pos: position)
        }
        throw error("cannot assign to this expression", expr)
    }

    // MARK: Postfix chains (members, calls, subscripts, `!`, `?`)

    private func isChainNode(_ expr: ExprSyntax) -> Bool {
        expr.is(MemberAccessExprSyntax.self) || expr.is(FunctionCallExprSyntax.self)
            || expr.is(SubscriptCallExprSyntax.self) || expr.is(ForceUnwrapExprSyntax.self)
            || expr.is(OptionalChainingExprSyntax.self)
    }

    /// Whether `?.` appears in the chain `expr` ends.
    private func containsOptionalChain(_ expr: ExprSyntax) -> Bool {
        var current: ExprSyntax? = expr
        while let node = current {
            if node.is(OptionalChainingExprSyntax.self) { return true }
            if let member = node.as(MemberAccessExprSyntax.self) {
                current = member.base
            } else if let call = node.as(FunctionCallExprSyntax.self) {
                current = call.calledExpression
            } else if let subscriptCall = node.as(SubscriptCallExprSyntax.self) {
                current = subscriptCall.calledExpression
            } else if let unwrap = node.as(ForceUnwrapExprSyntax.self) {
                current = unwrap.expression
            } else {
                return false
            }
        }
        return false
    }

    private func compileChainOperand(_ expr: ExprSyntax) throws -> Expr {
        isChainNode(expr) ? try compileChainPart(expr) : try compileExpr(expr)
    }

    func memberName(_ member: MemberAccessExprSyntax) -> String {
        identifierText(member.declName.baseName)
    }

    private func compileChainPart(_ expr: ExprSyntax) throws -> Expr {
        let position = shallowPos(expr)
        if let member = expr.as(MemberAccessExprSyntax.self) {
            let name = memberName(member)
            guard let base = member.base else { return ImplicitMemberExpr(name: name, pos: position) }
            if let reference = base.as(DeclReferenceExprSyntax.self), reference.baseName.tokenKind == .keyword(.self) {
                throw unsupported("'self' (cells have no types of their own)", base)
            }
            let compiledBase = try compileChainOperand(base)
            let node = MemberGetExpr(base: compiledBase, name: name, pos: pos(member.declName.baseName))
            node.hint = memberHint(name, base: compiledBase)
            return node
        }
        if let call = expr.as(FunctionCallExprSyntax.self) {
            return try compileCall(call)
        }
        if let subscriptCall = expr.as(SubscriptCallExprSyntax.self) {
            let base = try compileChainOperand(subscriptCall.calledExpression)
            let site = try compileArguments(subscriptCall.arguments, trailing: subscriptCall.trailingClosure,
                                            additional: subscriptCall.additionalTrailingClosures, pos: position)
            return SubscriptExpr(base: base, site: site, pos: position)
        }
        if let unwrap = expr.as(ForceUnwrapExprSyntax.self) {
            return ForceUnwrapExpr(try compileChainOperand(unwrap.expression), pos: pos(unwrap.exclamationMark))
        }
        if let chain = expr.as(OptionalChainingExprSyntax.self) {
            return OptionalChainExpr(try compileChainOperand(chain.expression), pos: position)
        }
        return try compileExpr(expr)
    }

    /// Static hints of common members (for literals next to them: `a.count - 1`).
    private func memberHint(_ name: String, base: Expr) -> TypeHint? {
        switch name {
        case "count", "startIndex", "endIndex": return .int
        case "isEmpty": return .bool
        case "first", "last":
            return base.hint?.elementHint.map { .optional($0) }
        default: return nil
        }
    }

    // MARK: Calls

    func compileArguments(_ arguments: LabeledExprListSyntax, trailing: ClosureExprSyntax?,
                          additional: MultipleTrailingClosureElementListSyntax?, pos position: SourcePos) throws -> CallSite {
        var compiled: [CallArgument] = []
        for argument in arguments {
            if argument.expression.is(InOutExprSyntax.self) {
                throw unsupported("inout arguments (&x)", argument.expression)
            }
            compiled.append(CallArgument(label: argument.label.map { identifierText($0) },
                                         expr: try compileExpr(argument.expression), isTrailingClosure: false))
        }
        if let trailing {
            compiled.append(CallArgument(label: nil, expr: try compileClosure(trailing), isTrailingClosure: true))
        }
        for extra in additional ?? [] {
            compiled.append(CallArgument(label: identifierText(extra.label), expr: try compileClosure(extra.closure),
                                         isTrailingClosure: false))
        }
        return CallSite(arguments: compiled, pos: position)
    }

    private func compileCall(_ call: FunctionCallExprSyntax) throws -> Expr {
        // Errors of a method call point at the method's name, others at the callee or `(`.
        let position = shallowPos(ExprSyntax(call))
        let callee = call.calledExpression
        let sitePosition = position
        let site = try compileArguments(call.arguments, trailing: call.trailingClosure,
                                        additional: call.additionalTrailingClosures, pos: sitePosition)
        if let reference = callee.as(DeclReferenceExprSyntax.self) {
            if case .identifier = reference.baseName.tokenKind {
                let name = identifierText(reference.baseName)
                if scope.local(name) == nil, scope.capture(name) == nil, !name.hasPrefix("$") {
                    guard isKnownGlobal(name) else { throw unknownName(name, reference) }
                    return NamedCallExpr(name: name, site: site, pos: position, hint: callHint(name))
                }
                return ValueCallExpr(callee: try compileName(name, reference), site: site, name: name, pos: position)
            }
        }
        if let member = callee.as(MemberAccessExprSyntax.self) {
            let name = memberName(member)
            guard let base = member.base else {
                return ImplicitMemberCallExpr(name: name, site: site, pos: position)
            }
            if let reference = base.as(DeclReferenceExprSyntax.self), reference.baseName.tokenKind == .keyword(.self) {
                throw unsupported("'self' (cells have no types of their own)", base)
            }
            let compiledBase = try compileChainOperand(base)
            let mayMutate = runtime.mutatingMethodNames.contains(name)
            let place = mayMutate ? try? compilePlace(base) : nil
            let node = MethodCallExpr(base: compiledBase, name: name, site: site, place: place, mayMutate: mayMutate,
                                      pos: pos(member.declName.baseName))
            node.hint = methodHint(name, base: compiledBase)
            return node
        }
        if callee.is(ArrayExprSyntax.self) || callee.is(DictionaryExprSyntax.self) {
            // `[Float](repeating: 0, count: 3)`, `[String: Int]()`: an array literal is never called.
            let type = TypeHint.parse(callee.trimmedDescription)
            let typeName = callee.is(ArrayExprSyntax.self) ? "Array" : "Dictionary"
            return CollectionInitExpr(typeName: typeName, hint: type, element: type.elementHint, site: site, pos: position)
        }
        if let generic = callee.as(GenericSpecializationExprSyntax.self) {
            let type = TypeHint.parse(callee.trimmedDescription)
            let baseName = generic.expression.trimmedDescription
            if baseName == "Array" || baseName == "Dictionary" {
                return CollectionInitExpr(typeName: baseName, hint: type, element: type.elementHint, site: site, pos: position)
            }
            guard isKnownGlobal(baseName) else { throw unknownName(baseName, generic) }
            return NamedCallExpr(name: baseName, site: site, pos: position, hint: nil)
        }
        let compiledCallee = try compileChainOperand(callee)
        return ValueCallExpr(callee: compiledCallee, site: site, name: callee.trimmedDescription, pos: position)
    }

    /// What a call to a global name returns, when obvious (`Float(x)`, `String(x)`).
    private func callHint(_ name: String) -> TypeHint? {
        switch name {
        case "Int": return .int
        case "Double": return .double
        case "Float": return .float
        case "String": return .string
        case "Bool": return .bool
        default: return nil
        }
    }

    private func methodHint(_ name: String, base: Expr) -> TypeHint? {
        switch name {
        case "sorted", "reversed", "filter", "shuffled", "dropFirst", "dropLast", "prefix", "suffix":
            return base.hint
        case "min", "max", "randomElement", "popLast", "first", "last":
            return base.hint?.elementHint.map { .optional($0) }
        case "squareRoot", "rounded": return base.hint
        case "joined", "uppercased", "lowercased", "replacingOccurrences": return .string
        default: return nil
        }
    }

    // MARK: Closures and `if` values

    func compileClosure(_ closure: ClosureExprSyntax) throws -> ClosureExpr {
        let code = FunctionCode(name: "closure", isClosure: true)
        let closureScope = FunctionScope(parent: scope, isCell: false)
        closureScope.isClosure = true
        var parameters: [(name: String?, hint: TypeHint?, node: Syntax)] = []
        if let signature = closure.signature {
            if let capture = signature.capture {
                throw unsupported("closure capture lists", capture)
            }
            if signature.effectSpecifiers?.asyncSpecifier != nil {
                throw unsupported("async closures", signature)
            }
            if let attribute = signature.attributes.first {
                throw unsupported("closure attributes", attribute)
            }
            switch signature.parameterClause {
            case .simpleInput(let list)?:
                closureScope.hasExplicitParameters = true
                for parameter in list {
                    let name = identifierText(parameter.name)
                    parameters.append((name == "_" ? nil : name, nil, Syntax(parameter)))
                }
            case .parameterClause(let clause)?:
                closureScope.hasExplicitParameters = true
                for parameter in clause.parameters {
                    let name = identifierText(parameter.secondName ?? parameter.firstName)
                    if let type = parameter.type, type.trimmedDescription.hasPrefix("inout ") {
                        throw unsupported("inout parameters", type)
                    }
                    parameters.append((name == "_" ? nil : name, parameter.type.map { hint($0) }, Syntax(parameter)))
                }
            case nil:
                break
            }
            closureScope.returnHint = signature.returnClause.map { hint($0.type) }
        }
        try withScope(closureScope) {
            var compiledParameters: [FunctionParameter] = []
            for parameter in parameters {
                let variable = parameter.name.map {
                    scope.declare($0, isConstant: true, hint: parameter.hint, declaredHint: parameter.hint)
                }
                compiledParameters.append(FunctionParameter(label: nil, variable: variable, hint: parameter.hint,
                                                            defaultValue: nil, variadic: false))
            }
            let body = try compileBody(closure.statements)
            code.body = body.statements
            code.implicitResult = body.result
            if !closureScope.hasExplicitParameters {
                compiledParameters = (0..<closureScope.dollarCount).map { number in
                    FunctionParameter(label: nil, variable: closureScope.dollar(number), hint: nil, defaultValue: nil,
                                      variadic: false)
                }
            }
            code.parameters = compiledParameters
        }
        code.returnHint = closureScope.returnHint
        code.slotCount = closureScope.slotCount
        code.captureSources = closureScope.captureSources
        code.finishParameters()
        return ClosureExpr(code: code, pos: pos(closure))
    }

    /// A function or closure body; a single expression is its result.
    func compileBody(_ items: CodeBlockItemListSyntax) throws -> (statements: [Stmt], result: Expr?) {
        if items.count == 1, let only = items.first, case .expr(let expr) = only.item {
            return ([], try compileExpr(expr))
        }
        var statements: [Stmt] = []
        for item in items {
            statements.append(contentsOf: try compileItem(item, isLastOfCell: false))
        }
        return (statements, nil)
    }

    private func compileIfValue(_ ifExpr: IfExprSyntax) throws -> Expr {
        guard let elseBody = ifExpr.elseBody else {
            throw error("'if' used as a value needs an 'else'", ifExpr)
        }
        let single: (CodeBlockSyntax) throws -> Expr = { block in
            guard block.statements.count == 1, let only = block.statements.first, case .expr(let expr) = only.item else {
                throw self.unsupported("'if' branches with statements when 'if' is used as a value", block)
            }
            return try self.compileExpr(expr)
        }
        return try inBlock {
            let conditions = try compileConditions(ifExpr.conditions)
            let then = try single(ifExpr.body)
            let otherwise: Expr
            switch elseBody {
            case .codeBlock(let block): otherwise = try single(block)
            case .ifExpr(let nested): otherwise = try compileIfValue(nested)
            }
            return IfValueExpr(condition: conditions, then: then, otherwise: otherwise, pos: pos(ifExpr))
        }
    }
}
