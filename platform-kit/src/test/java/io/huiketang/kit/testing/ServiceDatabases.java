package io.huiketang.kit.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The stack's database a test starts a packaged service on ({@link ServiceProcess}), as the
 * service's own role (password = role name unless {@code HUIKETANG_<ROLE>_DB_USER/_PASSWORD} say
 * otherwise).
 */
public final class ServiceDatabases {

    private ServiceDatabases() {
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + env("HUIKETANG_PG_HOST", "127.0.0.1") + ":" + env("HUIKETANG_PG_PORT", "5432")
                + "/" + database;
    }

    /**
     * Empties the database, so the service migrates it afresh: what an earlier run wrote was
     * encrypted and hashed with that run's keys, which this run's service cannot read.
     *
     * @return its JDBC URL, for {@code QUARKUS_DATASOURCE_JDBC_URL}
     */
    public static String empty(String role, String database) {
        String url = jdbcUrl(database);
        String upper = role.toUpperCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(url, env("HUIKETANG_" + upper + "_DB_USER", role),
                env("HUIKETANG_" + upper + "_DB_PASSWORD", role)); Statement sql = connection.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS public CASCADE");
            sql.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty " + url + " (dev/stack up creates it): " + e.getMessage(), e);
        }
        return url;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
