package io.huiketang.meeting.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.datamap.DataMap;
import io.huiketang.kit.datamap.DataMapValidation;
import io.huiketang.kit.datamap.DataMaps;

/**
 * The service refuses to start with a connection-log retention the law does not allow (at least 180
 * days): the retention runner validates data-map.yaml with the configured duration at start-up.
 */
class ConnectionLogRetentionTest {

    private static final String PROPERTY = "huiketang.meeting.connection-log.retention";
    private static final DataMap MAP = DataMaps.read(Path.of("src/main/resources/data-map.yaml"))
            .withShared(DataMaps.shared());

    @Test
    void retentionBelow180DaysIsRefused() {
        List<String> problems = problemsWith(Duration.ofDays(179));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("network logs must be kept at least 180 days"), problems.get(0));
        assertEquals(1, problemsWith(Duration.ofDays(180).minusSeconds(1)).size());
    }

    @Test
    void retentionOf180DaysOrMoreIsAccepted() {
        assertEquals(List.of(), problemsWith(Duration.ofDays(180)));
        assertEquals(List.of(), problemsWith(Duration.ofDays(365)));
    }

    private static List<String> problemsWith(Duration retention) {
        return DataMapValidation.problems(MAP, rule -> PROPERTY.equals(rule.property()) ? retention : rule.duration());
    }
}
