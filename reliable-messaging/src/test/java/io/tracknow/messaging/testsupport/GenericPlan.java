package io.tracknow.messaging.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.Environment;

/**
 * The plan PostgreSQL caches for a service's statement on a fresh database: planned generically
 * ({@code plan_cache_mode = force_generic_plan}) against empty, never analyzed copies of the tables it
 * reads. This machine's PostgreSQL runs without autovacuum, so a plan made while a table was empty is
 * kept as the table grows; a test asserts that such a plan reaches rows through an index, not by a
 * sequential scan (docs/architecture.md, "Performance").
 */
public final class GenericPlan {

    /** A parameter of the statement: its {@code :name}, its SQL type, and a literal to EXPLAIN it with. */
    public record Parameter(String name, String type, String literal) {}

    private GenericPlan() {}

    /**
     * The EXPLAIN lines of {@code sql} (named parameters, as the service binds them) planned generically in
     * a session of the service's database where each of {@code tables} is an empty TEMP copy of itself
     * (pg_temp comes first in the search path, so the statement reads the copies).
     */
    public static List<String> explain(
            Environment environment, String sql, List<String> tables, Parameter... parameters) throws SQLException {
        String url = "jdbc:postgresql://" + environment.getProperty("tracknow.db.host") + ":"
                + environment.getProperty("tracknow.db.port") + "/" + environment.getProperty("tracknow.db.name");
        String prepared = sql;
        List<String> types = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            prepared = prepared.replace(":" + parameters[i].name(), "$" + (i + 1));
            types.add(parameters[i].type());
            literals.add(parameters[i].literal());
        }
        List<String> plan = new ArrayList<>();
        try (Connection session = DriverManager.getConnection(
                        url,
                        environment.getProperty("tracknow.db.user"),
                        environment.getProperty("tracknow.db.password"));
                Statement statement = session.createStatement()) {
            for (String table : tables) {
                statement.execute("CREATE TEMP TABLE " + table + " (LIKE public." + table + " INCLUDING ALL)");
            }
            statement.execute("SET plan_cache_mode = force_generic_plan");
            statement.execute("PREPARE planned(" + String.join(", ", types) + ") AS " + prepared);
            try (ResultSet lines =
                    statement.executeQuery("EXPLAIN EXECUTE planned(" + String.join(", ", literals) + ")")) {
                while (lines.next()) {
                    plan.add(lines.getString(1));
                }
            }
        }
        return plan;
    }
}
