import Foundation

extension BindingRegistry {
    /// `ContinuousClock()`, `clock.measure { … }` and `Duration`, so cells can time work
    /// exactly as a Swift program does (`print(duration)` shows e.g. `0.0123 seconds`).
    func registerClock() {
        let clockType = "ContinuousClock", durationType = "Duration"
        initializer(clockType, []) { _, _ in BindingValue.library(clockType, ContinuousClock()) }
        libraryMethod(clockType, ContinuousClock.self, "measure", [Parameter(nil, type: "() throws -> Void")]) { clock, arguments, context in
            let work = arguments[argument: 0]
            let start = clock.now
            _ = try context.call(work, [])
            return BindingValue.library(durationType, clock.now - start)
        }
        libraryDescription(clockType, ContinuousClock.self) { _ in "ContinuousClock()" }
        libraryDescription(durationType, Duration.self) { $0.description }
        display(durationType) { value, context in .text(context.describe(value), type: durationType) }
        binaryOperator("/") { left, right, _ in
            guard case .object(let a) = left, let x = a.payload as? Duration,
                  case .object(let b) = right, let y = b.payload as? Duration else { return nil }
            return .double(x / y)
        }
        binaryOperator("<") { left, right, _ in
            guard case .object(let a) = left, let x = a.payload as? Duration,
                  case .object(let b) = right, let y = b.payload as? Duration else { return nil }
            return .bool(x < y)
        }
    }
}
