import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// AiKA as a module of the seam: the tenant's catalog and documents as knowledge, questions
/// answered only from it with citations, and the unanswered ones turned into work for owners.
public struct AikaModule: PorticoModule {
    public static let id = "aika"

    public static let entitlement = Entitlement("aika")
    public static let questionsMeter = Meter("aika.questions")
    public static let tokensMeter = Meter("aika.tokens")

    public static let planTerms = PlanTerms(entitlements: [entitlement: ["enterprise"]])
    public static let meters = [questionsMeter, tokensMeter]
    public static let routeGroup = RouteGroup(id: id, pathPrefixes: ["/api/aika/"])
    public static let settings = AikaSettings.descriptions

    public static func readSettings(_ reader: SettingsReader) -> AikaSettings {
        AikaSettings.read(reader)
    }

    let moduleSettings: AikaSettings

    public init(context: ModuleContext<AikaSettings>) {
        moduleSettings = context.settings
    }
}
