import Foundation

/// One argument at a call site.
struct CallArgument {
    let label: String?
    let expr: Expr
    /// A trailing closure without a label (it may fill a labelled closure parameter).
    let isTrailingClosure: Bool
}

/// What matching needs to know about a parameter.
struct ParameterShape {
    let label: String?
    let hasDefault: Bool
    let variadic: Bool
    let acceptsClosure: Bool
}

/// How a call site calls one overload (cached per site when a single overload fits).
struct CallPlan {
    let index: Int
    let mapping: [[Int]]
    let hints: [TypeHint?]
    let variadic: [Bool]
    let defaults: [Value?]
    /// No variadic parameter and no `T` parameter: arguments evaluate in one pass.
    let simple: Bool
}

/// The arguments of a call site, with their labels fixed at compile time.
final class CallSite {
    let arguments: [CallArgument]
    let pos: SourcePos
    /// The last plan and the receiver type (or callee) it was made for.
    private var planKey: String?
    private var cachedPlan: CallPlan?
    /// The last cell function called from here and its argument mapping.
    var functionPlan: (code: ObjectIdentifier, mapping: [[Int]])?

    init(arguments: [CallArgument], pos: SourcePos) {
        self.arguments = arguments
        self.pos = pos
    }

    func plan(for key: String) -> CallPlan? {
        guard let planKey, planKey == key else { return nil }
        return cachedPlan
    }

    func store(_ plan: CallPlan, for key: String) {
        planKey = key
        cachedPlan = plan
    }

    /// `(_:by:)`-style labels, for messages.
    var labelsDescription: String {
        "(" + arguments.map { ($0.label ?? "_") + ":" }.joined() + ")"
    }

    /// Which arguments fill which parameters (argument indices per parameter; empty for a
    /// default or an empty variadic list), or nil when the labels do not fit.
    func match(_ parameters: [ParameterShape]) -> [[Int]]? {
        var mapping: [[Int]] = []
        mapping.reserveCapacity(parameters.count)
        var next = 0
        let count = arguments.count
        for parameter in parameters {
            if parameter.variadic {
                var taken: [Int] = []
                if next < count, arguments[next].label == parameter.label, !arguments[next].isTrailingClosure {
                    taken.append(next)
                    next += 1
                    while next < count, arguments[next].label == nil, !arguments[next].isTrailingClosure {
                        taken.append(next)
                        next += 1
                    }
                }
                mapping.append(taken)
                continue
            }
            if next < count {
                let argument = arguments[next]
                if argument.isTrailingClosure {
                    if parameter.acceptsClosure {
                        mapping.append([next])
                        next += 1
                        continue
                    }
                } else if argument.label == parameter.label {
                    mapping.append([next])
                    next += 1
                    continue
                }
            }
            guard parameter.hasDefault else { return nil }
            mapping.append([])
        }
        return next == count ? mapping : nil
    }
}
