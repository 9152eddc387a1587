import PorticoSeam

/// A module whose settings were read and validated at start-up, ready to be built.
public struct LoadedModule: Sendable {
    public let type: any PorticoModule.Type
    let make: @Sendable (ModuleEnvironment) throws -> any PorticoModule

    /// Reads `type`'s settings from a reader scoped to its id; problems go to `reader`.
    static func load<Module: PorticoModule>(_ type: Module.Type, from reader: SettingsReader) -> LoadedModule {
        let settings = Module.readSettings(reader.scoped(to: Module.id))
        return LoadedModule(type: type) { environment in
            try Module(context: ModuleContext(environment: environment, settings: settings))
        }
    }

    public var id: String { type.id }
}
