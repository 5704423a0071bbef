package io.tracknow.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Creates (and drops) the per-service databases in one PostgreSQL server. Each service owns its own
 * database; the embedded platform and the tests create them when they are missing.
 *
 * @param host     server host, e.g. 127.0.0.1
 * @param port     server port
 * @param user     a role allowed to create databases
 * @param password its password, empty for trust authentication
 */
public record PostgresDatabases(String host, int port, String user, String password) {

    private static final Pattern SAFE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** From DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, defaulting to the local trust-auth server. */
    public static PostgresDatabases fromEnvironment() {
        return new PostgresDatabases(
                env("DB_HOST", "127.0.0.1"),
                Integer.parseInt(env("DB_PORT", "5432")),
                env("DB_USER", "postgres"),
                env("DB_PASSWORD", ""));
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Creates the database unless it exists; true when it was created now. */
    public boolean ensure(String database) {
        requireSafe(database);
        try (Connection admin = admin();
                PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (exists.executeQuery().next()) {
                return false;
            }
            try (Statement create = admin.createStatement()) {
                create.execute("CREATE DATABASE " + database);
                return true;
            } catch (SQLException raced) {
                // another process created it between our check and our CREATE: that is what we wanted
                if ("42P04".equals(raced.getSQLState())) {
                    return false;
                }
                throw raced;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create database " + database + " on " + host + ":" + port + " as " + user + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Drops the database, closing what is still connected to it. */
    public void drop(String database) {
        requireSafe(database);
        try (Connection admin = admin();
                Statement drop = admin.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + database + ": " + e.getMessage(), e);
        }
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), user, password);
    }

    private static void requireSafe(String database) {
        if (!SAFE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name must match " + SAFE_NAME + ": " + database);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
