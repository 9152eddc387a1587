import ArgumentParser
import Foundation
import PorticoApp
import PorticoCore
import PorticoGateway
import PorticoProvisioning
import PorticoStore

/// `make run` calls this: makes sure a demo tenant and an operator exist and prints their
/// credentials. They are kept in `.portico/demo.json` (git-ignored, readable by its owner only),
/// since secrets are stored only as hashes and could not be shown again otherwise.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Create (once) and print a ready demo tenant API key and operator token.")

    @OptionGroup var options: ServerOptions

    @Option(help: "Where the demo credentials are kept (the file and its directory are made private).")
    var credentialsFile = ".portico/demo.json"

    struct Credentials: Codable {
        var tenantID: String
        var slug: String
        var apiKey: String
        var operatorToken: String
    }

    func run() async throws {
        let runtime = try Runtime(settings: try await options.settings(), role: "cli")
        try await DatabaseReachability.wait(for: runtime, bound: runtime.settings.databaseStartupWait)
        let file = URL(fileURLWithPath: credentialsFile)
        let credentials = try await runtime.withRunningClient {
            if let saved = try? JSONDecoder().decode(Credentials.self, from: Data(contentsOf: file)),
               try await Self.stillValid(saved, runtime: runtime) {
                try PrivateFile.restrict(file)
                return saved
            }
            let created = try await Self.create(runtime: runtime)
            try PrivateFile.write(try JSONEncoder().encode(created), to: file)
            return created
        }
        let base = "http://\(runtime.settings.host):\(runtime.settings.port)"
        print("""

            Demo tenant '\(credentials.slug)' (\(credentials.tenantID)) is active.
              Tenant API key:  \(credentials.apiKey)
              Operator token:  \(credentials.operatorToken)

            Try:
              curl -s -H 'Authorization: Bearer \(credentials.apiKey)' \(base)/v1/tenant
              PORTICO_URL=\(base) PORTICO_OPERATOR_TOKEN=\(credentials.operatorToken) .build/debug/portico admin tenants list

            """)
    }

    static func stillValid(_ saved: Credentials, runtime: Runtime) async throws -> Bool {
        let cache = CredentialCache(database: runtime.database, plans: runtime.plans)
        guard let keyToken = SecretToken(parsing: saved.apiKey, as: .apiKey),
              let operatorToken = SecretToken(parsing: saved.operatorToken, as: .operatorToken),
              let key: VerifiedAPIKey = try await cache.verify(keyToken), key.tenant.status == .active,
              let _: AuthenticatedOperator = try await cache.verify(operatorToken)
        else { return false }
        return true
    }

    static func create(runtime: Runtime) async throws -> Credentials {
        let operators = OperatorRepository(database: runtime.database)
        let suffix = String(UUID().uuidString.prefix(6)).lowercased()
        let operatorName = "demo-operator-\(suffix)"
        let operatorToken = try await operators.create(name: operatorName)
        guard let token = SecretToken(parsing: operatorToken, as: .operatorToken),
              let actor: AuthenticatedOperator = try await CredentialCache(database: runtime.database, plans: runtime.plans).verify(token)
        else { throw ValidationError("the new operator token did not verify") }

        let service = try runtime.tenantService()
        var signup: SignupResult
        do {
            signup = try await service.signUp(.init(organization: "Demo Org", slug: "demo", adminEmail: "admin@demo.example", plan: "enterprise"), by: actor)
        } catch let error as PorticoError where error.code == "slug_taken" {
            signup = try await service.signUp(.init(organization: "Demo Org", slug: "demo-\(suffix)", adminEmail: "admin@demo.example", plan: "enterprise"), by: actor)
        }
        // Provision right away (the queued job will find the tenant active and do nothing), so the
        // demo is usable before the worker has started.
        try await service.provision(signup.tenant.id)
        return Credentials(tenantID: signup.tenant.id.description, slug: signup.tenant.slug.value, apiKey: signup.apiKey, operatorToken: operatorToken)
    }
}
