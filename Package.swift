// swift-tools-version:6.0
// Impress Admin: the admin API behind the Impress fraud dashboard, a FastCGI daemon behind nginx.
// The dependency direction is the point of this file: protocol, JSON and analytics modules
// import no C library and do no I/O; only ImpressApp wires everything together.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .unsafeFlags(["-warnings-as-errors"]),
]

let package = Package(
    name: "impress-admin",
    products: [
        .executable(name: "impress-admin", targets: ["impress-admin"]),
        // Libraries only so the fuzz package (Fuzz/Package.swift) can depend on these modules
        // by path: SwiftPM lets another package import targets only through products.
        .library(name: "ImpressJSON", targets: ["ImpressJSON"]),
        .library(name: "FastCGI", targets: ["FastCGI"]),
        .library(name: "ImpressModel", targets: ["ImpressModel"]),
        .library(name: "ImpressHTTP", targets: ["ImpressHTTP"]),
        .library(name: "ImpressCrypto", targets: ["ImpressCrypto"]),
        .library(name: "ImpressAuth", targets: ["ImpressAuth"]),
        .library(name: "DynamoDB", targets: ["DynamoDB"]),
        .library(name: "ImpressStore", targets: ["ImpressStore"]),
        .library(name: "ImpressAPI", targets: ["ImpressAPI"]),
    ],
    targets: [
        // C shims: curl_easy_setopt is variadic, and some OpenSSL entry points are macros;
        // epoll and accept4 are not in Swift's Glibc module.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("crypto")]),
        .target(name: "CLinux"),

        // Pure modules: no C, no I/O.
        .target(name: "ImpressJSON", swiftSettings: strict),
        .target(name: "FastCGI", swiftSettings: strict),
        .target(name: "ImpressModel", dependencies: ["ImpressJSON"], swiftSettings: strict),
        .target(name: "ImpressAnalytics", dependencies: ["ImpressModel", "ImpressJSON"], swiftSettings: strict),
        .target(name: "ImpressHTTP", dependencies: ["ImpressJSON"], swiftSettings: strict),

        // Wrappers of the two C libraries.
        .target(name: "ImpressCrypto", dependencies: ["CCrypto"], swiftSettings: strict),
        .target(name: "ImpressHTTPClient", dependencies: ["CCurl"], swiftSettings: strict),

        // Protocol clients and services.
        .target(name: "AWSSigV4", dependencies: ["ImpressCrypto"], swiftSettings: strict),
        .target(
            name: "ImpressAuth", dependencies: ["ImpressJSON", "ImpressCrypto", "ImpressModel", "ImpressHTTP"],
            swiftSettings: strict),
        .target(
            name: "DynamoDB",
            dependencies: ["ImpressJSON", "ImpressModel", "ImpressHTTPClient", "AWSSigV4", "ImpressCrypto"],
            swiftSettings: strict),
        .target(name: "ImpressStore", dependencies: ["ImpressModel", "ImpressJSON", "DynamoDB"], swiftSettings: strict),
        .target(
            name: "ImpressServer", dependencies: ["CLinux", "FastCGI", "ImpressHTTP", "ImpressJSON"], swiftSettings: strict),
        .target(
            name: "ImpressAPI",
            dependencies: [
                "ImpressHTTP", "ImpressAuth", "ImpressStore", "ImpressAnalytics", "ImpressModel", "ImpressJSON", "ImpressCrypto",
            ],
            swiftSettings: strict),

        // Configuration, wiring and subcommands; the executable is one line over it.
        .target(
            name: "ImpressApp",
            dependencies: [
                "ImpressAPI", "ImpressServer", "ImpressStore", "ImpressAuth", "ImpressHTTPClient",
                "ImpressCrypto", "DynamoDB", "ImpressModel", "ImpressJSON", "ImpressHTTP",
            ],
            swiftSettings: strict),
        .executableTarget(name: "impress-admin", dependencies: ["ImpressApp"], swiftSettings: strict),
        .executableTarget(
            name: "impress-bench",
            dependencies: [
                "FastCGI", "DynamoDB", "AWSSigV4",
                "ImpressAPI", "ImpressStore", "ImpressAnalytics", "ImpressModel", "ImpressJSON", "ImpressHTTP",
                "ImpressAuth", "ImpressApp",
            ],
            swiftSettings: strict),

        .testTarget(
            name: "ImpressTests",
            dependencies: [
                "ImpressJSON", "FastCGI", "ImpressModel", "ImpressAnalytics", "ImpressHTTP", "ImpressCrypto",
                "ImpressHTTPClient", "AWSSigV4", "ImpressAuth", "DynamoDB", "ImpressStore", "ImpressServer",
                "ImpressAPI", "ImpressApp",
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict),
    ]
)
