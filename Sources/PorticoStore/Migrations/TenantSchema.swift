import Logging
import PorticoCore
import PostgresNIO

/// Creating and dropping a tenant's schema and the role that `withTenantTransaction` switches to.
/// Every statement is idempotent, so a provisioning job that died half-way can simply run again.
public enum TenantSchema {
    public static func create(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let name = tenant.schemaName
        try await connection.executeScript("""
            CREATE SCHEMA IF NOT EXISTS \(name.quoted);
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(name.name)') THEN
                CREATE ROLE \(name.quoted) NOLOGIN;
              END IF;
            END $$;
            GRANT \(name.quoted) TO CURRENT_USER;
            GRANT USAGE ON SCHEMA \(name.quoted) TO \(name.quoted);
            ALTER DEFAULT PRIVILEGES IN SCHEMA \(name.quoted) GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \(name.quoted);
            ALTER DEFAULT PRIVILEGES IN SCHEMA \(name.quoted) GRANT USAGE, SELECT ON SEQUENCES TO \(name.quoted);
            """, logger: logger)
    }

    /// Drops the schema with all its data, then the role. Safe to repeat.
    public static func drop(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let name = tenant.schemaName
        try await connection.executeScript("""
            DROP SCHEMA IF EXISTS \(name.quoted) CASCADE;
            DO $$ BEGIN
              IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(name.name)') THEN
                EXECUTE 'DROP OWNED BY \(name.quoted)';
                EXECUTE 'DROP ROLE \(name.quoted)';
              END IF;
            END $$;
            DELETE FROM control.schema_migrations WHERE schema_name = '\(name.name)';
            """, logger: logger)
    }

    public static func exists(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.checkedQuery(
            "SELECT 1 FROM pg_namespace WHERE nspname = \(tenant.schemaName.name)", logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
