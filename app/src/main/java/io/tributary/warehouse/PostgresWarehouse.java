package io.tributary.warehouse;

import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL as the warehouse (the local stack's, or any by JDBC URL): each load in one
 * transaction on a connection of its own, the staged object's bytes streamed through
 * {@code COPY ... FROM STDIN} (an archive object's changes as CSV rows first: {@link ChangeRows}).
 */
public final class PostgresWarehouse implements Warehouse {

    private static final Pattern COPY_LINE = Pattern.compile("line (\\d+)(?:, column ([^:]+))?(?:: (.*))?",
            Pattern.DOTALL);

    private final String url;
    private final Properties credentials;
    private final String ledger;
    private final Clock clock;

    /**
     * @param url      {@code jdbc:postgresql://host:port/database}
     * @param user     null when the URL names it
     * @param ledger   the load ledger's table name
     */
    public PostgresWarehouse(String url, String user, String password, String ledger, Clock clock) {
        this.url = url;
        this.ledger = ledger;
        this.clock = clock;
        this.credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        credentials.setProperty("ApplicationName", "tributary");
    }

    /** A connection to the warehouse (for queries of its tables: tests, the CLI). */
    public Connection connect() throws SQLException {
        // the driver itself, not DriverManager: its registry depends on the class loader that asks
        // (Quarkus', a test's), and a native image has no service loading of drivers by default
        Connection c = DRIVER.connect(url, credentials);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + describe() + " (jdbc:postgresql://host:port/database)");
        }
        return c;
    }

    private static final java.sql.Driver DRIVER = new org.postgresql.Driver();

    @Override
    public boolean sendsBytes() {
        return true;
    }

    @Override
    public String describe() {
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)).replaceFirst("^jdbc:", "");
    }

    @Override
    public Loaded load(WarehouseTable table, Staged staged) throws WarehouseException {
        LoadStatements sql = new LoadStatements(Dialect.POSTGRESQL, table, ledger);
        ChangeRows.Converted changes = null;
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String statement : sql.prepare()) {
                    s.execute(statement);
                }
                // one load of an object at a time: a concurrent one waits, then finds it in the ledger
                s.execute("SELECT pg_advisory_xact_lock(hashtext(" + WarehouseTable.literal(staged.uri() + "#"
                        + table.name() + "#" + staged.sha256()) + "))");
                try (ResultSet before = s.executeQuery(sql.loadedBefore(staged.uri(), staged.sha256()))) {
                    if (before.next()) {
                        c.rollback();
                        return new Loaded(0, true);
                    }
                }
                long rows;
                String copy = "COPY " + sql.copyTable() + " (" + WarehouseTable.quoted(sql.stagedColumns())
                        + ") FROM STDIN WITH (FORMAT csv, HEADER true)";
                if (staged.format() == Staged.Format.CHANGES) {
                    changes = ChangeRows.toCsv(staged, table);
                    rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy,
                            new ByteArrayInputStream(changes.csv()));
                } else {
                    try (InputStream in = staged.bytes().open()) {
                        rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, in);
                    }
                }
                for (String statement : sql.apply(staged.uri(), staged.sha256(), clock.instant(), rows)) {
                    s.execute(statement);
                }
                c.commit();
                return new Loaded(rows, false);
            } catch (SQLException | IOException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone: the server rolls back
                }
                throw e;
            }
        } catch (WarehouseException e) {
            throw e;
        } catch (SQLException e) {
            throw new WarehouseException(why(e, staged, changes, sql.target()), e);
        } catch (IOException e) {
            throw new WarehouseException("loading " + staged.uri() + " into " + sql.target() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The object, the line and column the server names (an archive object's own line), and the server's reason. */
    static String why(SQLException e, Staged staged, ChangeRows.Converted changes, String target) {
        String reason = e.getMessage();
        String where = null;
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            reason = m.getMessage();
            if (m.getWhere() != null && m.getWhere().startsWith("COPY ")) {
                Matcher line = COPY_LINE.matcher(m.getWhere());
                if (line.find()) {
                    long number = Long.parseLong(line.group(1));
                    long source = changes == null ? number : changes.sourceLine(number);
                    where = "line " + source + (line.group(2) == null ? "" : ", column " + line.group(2))
                            + (line.group(3) == null ? "" : " (" + line.group(3).trim() + ")");
                }
            }
        }
        return "loading " + staged.uri() + " into " + target + " failed" + (where == null ? "" : " at " + where)
                + ": " + reason + "; the table is as it was";
    }
}
