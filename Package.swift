// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Lacuna",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lacuna", targets: ["LacunaCLI"]),
        // For the fuzz targets in Fuzz/ (a package of its own, built with the fuzzer only by `make fuzz`).
        .library(name: "LacunaFuzzEntries", targets: ["FuzzEntries"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Spreadsheets (.xlsx) are zips of XML parts; libxml2 reads the parts.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The worklist in a browser (`lacuna serve`): the web server, bcrypt for passwords, server-side templates.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // A region's cases on one PostgreSQL server (`--database postgres://…`); SQLite stays the default.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        // SHA-256 for content keys and file fingerprints (BoringSSL's, with the processor's SHA
        // instructions); already built for postgres-nio and hummingbird-auth.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
    ],
    targets: [
        // C, confined to tiny system-library targets.
        .systemLibrary(name: "CLibCSV", path: "Sources/CLibCSV"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CGzip", path: "Sources/CGzip"),

        // HL7 v2 over bytes: lossless, schema-less, streaming; stands on its own.
        .target(name: "HL7", swiftSettings: swiftSettings),
        // Pure values: traces, patients, identifiers, practice time.
        .target(name: "LacunaCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        // The case database: connection, named migrations, records.
        .target(name: "Store", dependencies: ["CSQLite", "LacunaCore"], swiftSettings: swiftSettings),
        // Sources on disk to traces: text decoding, CSV through libcsv, one folder per source kind.
        .target(name: "Importing", dependencies: ["CLibCSV", "CLibXML2", "HL7", "LacunaCore",
                                                  .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                swiftSettings: swiftSettings),
        // What survives of a damaged practice system: search-index copies and the damaged database,
        // read whatever wrote them, and merged.
        .target(name: "Remnants", dependencies: ["CGzip", "LacunaCore", "Store", "Reports", .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
        // Traces to patients.
        .target(name: "Linkage", dependencies: ["LacunaCore"], swiftSettings: swiftSettings),
        // Linked traces to encounters, with confidence and tiers.
        .target(name: "Inference", dependencies: ["LacunaCore"], swiftSettings: swiftSettings),
        // Output files: candidates, unmatched, rejects, summary, coverage report.
        .target(name: "Reports", dependencies: ["HL7", "LacunaCore"], swiftSettings: swiftSettings),
        // The case database on PostgreSQL: the Store's connection seam over postgres-nio.
        .target(name: "PostgresStore", dependencies: ["Store", .product(name: "PostgresNIO", package: "postgres-nio")],
                swiftSettings: swiftSettings),
        // The synthetic practice and outage.
        .target(name: "Drill", dependencies: ["HL7", "LacunaCore", "Remnants", "Store", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                swiftSettings: swiftSettings),
        // The playbook and the run that ties importing, store, linkage, inference and reports together.
        .target(
            name: "Recovery",
            dependencies: ["LacunaCore", "Store", "Importing", "Linkage", "Inference", "Reports", "Remnants",
                           .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        // The worklist in a browser: several staff at once over the case database, through the Store.
        .target(
            name: "Worklist",
            dependencies: ["LacunaCore", "Reports", "Store",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                           .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: swiftSettings),
        // What each fuzz target does with one input; the tests replay the committed corpus through it.
        .target(name: "FuzzEntries", dependencies: ["HL7", "Importing", "LacunaCore", "Recovery"], swiftSettings: swiftSettings),
        // jemalloc's settings for the program (`malloc_conf`: its heap never in huge pages).
        .target(name: "CJemallocSettings"),
        .executableTarget(
            name: "LacunaCLI",
            dependencies: ["Recovery", "Drill", "LacunaCore", "HL7", "Linkage", "Remnants", "Store", "PostgresStore", "Worklist",
                           "CJemallocSettings", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings,
            // The program's memory from jemalloc (Debian's libjemalloc) rather than glibc's malloc: a run
            // makes and frees millions of small texts and arrays, and glibc's malloc and free were a tenth of
            // its time (a fresh 10,000-patient run 8% less user time, 100,000 13% less).
            linkerSettings: [.linkedLibrary("jemalloc")]),

        .testTarget(name: "HL7Tests", dependencies: ["HL7"], swiftSettings: swiftSettings),
        .testTarget(name: "LacunaCoreTests", dependencies: ["LacunaCore"], swiftSettings: swiftSettings),
        .testTarget(name: "ImportingTests", dependencies: ["Importing", "Inference", "LacunaCore", "Drill", "HL7",
                                                    .product(name: "ZIPFoundation", package: "ZIPFoundation")], swiftSettings: swiftSettings),
        .testTarget(name: "RemnantsTests", dependencies: ["Remnants", "Store", "TestFolders"], swiftSettings: swiftSettings),
        .testTarget(name: "LinkageTests", dependencies: ["Linkage", "LacunaCore"], swiftSettings: swiftSettings),
        // Folders for one test process's files, removed when it ends (a target only tests depend on).
        .target(name: "TestFolders", path: "Tests/TestFolders", swiftSettings: swiftSettings),
        // The PostgreSQL server the tests of that backend use (a target only tests depend on).
        .target(name: "TestPostgres", dependencies: ["PostgresStore"], path: "Tests/TestPostgres", swiftSettings: swiftSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store", "PostgresStore", "TestPostgres", "TestFolders", "LacunaCore"], swiftSettings: swiftSettings),
        .testTarget(name: "DrillTests", dependencies: ["Drill", "LacunaCore", "Importing", "TestFolders"], swiftSettings: swiftSettings),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["FuzzEntries"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WorklistTests",
            dependencies: ["Worklist", "Store", "PostgresStore", "TestPostgres", "TestFolders", "LacunaCore", "Recovery", "Drill",
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RecoveryTests",
            dependencies: ["Recovery", "Drill", "LacunaCore", "Store", "PostgresStore", "TestPostgres", "TestFolders", "Reports", "Importing", "HL7"],
            swiftSettings: swiftSettings),
    ]
)
