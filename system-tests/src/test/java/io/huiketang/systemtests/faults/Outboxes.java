package io.huiketang.systemtests.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.huiketang.kit.testing.ServiceProcess;
import io.huiketang.systemtests.platform.Platform;

/** What waits in a service's outbox, read from its database and from its management interface's metrics. */
final class Outboxes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Outboxes() {
    }

    /** Rows of {@code service}'s outbox not yet published (every lane). */
    static long waiting(String service) throws SQLException {
        return count(service, "SELECT count(*) FROM outbox_event");
    }

    static long count(String service, String sql) throws SQLException {
        try (Connection connection = Platform.connect(service); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Waits until every lane of the outbox is empty.
     *
     * @return how long it took, in milliseconds
     */
    static long awaitDrained(String service, Duration timeout) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long waiting;
        while ((waiting = waiting(service)) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(service + "'s outbox still holds " + waiting + " rows after " + timeout);
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * The value of one metric line of a service's Prometheus scrape ({@code name} with its labels as
     * written there), or -1 when the service does not have it.
     */
    static double metric(ServiceProcess service, String name) throws IOException, InterruptedException {
        HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        for (String line : scrape.body().split("\n")) {
            if (!line.startsWith("#") && (line.startsWith(name + " ") || line.startsWith(name + "{"))) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
