import Foundation
import SwiftSyntax

extension Compiler {
    /// Compiles one code block item (a declaration may give several statements).
    func compileItem(_ item: CodeBlockItemSyntax, isLastOfCell: Bool) throws -> [Stmt] {
        switch item.item {
        case .decl(let decl):
            return try compileDecl(decl)
        case .stmt(let statement):
            return try compileStatement(statement, label: nil, isLastOfCell: isLastOfCell)
        case .expr(let expr):
            return [try compileExpressionStatement(expr, isLastOfCell: isLastOfCell)]
        }
    }

    private func compileExpressionStatement(_ expr: ExprSyntax, isLastOfCell: Bool) throws -> Stmt {
        if let ifExpr = expr.as(IfExprSyntax.self) { return try compileIf(ifExpr) }
        if let switchExpr = expr.as(SwitchExprSyntax.self) { return try compileSwitch(switchExpr, label: nil) }
        let compiled = try compileExpr(expr)
        let isAssignment = compiled is AssignExpr || compiled is CompoundAssignExpr || compiled is DiscardExpr
        return ExprStmt(compiled, displaysValue: isLastOfCell && scope.isCell && !isAssignment && !isDiscardableCall(expr))
    }

    /// A call to a global function registered `@discardableResult` (such as `expect`).
    private func isDiscardableCall(_ expr: ExprSyntax) -> Bool {
        var inner = expr
        if let tryExpr = inner.as(TryExprSyntax.self) { inner = tryExpr.expression }
        guard let call = inner.as(FunctionCallExprSyntax.self),
              let callee = call.calledExpression.as(DeclReferenceExprSyntax.self) else { return false }
        let name = callee.baseName.text
        return runtime.registry.discardableResults.contains(name) && cellGlobals[name] == nil
    }

    /// The statements of a `{ … }` block, in a new block scope.
    func compileBlock(_ block: CodeBlockSyntax) throws -> [Stmt] {
        try inBlock { try compileItems(block.statements) }
    }

    func compileItems(_ items: CodeBlockItemListSyntax) throws -> [Stmt] {
        var statements: [Stmt] = []
        for item in items { statements.append(contentsOf: try compileItem(item, isLastOfCell: false)) }
        return statements
    }

    // MARK: Declarations

    private func compileDecl(_ decl: DeclSyntax) throws -> [Stmt] {
        switch decl.as(DeclSyntaxEnum.self) {
        case .variableDecl(let variable): return try compileVariable(variable)
        case .functionDecl(let function): return [try compileFunction(function)]
        case .importDecl(let importDecl):
            let module = importDecl.path.map(\.name.text).joined(separator: ".")
            let allowed: Set<String> = ["Vectorbook", "Foundation", "Swift", "Tensors", "ModelHub", "Tokenizers", "Media",
                                        "Encoders"]
            guard allowed.contains(module), importDecl.importKindSpecifier == nil else {
                throw unsupported("import of '\(module)' (cells may import Vectorbook and Foundation)", importDecl)
            }
            return []
        case .classDecl: throw unsupported("class declarations", decl)
        case .structDecl: throw unsupported("struct declarations", decl)
        case .enumDecl: throw unsupported("enum declarations", decl)
        case .protocolDecl: throw unsupported("protocol declarations", decl)
        case .extensionDecl: throw unsupported("extensions", decl)
        case .actorDecl: throw unsupported("actors", decl)
        case .typeAliasDecl: throw unsupported("typealias declarations", decl)
        case .operatorDecl: throw unsupported("operator declarations", decl)
        case .precedenceGroupDecl: throw unsupported("precedence groups", decl)
        case .macroDecl: throw unsupported("macro declarations", decl)
        case .macroExpansionDecl(let macro): throw unsupported("macros (#\(macro.macroName.text))", decl)
        case .ifConfigDecl: throw unsupported("#if", decl)
        case .initializerDecl: throw unsupported("initializers (init)", decl)
        case .subscriptDecl: throw unsupported("subscript declarations", decl)
        case .associatedTypeDecl: throw unsupported("associated types", decl)
        case .deinitializerDecl: throw unsupported("deinit", decl)
        case .enumCaseDecl: throw unsupported("enum cases", decl)
        default: throw unsupported("this declaration", decl)
        }
    }

    private func checkAttributesAndModifiers(_ attributes: AttributeListSyntax, _ modifiers: DeclModifierListSyntax) throws {
        if let attribute = attributes.first {
            throw unsupported("attributes and property wrappers (\(attribute.trimmedDescription))", attribute)
        }
        if let modifier = modifiers.first {
            throw unsupported("the '\(modifier.name.text)' modifier", modifier)
        }
    }

    private func compileVariable(_ variable: VariableDeclSyntax) throws -> [Stmt] {
        try checkAttributesAndModifiers(variable.attributes, variable.modifiers)
        let isConstant = variable.bindingSpecifier.tokenKind == .keyword(.let)
        var statements: [Stmt] = []
        for binding in variable.bindings {
            if let accessors = binding.accessorBlock {
                throw unsupported("computed properties and property observers", accessors)
            }
            let declared = binding.typeAnnotation.map { hint($0.type) }
            // The initializer sees the names declared before this one (`let x = x + 1` uses the outer x).
            let initializer = try binding.initializer.map { try compileExpr($0.value) }
            // `let x: Int` without a value is assigned later (once, as Swift checks).
            let isConstant = isConstant && initializer != nil
            let position = pos(binding)
            if let identifier = binding.pattern.as(IdentifierPatternSyntax.self) {
                let name = identifierText(identifier.identifier)
                let target = declareTarget(name, isConstant: isConstant, declared: declared,
                                           inferred: declared ?? initializer.flatMap { inferredHint($0) })
                statements.append(DeclareStmt(target: target, initializer: initializer, hint: declared, pos: position))
            } else if binding.pattern.is(WildcardPatternSyntax.self) {
                if let initializer { statements.append(ExprStmt(initializer, displaysValue: false)) }
            } else if binding.pattern.is(TuplePatternSyntax.self) {
                guard let initializer else { throw error("a tuple pattern needs a value", binding) }
                let pattern = try compilePattern(binding.pattern, binding: isConstant, hint: declared)
                statements.append(DestructureStmt(pattern: pattern, initializer: initializer, hint: declared, pos: position))
            } else {
                throw unsupported("this pattern in a declaration", binding.pattern)
            }
        }
        return statements
    }

    /// The static type an initializer gives a variable without annotation.
    private func inferredHint(_ initializer: Expr) -> TypeHint? {
        if let literal = initializer as? NumberLiteralExpr { return literal.defaultKind == .int ? .int : .double }
        if let array = initializer as? ArrayLiteralExpr {
            if let hint = array.hint { return hint }
            return array.literalElementHint.map { .array($0) }
        }
        return initializer.hint
    }

    private func compileFunction(_ function: FunctionDeclSyntax) throws -> Stmt {
        try checkAttributesAndModifiers(function.attributes, function.modifiers)
        let name = identifierText(function.name)
        if case .identifier = function.name.tokenKind {} else {
            throw unsupported("operator functions", function.name)
        }
        if let generics = function.genericParameterClause { throw unsupported("generic functions", generics) }
        if let whereClause = function.genericWhereClause { throw unsupported("generic functions", whereClause) }
        if let effects = function.signature.effectSpecifiers, effects.asyncSpecifier != nil {
            throw unsupported("async functions", effects)
        }
        guard let body = function.body else { throw error("function '\(name)' needs a body", function) }
        let target: BindTarget
        if scope.declaresGlobals {
            cellGlobals[name] = (.function, true)
            target = .global(name: name, hint: .function, isConstant: true)
        } else {
            // Declared before its body, so the function can call itself.
            target = .local(scope.declare(name, isConstant: true, hint: .function))
        }
        let code = FunctionCode(name: name, isClosure: false)
        let functionScope = FunctionScope(parent: scope, isCell: false)
        functionScope.returnHint = function.signature.returnClause.map { hint($0.type) }
        try withScope(functionScope) {
            var parameters: [FunctionParameter] = []
            var internalNames: [String] = []
            for parameter in function.signature.parameterClause.parameters {
                if !parameter.attributes.isEmpty || !parameter.modifiers.isEmpty {
                    throw unsupported("parameter attributes and modifiers", parameter)
                }
                if parameter.type.trimmedDescription.hasPrefix("inout ") {
                    throw unsupported("inout parameters", parameter.type)
                }
                let firstName = identifierText(parameter.firstName)
                internalNames.append(parameter.secondName.map { identifierText($0) } ?? firstName)
                let variadic = parameter.ellipsis != nil
                var parameterHint = hint(parameter.type)
                if variadic { parameterHint = .array(parameterHint) }
                // Defaults are compiled before the parameters exist (they cannot see them).
                let defaultValue = try parameter.defaultValue.map { try compileExpr($0.value) }
                parameters.append(FunctionParameter(label: firstName == "_" ? nil : firstName, variable: nil,
                                                    hint: parameterHint, defaultValue: defaultValue, variadic: variadic))
            }
            var declared: [FunctionParameter] = []
            for (parameter, internalName) in zip(parameters, internalNames) {
                let variable = internalName == "_" ? nil
                    : scope.declare(internalName, isConstant: true, hint: parameter.hint, declaredHint: parameter.hint)
                declared.append(FunctionParameter(label: parameter.label, variable: variable, hint: parameter.hint,
                                                  defaultValue: parameter.defaultValue, variadic: parameter.variadic))
            }
            code.parameters = declared
            let compiled = try compileBody(body.statements)
            code.body = compiled.statements
            code.implicitResult = compiled.result
        }
        code.returnHint = functionScope.returnHint
        code.slotCount = functionScope.slotCount
        code.captureSources = functionScope.captureSources
        code.finishParameters()
        return FunctionDeclStmt(target: target, code: code, pos: pos(function))
    }

    // MARK: Statements

    func compileStatement(_ statement: StmtSyntax, label: String?, isLastOfCell: Bool) throws -> [Stmt] {
        let position = pos(statement)
        switch statement.as(StmtSyntaxEnum.self) {
        case .expressionStmt(let expressionStmt):
            if let ifExpr = expressionStmt.expression.as(IfExprSyntax.self) { return [try compileIf(ifExpr)] }
            if let switchExpr = expressionStmt.expression.as(SwitchExprSyntax.self) {
                return [try compileSwitch(switchExpr, label: label)]
            }
            return [try compileExpressionStatement(expressionStmt.expression, isLastOfCell: isLastOfCell)]
        case .forStmt(let forStmt):
            return [try compileFor(forStmt, label: label)]
        case .whileStmt(let whileStmt):
            return [try inBlock {
                let conditions = try compileConditions(whileStmt.conditions)
                return WhileStmt(label: label, conditions: conditions, body: try compileBlock(whileStmt.body), pos: position)
            }]
        case .repeatStmt(let repeatStmt):
            let body = try compileBlock(repeatStmt.body)
            return [RepeatStmt(label: label, body: body, condition: try compileExpr(repeatStmt.condition), pos: position)]
        case .guardStmt(let guardStmt):
            let conditions = try compileConditions(guardStmt.conditions)
            return [GuardStmt(conditions: conditions, elseBody: try compileBlock(guardStmt.body), pos: position)]
        case .returnStmt(let returnStmt):
            let value = try returnStmt.expression.map { try compileExpr($0) }
            return [ReturnStmt(value: value, hint: scope.returnHint, pos: position)]
        case .breakStmt(let breakStmt):
            return [BreakStmt(label: breakStmt.label.map { identifierText($0) }, pos: position)]
        case .continueStmt(let continueStmt):
            return [ContinueStmt(label: continueStmt.label.map { identifierText($0) }, pos: position)]
        case .fallThroughStmt:
            return [FallthroughStmt(pos: position)]
        case .labeledStmt(let labeled):
            return try compileStatement(labeled.statement, label: identifierText(labeled.label), isLastOfCell: false)
        case .doStmt(let doStmt):
            return [try compileDo(doStmt)]
        case .throwStmt:
            throw unsupported("'throw' (cells cannot declare error types)", statement)
        case .deferStmt:
            throw unsupported("'defer'", statement)
        case .discardStmt:
            throw unsupported("'discard'", statement)
        case .yieldStmt:
            throw unsupported("'yield'", statement)
        default:
            throw unsupported("this statement", statement)
        }
    }

    func compileIf(_ ifExpr: IfExprSyntax) throws -> Stmt {
        let (conditions, then) = try inBlock {
            (try compileConditions(ifExpr.conditions), try compileBlock(ifExpr.body))
        }
        var otherwise: Stmt?
        switch ifExpr.elseBody {
        case .codeBlock(let block)?: otherwise = BlockStmt(body: try compileBlock(block), pos: pos(block))
        case .ifExpr(let nested)?: otherwise = try compileIf(nested)
        case nil: otherwise = nil
        }
        return IfStmt(conditions: conditions, then: then, otherwise: otherwise, pos: pos(ifExpr))
    }

    private func compileFor(_ forStmt: ForStmtSyntax, label: String?) throws -> Stmt {
        if forStmt.awaitKeyword != nil { throw unsupported("'for await'", forStmt) }
        if forStmt.tryKeyword != nil { throw unsupported("'for try'", forStmt) }
        if forStmt.caseKeyword != nil { throw unsupported("'for case' (use 'where' or an 'if case' in the body)", forStmt) }
        let sequence = try compileExpr(forStmt.sequence)
        return try inBlock {
            let elementHint: TypeHint?
            if let sequenceHint = sequence.hint {
                elementHint = sequenceHint.elementHint
            } else if let binary = sequence as? BinaryExpr, binary.op == .halfOpenRange || binary.op == .closedRange {
                elementHint = binary.lhs.hint ?? binary.rhs.hint ?? .int
            } else {
                elementHint = nil
            }
            let declared = forStmt.typeAnnotation.map { hint($0.type) }
            var variable: VarInfo?
            let pattern: PatternNode
            if let identifier = forStmt.pattern.as(IdentifierPatternSyntax.self) {
                let info = scope.declare(identifierText(identifier.identifier), isConstant: true,
                                         hint: declared ?? elementHint, declaredHint: declared)
                variable = info
                pattern = BindingPattern(target: .local(info), pos: pos(identifier))
            } else {
                pattern = try compilePattern(forStmt.pattern, binding: true, hint: declared)
            }
            let filter = try forStmt.whereClause.map { try compileExpr($0.condition) }
            let body = try compileBlock(forStmt.body)
            return ForInStmt(label: label, pattern: pattern, variable: variable, sequence: sequence, filter: filter,
                             body: body, pos: pos(forStmt))
        }
    }

    func compileSwitch(_ switchExpr: SwitchExprSyntax, label: String?) throws -> Stmt {
        let subject = try compileExpr(switchExpr.subject)
        var cases: [SwitchCase] = []
        for element in switchExpr.cases {
            guard case .switchCase(let switchCase) = element else {
                throw unsupported("#if in switch cases", element)
            }
            let compiled: SwitchCase = try inBlock {
                switch switchCase.label {
                case .default:
                    return SwitchCase(patterns: [], isDefault: true, body: try compileItems(switchCase.statements))
                case .case(let caseLabel):
                    var patterns: [(pattern: PatternNode, guardExpr: Expr?)] = []
                    for item in caseLabel.caseItems {
                        let pattern = try compilePattern(item.pattern, binding: nil, hint: nil)
                        let guardExpr = try item.whereClause.map { try compileExpr($0.condition) }
                        patterns.append((pattern, guardExpr))
                    }
                    return SwitchCase(patterns: patterns, isDefault: false, body: try compileItems(switchCase.statements))
                }
            }
            cases.append(compiled)
        }
        return SwitchStmt(label: label, subject: subject, cases: cases, pos: pos(switchExpr))
    }

    private func compileDo(_ doStmt: DoStmtSyntax) throws -> Stmt {
        let body = try compileBlock(doStmt.body)
        guard let clause = doStmt.catchClauses.first else { return BlockStmt(body: body, pos: pos(doStmt)) }
        if doStmt.catchClauses.count > 1 {
            throw unsupported("several 'catch' clauses (use one 'catch' and inspect 'error')", doStmt.catchClauses)
        }
        return try inBlock {
            var errorName = "error"
            if let item = clause.catchItems.first {
                guard clause.catchItems.count == 1, item.whereClause == nil,
                      let binding = item.pattern?.as(ValueBindingPatternSyntax.self),
                      let identifier = binding.pattern.as(IdentifierPatternSyntax.self) else {
                    throw unsupported("'catch' patterns (write 'catch' or 'catch let name')", item)
                }
                errorName = identifierText(identifier.identifier)
            }
            let target = BindTarget.local(scope.declare(errorName, isConstant: true, hint: .named("Error")))
            let handler = try compileBlock(clause.body)
            return DoCatchStmt(body: body, errorTarget: target, handler: handler, pos: pos(doStmt))
        }
    }

    // MARK: Conditions

    func compileConditions(_ conditions: ConditionElementListSyntax) throws -> [Condition] {
        var compiled: [Condition] = []
        for element in conditions {
            switch element.condition {
            case .expression(let expr):
                compiled.append(.boolean(try compileExpr(expr)))
            case .optionalBinding(let binding):
                guard let identifier = binding.pattern.as(IdentifierPatternSyntax.self) else {
                    throw unsupported("this pattern in 'if let'", binding.pattern)
                }
                let name = identifierText(identifier.identifier)
                let declared = binding.typeAnnotation.map { hint($0.type) }
                let value = try binding.initializer.map { try compileExpr($0.value) } ?? compileName(name, identifier)
                let target = declareTarget(name, isConstant: binding.bindingSpecifier.tokenKind == .keyword(.let),
                                           declared: declared, inferred: declared ?? value.hint?.unwrapped)
                compiled.append(.optionalBinding(target, value, declared))
            case .matchingPattern(let matching):
                let value = try compileExpr(matching.initializer.value)
                let pattern = try compilePattern(matching.pattern, binding: nil,
                                                 hint: matching.typeAnnotation.map { hint($0.type) })
                compiled.append(.pattern(pattern, value))
            case .availability:
                throw unsupported("#available", element)
            }
        }
        return compiled
    }

    // MARK: Patterns

    /// `binding`: nil outside `let`/`var` (names are expressions), else whether names are constants.
    func compilePattern(_ pattern: PatternSyntax, binding: Bool?, hint declared: TypeHint?) throws -> PatternNode {
        let position = pos(pattern)
        switch pattern.as(PatternSyntaxEnum.self) {
        case .wildcardPattern:
            return WildcardPattern(pos: position)
        case .identifierPattern(let identifier):
            let name = identifierText(identifier.identifier)
            return BindingPattern(target: bindingTarget(name, isConstant: binding ?? true, declared: declared), pos: position)
        case .valueBindingPattern(let valueBinding):
            return try compilePattern(valueBinding.pattern,
                                      binding: valueBinding.bindingSpecifier.tokenKind == .keyword(.let), hint: declared)
        case .tuplePattern(let tuple):
            var hints: [TypeHint]?
            if case .tuple(let items, _)? = declared, items.count == tuple.elements.count { hints = items }
            return TuplePattern(elements: try tuple.elements.enumerated().map { index, element in
                try compilePattern(element.pattern, binding: binding, hint: hints?[index])
            }, pos: position)
        case .expressionPattern(let expressionPattern):
            return try compileExpressionPattern(expressionPattern.expression, binding: binding)
        case .isTypePattern:
            throw unsupported("'is' patterns", pattern)
        default:
            throw unsupported("this pattern", pattern)
        }
    }

    /// Switch alternatives binding the same name share one variable.
    private func bindingTarget(_ name: String, isConstant: Bool, declared: TypeHint?) -> BindTarget {
        if !scope.declaresGlobals, let existing = scope.localInCurrentBlock(name) { return .local(existing) }
        return declareTarget(name, isConstant: isConstant, declared: declared, inferred: declared)
    }

    private func compileExpressionPattern(_ expr: ExprSyntax, binding: Bool?) throws -> PatternNode {
        let position = pos(expr)
        if let tuple = expr.as(TupleExprSyntax.self) {
            if tuple.elements.count == 1, let only = tuple.elements.first, only.label == nil {
                return try compileExpressionPattern(only.expression, binding: binding)
            }
            return TuplePattern(elements: try tuple.elements.map { try compileExpressionPattern($0.expression, binding: binding) },
                                pos: position)
        }
        if expr.is(DiscardAssignmentExprSyntax.self) { return WildcardPattern(pos: position) }
        if let patternExpr = expr.as(PatternExprSyntax.self) {
            return try compilePattern(patternExpr.pattern, binding: binding, hint: nil)
        }
        if let chain = expr.as(OptionalChainingExprSyntax.self) {
            return SomePattern(inner: try compileExpressionPattern(chain.expression, binding: binding), pos: position)
        }
        if let call = expr.as(FunctionCallExprSyntax.self), let member = call.calledExpression.as(MemberAccessExprSyntax.self),
           member.base == nil, memberName(member) == "some", call.arguments.count == 1, let argument = call.arguments.first {
            return SomePattern(inner: try compileExpressionPattern(argument.expression, binding: binding), pos: position)
        }
        if let member = expr.as(MemberAccessExprSyntax.self), member.base == nil, memberName(member) == "none" {
            return NonePattern(pos: position)
        }
        if let binding, let reference = expr.as(DeclReferenceExprSyntax.self), case .identifier = reference.baseName.tokenKind {
            return BindingPattern(target: bindingTarget(identifierText(reference.baseName), isConstant: binding, declared: nil),
                                  pos: position)
        }
        return ExpressionPattern(expr: try compileExpr(expr), pos: position)
    }
}
