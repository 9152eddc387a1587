import Logging
import PorticoCore
import PostgresNIO

/// Creating and dropping a tenant's schema and the role that `withTenantTransaction` switches to.
/// Every statement is idempotent, so a provisioning job that died half-way can simply run again.
/// The role may log in (it has no password): on Citus the coordinator opens worker connections as
/// the role that `SET LOCAL ROLE` switched to, and refuses a `NOLOGIN` one.
public enum TenantSchema {
    public static func create(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        let name = tenant.schemaName
        try await connection.executeScript("""
            CREATE SCHEMA IF NOT EXISTS \(name.quoted);
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(name.name)') THEN
                CREATE ROLE \(name.quoted) LOGIN;
              ELSIF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = '\(name.name)') THEN
                ALTER ROLE \(name.quoted) LOGIN;
              END IF;
            END $$;
            GRANT \(name.quoted) TO CURRENT_USER;
            GRANT USAGE ON SCHEMA \(name.quoted) TO \(name.quoted);
            ALTER DEFAULT PRIVILEGES IN SCHEMA \(name.quoted) GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \(name.quoted);
            ALTER DEFAULT PRIVILEGES IN SCHEMA \(name.quoted) GRANT USAGE, SELECT ON SEQUENCES TO \(name.quoted);
            """, logger: logger)
    }

    /// Makes the tenant's schema a Citus distributed schema (`citus_schema_distribute`): its
    /// tables move whole to one worker node. Run after the schema is created and migrated; Citus
    /// answers a schema that is already distributed with a notice, so it is safe to repeat. Never
    /// for the `control` schema, which stays a plain schema on the coordinator.
    public static func distribute(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute("SELECT citus_schema_distribute(\(tenant.schemaName.quoted)::regnamespace)", logger: logger)
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
