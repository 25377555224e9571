package io.tributary.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's queries run in a DuckDB confined to the lake's cache: they read the lake's files and
 * nothing else, write nothing outside it, and cannot lift the confinement.
 */
class LakeDatabaseConfinedTest {

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }

    private static long number(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The statement is refused for the confinement (not for some other reason). */
    private static void refused(Connection db, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> execute(db, sql), sql);
        assertTrue(e.getMessage().contains("Permission Error") || e.getMessage().contains("lock_configuration")
                || e.getMessage().contains("locked"), sql + ": " + e.getMessage());
    }

    @Test
    void theLakesFilesAreReadAndNothingElseOfTheMachine(@TempDir Path dir) throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path secret = Files.writeString(dir.resolve("secret.csv"), "password\nhunter2\n");
        Path outside = dir.resolve("written.csv");
        try (Connection db = LakeDatabase.engine(Path.of("none")).connect("jdbc:duckdb:", new Properties())) {
            execute(db, "COPY (SELECT 1 AS n UNION ALL SELECT 2) TO '" + cache.resolve("t.parquet") + "' (FORMAT PARQUET)");
            execute(db, "CREATE VIEW t AS SELECT * FROM read_parquet('" + cache + "/**/*.parquet')");
            assertEquals(1, number(db, "SELECT count(*) FROM read_csv('" + secret + "')"), "before: anything is read");

            LakeDatabase.confine(db, cache);

            assertEquals(3, number(db, "SELECT sum(n) FROM t"), "the view over the cache reads");
            refused(db, "SELECT * FROM read_csv('" + secret + "')");
            refused(db, "SELECT * FROM read_csv('" + cache + "/../secret.csv')");
            refused(db, "COPY (SELECT 1) TO '" + outside + "'");
            assertFalse(Files.exists(outside), "nothing is written outside the cache");
            refused(db, "SET enable_external_access = true");
            refused(db, "SET allowed_directories = ['/']");
            assertThrows(SQLException.class, () -> execute(db, "INSTALL httpfs"));
            assertThrows(SQLException.class, () -> execute(db, "LOAD httpfs"));
        }
    }
}
