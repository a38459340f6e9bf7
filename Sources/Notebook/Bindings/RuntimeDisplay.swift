import Foundation

/// `show(x)` displays exactly as a cell's last expression does (dictionaries sorted, tuple
/// positions as keys, type names from hints), through the interpreter's own display.
extension Runtime: DisplayingContext {
    func cellDisplay(of value: Value) throws -> Display {
        try display(value, hint: nil)
    }
}
