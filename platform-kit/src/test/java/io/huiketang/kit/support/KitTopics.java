package io.huiketang.kit.support;

import java.util.Map;

import io.huiketang.kit.testing.KafkaTestTopics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Creates the topics of platform-kit's tests before the application subscribes to them. */
public class KitTopics implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        KafkaTestTopics.ensure(Map.of(Thing.TOPIC, 3, "kit-test.dlt", 1, "privacy.events", 3,
                "privacy.replies", 3, "audit.events", 3));
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
