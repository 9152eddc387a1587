// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "portico",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "portico", targets: ["portico"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.86.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        // Value types every module shares: tenant ids, slugs, scopes, plans, secrets, errors.
        .target(
            name: "PorticoCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL access, migrations, tenant schemas and the job queue.
        .target(
            name: "PorticoStore",
            dependencies: [
                "PorticoCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Only to recognise the pool's own errors (an open circuit breaker) as an outage.
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The request pipeline in front of every module: ids, limits, auth, scopes, rate limits,
        // entitlements, problem+json errors, metrics, gzipped request bodies.
        .target(
            name: "PorticoGateway",
            dependencies: [
                "PorticoCore",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Tenants, signups, provisioning and lifecycle jobs, API keys, operators, admin API, audit.
        .target(
            name: "PorticoProvisioning",
            dependencies: [
                "PorticoCore", "PorticoStore", "PorticoGateway", "PorticoSeam",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The one guarded client for tenant-given URLs: address policy, pinned connections,
        // deadlines and size limits (the `OutboundHTTP` port of Core).
        .target(
            name: "PorticoOutbound",
            dependencies: [
                "PorticoCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // Only to trust a tenant-given certificate authority (a Kubernetes API's own CA).
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The seam every module plugs into: what a module declares, and what it is built with.
        .target(
            name: "PorticoSeam",
            dependencies: [
                "PorticoCore", "PorticoStore", "PorticoGateway",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // The software catalog: Backstage's entity model and REST API, provider pushes, locations
        // ingested by workers.
        .target(
            name: "PorticoCatalog",
            dependencies: [
                "PorticoCore", "PorticoStore", "PorticoGateway", "PorticoSeam",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // Insights: usage analytics of the tenant's portal, from Backstage analytics events.
        .target(
            name: "PorticoInsights",
            dependencies: [
                "PorticoCore", "PorticoStore", "PorticoGateway", "PorticoSeam",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // AiKA: the knowledge assistant, grounded in the tenant's catalog and documents, always citing.
        .target(
            name: "PorticoAika",
            dependencies: [
                "PorticoCore", "PorticoStore", "PorticoGateway", "PorticoSeam",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // Billing: usage priced by versioned plans, subscriptions, invoices exactly once, signed webhooks.
        .target(
            name: "PorticoBilling",
            dependencies: [
                "PorticoCore", "PorticoStore", "PorticoGateway", "PorticoSeam",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // Signals: CI/CD runs, Kubernetes workloads and cloud cost on every catalog entity, rolled up to teams.
        .target(
            name: "PorticoSignals",
            dependencies: [
                "PorticoCore", "PorticoStore", "PorticoGateway", "PorticoSeam",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // The composition root: settings, wiring of modules, the serve and worker processes.
        .target(
            name: "PorticoApp",
            dependencies: [
                "PorticoCore", "PorticoStore", "PorticoGateway", "PorticoSeam", "PorticoProvisioning", "PorticoCatalog",
                "PorticoInsights", "PorticoAika", "PorticoBilling", "PorticoSignals", "PorticoOutbound",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "portico",
            dependencies: [
                "PorticoApp", "PorticoCore", "PorticoStore", "PorticoGateway", "PorticoProvisioning", "PorticoCatalog",
                "PorticoInsights", "PorticoAika", "PorticoBilling", "PorticoSignals", "PorticoOutbound",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PorticoTests",
            dependencies: [
                "PorticoApp", "PorticoCore", "PorticoStore", "PorticoGateway", "PorticoSeam", "PorticoProvisioning",
                "PorticoCatalog", "PorticoInsights", "PorticoAika", "PorticoBilling", "PorticoSignals", "PorticoOutbound",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
