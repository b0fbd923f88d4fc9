// swift-tools-version: 6.1
// The fuzz targets: one executable a reader, built with libFuzzer and AddressSanitizer by `make fuzz`
// (never by the main build or the tests, which replay Fuzz/corpus through the same FuzzEntries).
import PackageDescription

let targets = ["hl7", "csv", "json", "xml", "playbook"]

let package = Package(
    name: "LacunaFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Lacuna", path: "..")],
    targets: targets.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: [.product(name: "LacunaFuzzEntries", package: "Lacuna")],
                          path: "Sources/fuzz-\(name)")
    }
)
