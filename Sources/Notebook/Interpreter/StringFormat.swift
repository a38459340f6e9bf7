import Foundation

/// `String(format:)` for cells: `%d %i %u %x %X %o` (integers), `%f %F %e %E %g %G`
/// (floating point, with flags, width and precision such as `%8.3f`), `%s %@` (any value's
/// description, padded to the width), `%c` and `%%`. Each conversion is done by Foundation's
/// `String(format:)` with one argument of the right C type, so numbers format exactly as in Swift.
enum StringFormat {
    static func format(_ format: String, _ values: [Value], runtime: Runtime) throws -> String {
        var output = ""
        var index = format.startIndex
        var next = 0
        func argument() throws -> Value {
            guard next < values.count else {
                throw CellRuntimeError("String(format:) has more conversions than arguments (\(values.count))")
            }
            defer { next += 1 }
            return values[next]
        }
        while index < format.endIndex {
            let character = format[index]
            guard character == "%" else {
                output.append(character)
                index = format.index(after: index)
                continue
            }
            var cursor = format.index(after: index)
            var flags = ""
            while cursor < format.endIndex, "-+ #0".contains(format[cursor]) {
                flags.append(format[cursor])
                cursor = format.index(after: cursor)
            }
            var width = ""
            while cursor < format.endIndex, format[cursor].isASCII, format[cursor].isNumber {
                width.append(format[cursor])
                cursor = format.index(after: cursor)
            }
            var precision: String?
            if cursor < format.endIndex, format[cursor] == "." {
                cursor = format.index(after: cursor)
                var digits = ""
                while cursor < format.endIndex, format[cursor].isASCII, format[cursor].isNumber {
                    digits.append(format[cursor])
                    cursor = format.index(after: cursor)
                }
                precision = digits
            }
            while cursor < format.endIndex, "hlqLzjt".contains(format[cursor]) {
                cursor = format.index(after: cursor)
            }
            guard cursor < format.endIndex else {
                throw CellRuntimeError("String(format:) ends in the middle of a conversion")
            }
            let conversion = format[cursor]
            index = format.index(after: cursor)
            guard (Int(width) ?? 0) <= 1000, (precision.flatMap { Int($0) } ?? 0) <= 1000, width.count <= 4,
                  (precision?.count ?? 0) <= 4 else {
                throw CellRuntimeError("String(format:) widths and precisions above 1000 are not supported")
            }
            let spec = "%" + flags + width + (precision.map { "." + $0 } ?? "")
            switch conversion {
            case "%":
                output.append("%")
            case "d", "i", "u", "x", "X", "o", "c":
                let value = try argument()
                let number: Int
                switch value {
                case .int(let integer): number = integer
                case .double(let real): number = Int(exactly: real.rounded(.towardZero)) ?? 0
                case .float(let real): number = Int(exactly: Double(real).rounded(.towardZero)) ?? 0
                case .bool(let flag): number = flag ? 1 : 0
                default: throw CellRuntimeError("String(format:) %\(conversion) needs an integer, got '\(runtime.typeName(value))'")
                }
                let letter = conversion == "i" ? "d" : String(conversion)
                output += String(format: spec + "l" + letter, number)
            case "f", "F", "e", "E", "g", "G", "a", "A":
                let value = try argument()
                let number: Double
                switch value {
                case .double(let real): number = real
                case .float(let real): number = Double(real)
                case .int(let integer): number = Double(integer)
                default: throw CellRuntimeError("String(format:) %\(conversion) needs a number, got '\(runtime.typeName(value))'")
                }
                output += String(format: spec + String(conversion), number)
            case "s", "@":
                var text = runtime.describe(try argument())
                if let precision, let limit = Int(precision) { text = String(text.prefix(limit)) }
                if let minimum = Int(width), text.count < minimum {
                    let padding = String(repeating: " ", count: minimum - text.count)
                    text = flags.contains("-") ? text + padding : padding + text
                }
                output += text
            default:
                throw CellRuntimeError("String(format:) does not support the conversion '%\(conversion)'")
            }
        }
        return output
    }
}
