import Foundation

/// Short, stable number formatting for pages (independent of the locale).
enum NumberText {
    /// Four decimals for ordinary magnitudes, scientific notation for very large or small ones.
    static func value(_ number: Float) -> String {
        value(Double(number))
    }

    static func value(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        let magnitude = abs(number)
        if magnitude != 0, magnitude < 1e-3 || magnitude >= 1e5 {
            return String(format: "%.3e", number)
        }
        return String(format: "%.4f", number)
    }

    /// Two decimals (similarity cells).
    static func short(_ number: Float) -> String {
        let double = Double(number)
        if double.isNaN { return "nan" }
        if double.isInfinite { return double < 0 ? "-inf" : "inf" }
        return String(format: "%.2f", double)
    }

    /// Seconds for humans: `0.12 s`, `3.4 s`, `2 min 05 s`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        if seconds < 10 { return String(format: "%.2f s", seconds) }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        return String(format: "%d min %02d s", whole / 60, whole % 60)
    }

    /// Thousands separated with a thin space: `1 048 576`.
    static func integer(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { grouped += "\u{202F}" }
            grouped.append(digit)
        }
        return number < 0 ? "-" + grouped : grouped
    }

    /// `2025-03-01 14:05 UTC`: dates on pages are in UTC so that a site does not depend on
    /// the build machine's time zone.
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0)
    }

    /// `2025-03-01T14:05:00Z` for `<time datetime>`.
    static func isoDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
