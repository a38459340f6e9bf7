// swift-tools-version: 6.0
import PackageDescription

/// Vectorbook: a literate tutorial runner for multimodal embeddings.
/// Layers (dependencies flow downward only): C libraries → Tensors → ModelHub,
/// Tokenizers, Media → Encoders → Vectorbook (umbrella) → Notebook → Site → Serve → VectorbookCLI.
let package = Package(
    name: "Vectorbook",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Vectorbook", targets: ["Vectorbook"]),
        .executable(name: "vectorbook", targets: ["VectorbookCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.0"),
    ],
    targets: [
        // System libraries, resolved with pkg-config; Debian packages named for `swift build` hints.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCmark", path: "Sources/CCmark", pkgConfig: "libcmark",
                       providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "CTurboJPEG", path: "Sources/CTurboJPEG", pkgConfig: "libturbojpeg",
                       providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng16",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CSndFile", path: "Sources/CSndFile", pkgConfig: "sndfile",
                       providers: [.apt(["libsndfile1-dev"])]),

        // Vectorised C kernels (activations, layer norm, softmax) with per-CPU clones; wrapped by Tensors.
        // The kernels are compiled optimised in every configuration: at -O0 a Whisper encoder pass takes
        // 8 s instead of 0.1 s, which would make debug test runs and `vectorbook check` crawl.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Tensors", dependencies: ["CBLAS", "CKernels"]),
        .target(name: "ModelHub", dependencies: ["Tensors"]),
        .target(name: "Tokenizers", dependencies: []),
        .target(name: "Media", dependencies: ["Tensors", "ModelHub", "CTurboJPEG", "CPNG", "CSndFile"]),
        .target(name: "Encoders", dependencies: ["Tensors", "ModelHub", "Tokenizers", "Media"]),
        .target(name: "Vectorbook", dependencies: ["Tensors", "ModelHub", "Tokenizers", "Media", "Encoders"]),
        .target(name: "Notebook", dependencies: [
            "Vectorbook", "CCmark",
            .product(name: "SwiftSyntax", package: "swift-syntax"),
            .product(name: "SwiftParser", package: "swift-syntax"),
            .product(name: "SwiftParserDiagnostics", package: "swift-syntax"),
            .product(name: "SwiftDiagnostics", package: "swift-syntax"),
        ]),
        .target(name: "Site", dependencies: [
            "Notebook",
            .product(name: "SwiftSyntax", package: "swift-syntax"),
            .product(name: "SwiftParser", package: "swift-syntax"),
            .product(name: "SwiftIDEUtils", package: "swift-syntax"),
        ]),
        .target(name: "Serve", dependencies: ["Notebook", "Site"]),
        .executableTarget(name: "VectorbookCLI", dependencies: [
            "Vectorbook", "Notebook", "Site", "Serve",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "SystemLibrariesTests",
                    dependencies: ["CBLAS", "CCmark", "CTurboJPEG", "CPNG", "CSndFile"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "ModelHubTests", dependencies: ["ModelHub", "Tensors"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MediaTests", dependencies: ["Media", "Tensors", "ModelHub"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "Vectorbook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SiteTests", dependencies: ["Site", "Notebook"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ServeTests", dependencies: ["Serve", "Site", "Notebook"]),
        .testTarget(name: "VectorbookCLITests", dependencies: ["VectorbookCLI", "Vectorbook"]),
        .testTarget(name: "EncodersTests", dependencies: ["Encoders", "Tensors", "ModelHub", "Tokenizers", "Media"],
                    resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
