import PorticoAika
import PorticoBilling
import PorticoCatalog
import PorticoInsights
import PorticoProvisioning
import PorticoSeam
import PorticoSignals

/// The modules of this build, in the order their migrations apply and their routes register.
/// `serve`, `worker` and `migrate` all read this one list; adding a module is a line here.
public enum PorticoModules {
    public static let all: [any PorticoModule.Type] = [
        ProvisioningModule.self,
        CatalogModule.self,
        InsightsModule.self,
        AikaModule.self,
        BillingModule.self,
        SignalsModule.self,
    ]
}
