package io.tributary.lake;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tests' independent Parquet reader: DuckDB's JDBC driver, in memory (test scope only). */
public final class DuckDb {

    private DuckDb() {
    }

    /** Rows of a query, each a column → value map in the query's order. */
    public static List<Map<String, Object>> query(String sql) throws SQLException {
        // the driver itself, not DriverManager: after a Quarkus test the context class loader may not see it
        try (Connection db = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 1; c <= md.getColumnCount(); c++) {
                    row.put(md.getColumnLabel(c), rs.getObject(c));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** {@code read_parquet} of every file under a folder, with Hive partitions. */
    public static String lake(Path folder) {
        return "read_parquet('" + folder + "/**/*.parquet', hive_partitioning = true)";
    }

    /** Column name → DuckDB type of what a FROM clause reads. */
    public static Map<String, String> types(String from) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> r : query("DESCRIBE SELECT * FROM " + from)) {
            types.put((String) r.get("column_name"), (String) r.get("column_type"));
        }
        return types;
    }
}
