import ArgumentParser
import Foundation
import Vectorbook

/// `vectorbook`: run multimodal-embedding lessons and their models from the terminal.
@main
struct VectorbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectorbook",
        abstract: "Run multimodal-embedding lessons and their models natively on the CPU.",
        subcommands: [RunCommand.self, CheckCommand.self, BuildCommand.self, ServeCommand.self, EmbedCommand.self, TokenizeCommand.self,
                      ModelsCommand.self, BenchCommand.self]
    )
}

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Flag(help: "Never touch the network (same as HF_HUB_OFFLINE=1).")
    var offline = false

    @Option(help: "Threads for BLAS and tensor kernels (default: all cores).")
    var threads: Int?

    @Flag(help: "Print less: no progress bars or warnings.")
    var quiet = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads))") }
    }

    /// Applies the options to the libraries.
    func apply() throws {
        if offline { HubOptions.setOfflineOverride(true) }   // models and image downloads
        if let threads { ComputeThreads.set(threads) }
        if quiet { Diagnostics.setWarningHandler { _ in } }
    }

    /// The progress reporter for downloads (none with --quiet).
    var progress: (any DownloadProgressReporter)? {
        quiet ? nil : TerminalProgressBar()
    }
}

/// Runs `body`, turning library errors into one `error: …` line on stderr and exit status 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ValidationError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        Terminal.error(error.localizedDescription)
        throw ExitCode.failure
    }
}

/// Writing to standard output and standard error.
enum Terminal {
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data("error: \(text)\n".utf8))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
