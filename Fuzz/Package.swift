// swift-tools-version:5.4
// libFuzzer harnesses for Impress Admin, a package of their own so the main package keeps
// building and testing without sanitizers. Build (what scripts/fuzz does):
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// Each harness is one executable whose entry point is `LLVMFuzzerTestOneInput`; libFuzzer
// supplies `main`. Tools version 5.4 on purpose: from 5.5 on SwiftPM renames an executable's
// entry point to `<target>_main` and links `--defsym main=<target>_main`, which collides with
// libFuzzer's own `main`. The language mode is still Swift 6 (`swiftLanguageVersions`).
import PackageDescription

let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

func harness(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: dependencies, swiftSettings: strict)
}

func impress(_ module: String) -> Target.Dependency {
    .product(name: module, package: "impress-admin")
}

let package = Package(
    name: "impress-fuzz",
    dependencies: [.package(name: "impress-admin", path: "..")],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                impress("ImpressAPI"), impress("ImpressAuth"), impress("ImpressStore"), impress("ImpressModel"),
                impress("ImpressHTTP"), impress("ImpressJSON"), impress("ImpressCrypto"),
            ],
            swiftSettings: strict),
        harness("FuzzFastCGI", [impress("FastCGI")]),
        harness("FuzzJWT", [impress("ImpressAuth"), impress("ImpressCrypto"), impress("ImpressHTTP"), impress("ImpressJSON")]),
        harness("FuzzDynamoJSON", [impress("ImpressJSON"), impress("ImpressModel"), impress("DynamoDB")]),
        harness("FuzzAPIQuery", ["FuzzSupport", impress("ImpressAPI"), impress("ImpressStore"), impress("ImpressModel"), impress("ImpressHTTP")]),
        harness("FuzzFileStore", ["FuzzSupport", impress("ImpressAPI"), impress("ImpressStore"), impress("ImpressHTTP")]),
    ],
    swiftLanguageVersions: [.version("6")]
)
