import Foundation
import Synchronization

/// Non-fatal messages from loading models (unused checkpoint tensors, fallbacks).
/// They go to standard error unless a handler is installed (the notebook runner
/// installs one to show them on the page; tests install one to inspect them).
public enum Diagnostics {
    /// Receives each warning.
    public typealias Handler = @Sendable (String) -> Void

    private static let handler = Mutex<Handler?>(nil)

    /// Replaces the warning handler (`nil`: standard error).
    public static func setWarningHandler(_ newHandler: Handler?) {
        handler.withLock { $0 = newHandler }
    }

    /// Emits a warning.
    public static func warn(_ message: String) {
        if let installed = handler.withLock({ $0 }) {
            installed(message)
        } else {
            FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
        }
    }
}
