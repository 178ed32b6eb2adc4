package io.huiketang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The chart's KafkaTopics are the local stack's topics (dev/kafka-topics.conf): names, partitions, configs. */
class KafkaTopicsTest {

    /** name -> "partitions config=value,..." as dev/kafka-topics.conf has them. */
    static Map<String, String> devTopics() {
        Map<String, String> topics = new LinkedHashMap<>();
        for (String line : Chart.read(Chart.REPO.resolve("dev/kafka-topics.conf")).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            Map<String, String> config = new TreeMap<>();
            if (fields.length > 2) {
                for (String pair : fields[2].split(",")) {
                    String[] kv = pair.split("=", 2);
                    config.put(kv[0], kv[1]);
                }
            }
            topics.put(fields[0], fields[1] + " " + config);
        }
        return topics;
    }

    @Test
    void strimziTopicsAreTheStacksTopics() {
        Map<String, String> rendered = new LinkedHashMap<>();
        for (ObjectNode topic : Chart.ofKind(Variants.rendered(Variants.of("operators")), "KafkaTopic")) {
            Map<String, String> config = new TreeMap<>();
            topic.path("spec").path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            rendered.put(topic.path("spec").path("topicName").asText(), topic.path("spec").path("partitions").asInt() + " " + config);
            assertEquals("huiketang-kafka", topic.path("metadata").path("labels").path("strimzi.io/cluster").asText());
        }
        assertEquals(devTopics(), rendered);
    }
}
