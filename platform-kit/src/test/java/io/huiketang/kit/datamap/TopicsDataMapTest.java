package io.huiketang.kit.datamap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Kafka topics are storage too (issue 13, item 4): every topic dev/stack creates is in exactly one
 * data map (a service's, or platform-kit's shared one), with the retention Kafka really applies,
 * and no map declares a topic that dev/stack does not create.
 */
class TopicsDataMapTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Path TOPICS = REPOSITORY.resolve("dev/kafka-topics.conf");
    private static final Path SHARED = Path.of("src/main/resources/" + DataMaps.SHARED);
    /** Kafka's log.retention.hours default (168), which dev/stack's broker keeps: a topic without retention.ms. */
    static final Duration BROKER_DEFAULT_RETENTION = Duration.ofDays(7);

    @Test
    void everyTopicDevStackCreatesIsMappedOnceWithItsRetention() throws IOException {
        Map<String, Duration> created = createdTopics(Files.readAllLines(TOPICS));
        assertTrue(created.size() >= 10, "dev/kafka-topics.conf lists the platform's topics: " + created.keySet());

        Map<String, Duration> mapped = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        for (DataMap map : maps()) {
            for (DataMap.Topic topic : map.topics()) {
                if (mapped.put(topic.name(), topic.retention()) != null) {
                    twice.add(topic.name());
                }
            }
        }
        assertEquals(List.of(), twice, "topics declared in more than one data map");
        assertEquals(created.keySet(), mapped.keySet(),
                "the topics dev/kafka-topics.conf creates and those the data maps declare (every topic is storage: "
                        + "declare it in the data-map.yaml of the service that writes it)");
        assertEquals(created, mapped, "each topic's retention in its data map = its retention.ms in dev/kafka-topics.conf");
    }

    @Test
    void theTopicFileIsReadAsDevStackReadsIt() {
        Map<String, Duration> topics = createdTopics(List.of(
                "# comment", "", "a.events   6  cleanup.policy=delete,retention.ms=604800000  # trailing",
                "a.dlt 1 cleanup.policy=delete", "a.log 3 retention.ms=15552000000"));
        assertEquals(Map.of("a.events", Duration.ofDays(7), "a.dlt", BROKER_DEFAULT_RETENTION,
                "a.log", Duration.ofDays(180)), topics);
    }

    /** Lines "name partitions [key=value,...]", comments from '#', as StackAdmin kafka-topics reads them. */
    static Map<String, Duration> createdTopics(List<String> lines) {
        Map<String, Duration> topics = new TreeMap<>();
        for (String raw : lines) {
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            Duration retention = BROKER_DEFAULT_RETENTION;
            if (fields.length > 2) {
                for (String setting : fields[2].split(",")) {
                    String[] kv = setting.split("=", 2);
                    if (kv[0].equals("retention.ms")) {
                        retention = Duration.ofMillis(Long.parseLong(kv[1]));
                    }
                }
            }
            topics.put(fields[0], retention);
        }
        return topics;
    }

    private static List<DataMap> maps() throws IOException {
        List<DataMap> maps = new ArrayList<>();
        try (Stream<Path> modules = Files.list(REPOSITORY)) {
            for (Path file : modules.map(m -> m.resolve("src/main/resources/" + DataMaps.SERVICE))
                    .filter(Files::exists).sorted().toList()) {
                maps.add(DataMaps.read(file));
            }
        }
        maps.add(DataMaps.read(SHARED));
        return maps;
    }
}
