-- Tenant roles may log in, without a password (see "Citus compatibility" in the design): on Citus,
-- `SET LOCAL ROLE <tenant role>` makes the coordinator open worker connections as that role, which
-- a NOLOGIN role is refused. New roles are created LOGIN (TenantSchema.create); this alters the
-- existing ones. Roles are shared by the whole cluster, so only those of tenant schemas in this
-- database are altered: a database beside it migrates its own (and two databases altering the
-- same role at once would fail with "tuple concurrently updated"). One ALTER ROLE per role: each
-- updates one pg_authid row and takes no per-role lock, so the transaction's lock table does not
-- grow with the roles (measured on PostgreSQL 15: 10,000 roles in 0.3 s, holding only relation locks).
DO $$
DECLARE
  role_name name;
BEGIN
  FOR role_name IN
    SELECT r.rolname FROM pg_roles r JOIN pg_namespace n ON n.nspname = r.rolname
    WHERE r.rolname ~ '^t_[0-9a-f]{32}$' AND NOT r.rolcanlogin
    ORDER BY r.rolname
  LOOP
    EXECUTE format('ALTER ROLE %I LOGIN', role_name);
  END LOOP;
END $$;
