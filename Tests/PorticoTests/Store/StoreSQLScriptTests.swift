import PorticoApp
import Testing
import PostgresNIO
@testable import PorticoStore

/// `SQLScript` splits migration files into single statements; a `;` that is not a statement end
/// (inside quotes, dollar quotes or comments) must not split.
@Suite struct StoreSQLScriptTests {
    @Test func splitsOnSemicolonsAndTrimsWhitespace() {
        let statements = SQLScript.statements(in: "  SELECT 1;\n\nSELECT 2 ;\n  SELECT 3  ")
        #expect(statements == ["SELECT 1", "SELECT 2", "SELECT 3"])
    }

    @Test func dropsEmptyStatements() {
        #expect(SQLScript.statements(in: ";;  ;\n;SELECT 1;;") == ["SELECT 1"])
        #expect(SQLScript.statements(in: "") == [])
        #expect(SQLScript.statements(in: " \n\t ") == [])
    }

    @Test func keepsSemicolonsInsideSingleQuotes() {
        let statements = SQLScript.statements(in: "INSERT INTO t VALUES ('a;b', 'it''s; fine'); SELECT ';'")
        #expect(statements == ["INSERT INTO t VALUES ('a;b', 'it''s; fine')", "SELECT ';'"])
    }

    @Test func keepsSemicolonsInsideQuotedIdentifiers() {
        let statements = SQLScript.statements(in: #"CREATE TABLE "odd;name" ("a""; b" int); SELECT 1"#)
        #expect(statements == [#"CREATE TABLE "odd;name" ("a""; b" int)"#, "SELECT 1"])
    }

    @Test func keepsDollarQuotedFunctionBodiesWhole() {
        let function = """
            CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE counters SET n = n + 1;
                PERFORM pg_notify('channel', 'a;b');
                RETURN NULL;
            END $$
            """
        let statements = SQLScript.statements(in: function + ";\nSELECT 2;")
        #expect(statements == [function, "SELECT 2"])
    }

    @Test func keepsTaggedDollarQuotesWholeEvenWithNestedDollarQuotes() {
        let block = """
            DO $outer$
            BEGIN
                EXECUTE $inner$ SELECT 'x;y' $inner$;
                EXECUTE $$ SELECT 1; $$;
                RAISE NOTICE 'done; really';
            END $outer$
            """
        let statements = SQLScript.statements(in: block + "; SELECT 3")
        #expect(statements == [block, "SELECT 3"])
    }

    @Test func aDollarTagWithDigitsAfterTheFirstCharacterIsATag() {
        let body = "SELECT $tag_1$ a; b $tag_1$"
        #expect(SQLScript.statements(in: body + "; SELECT 2") == [body, "SELECT 2"])
    }

    @Test func positionalParametersAndDollarsInIdentifiersAreNotQuotes() {
        // `$1` is a parameter and `a$b` an identifier, neither opens a dollar quote.
        let statements = SQLScript.statements(in: "SELECT $1; SELECT a$b$c FROM t; SELECT 3")
        #expect(statements == ["SELECT $1", "SELECT a$b$c FROM t", "SELECT 3"])
    }

    @Test func ignoresSemicolonsInLineComments() {
        let sql = """
            -- a comment; with a semicolon
            SELECT 1; -- trailing; comment
            SELECT 2 -- not; the end
            ;
            """
        let statements = SQLScript.statements(in: sql)
        #expect(statements.count == 2)
        #expect(statements.first?.hasSuffix("SELECT 1") == true)
        #expect(statements.last?.hasPrefix("-- trailing; comment\nSELECT 2") == true)
    }

    @Test func dropsSegmentsThatAreOnlyLineComments() {
        #expect(SQLScript.statements(in: "SELECT 1;\n-- the end; nothing more\n-- really") == ["SELECT 1"])
        #expect(SQLScript.statements(in: "-- just a comment") == [])
    }

    @Test func ignoresSemicolonsInBlockComments() {
        let statements = SQLScript.statements(in: "/* one; two */ SELECT 1; SELECT /* three; */ 2")
        #expect(statements == ["/* one; two */ SELECT 1", "SELECT /* three; */ 2"])
    }

    @Test func handlesNestedBlockComments() {
        // PostgreSQL block comments nest: the first `*/` does not end the outer comment.
        let statements = SQLScript.statements(in: "/* outer /* inner; */ still comment; */ SELECT 1; SELECT 2")
        #expect(statements == ["/* outer /* inner; */ still comment; */ SELECT 1", "SELECT 2"])
    }

    @Test func quoteCharactersInsideCommentsDoNotOpenQuotes() {
        let statements = SQLScript.statements(in: "-- don't\nSELECT 1; /* it's $$ */ SELECT 2; SELECT 3")
        #expect(statements.count == 3)
        #expect(statements.last == "SELECT 3")
    }

    @Test func commentMarkersInsideQuotesAreText() {
        let statements = SQLScript.statements(in: "SELECT '-- not a comment;'; SELECT '/* nor; this'; SELECT 3")
        #expect(statements == ["SELECT '-- not a comment;'", "SELECT '/* nor; this'", "SELECT 3"])
    }

    @Test func backslashEscapesQuotesOnlyInEscapeStrings() {
        // E'...' strings take backslash escapes; in plain strings a backslash is an ordinary character.
        let statements = SQLScript.statements(in: #"SELECT E'it\'s; fine', e'a\\;'; SELECT 'C:\'; SELECT 3"#)
        #expect(statements == [#"SELECT E'it\'s; fine', e'a\\;'"#, #"SELECT 'C:\'"#, "SELECT 3"])
        // An identifier ending in `e` before a quote does not make an escape string.
        #expect(SQLScript.statements(in: #"SELECT name'\'; SELECT 2"#) == [#"SELECT name'\'"#, "SELECT 2"])
    }

    @Test func everyTrickyConstructRunsStatementByStatementOnPostgreSQL() async throws {
        let script = #"""
            -- Line comment; with a semicolon and a quote: don't
            CREATE TEMP TABLE script_probe (note text) ON COMMIT DROP;
            /* Block comment; /* nested; */ still a comment; */
            INSERT INTO script_probe VALUES ('a;b'), ('it''s; fine'), (E'esc\'aped; too'), ('C:\');
            INSERT INTO script_probe VALUES ($$dollar; quoted 'text'$$), ($tag$ tagged; $$ nested; $$ $tag$);
            INSERT INTO script_probe VALUES ('-- not a comment;'), ('/* nor this; */');
            DO $body$
            BEGIN
                INSERT INTO script_probe VALUES ('from a DO block; with semicolons');
            END $body$;
            -- trailing comment; nothing after it
            """#
        #expect(SQLScript.statements(in: script).count == 5)
        try await TestDatabase.withShared { runtime in
            let notes = try await runtime.database.withTransaction { connection in
                try await connection.executeScript(script, logger: runtime.logger)
                let rows = try await connection.query("SELECT note FROM script_probe ORDER BY note", logger: runtime.logger)
                var notes: [String] = []
                for try await note in rows.decode(String.self) { notes.append(note) }
                return notes
            }
            #expect(Set(notes) == [
                "a;b", "it's; fine", "esc'aped; too", #"C:\"#, "dollar; quoted 'text'", " tagged; $$ nested; $$ ",
                "-- not a comment;", "/* nor this; */", "from a DO block; with semicolons",
            ])
        }
    }

    @Test func splitsTheRepositoryMigrationsIntoWholeStatements() throws {
        let sources = try MigrationSources.load(root: TestEnvironment.migrationsPath, modules: PorticoModules.all.map { $0.id })
        for file in sources.control.files + sources.tenant.files {
            let statements = SQLScript.statements(in: file.sql)
            #expect(!statements.isEmpty, "\(file.name)")
            for statement in statements {
                #expect(!statement.hasSuffix(";"), "\(file.name): \(statement)")
                // A statement that begins with a dollar-quoted body must end it too.
                #expect(statement.components(separatedBy: "$$").count % 2 == 1, "\(file.name): \(statement)")
            }
        }
        let control = try #require(sources.control.file(MigrationKey(module: MigrationSources.platformModule, version: 1)))
        let function = SQLScript.statements(in: control.sql).filter { $0.contains("CREATE FUNCTION control.bump_auth_epoch") }
        #expect(function.count == 1)
        #expect(function.first?.hasSuffix("END $$") == true)
    }
}
