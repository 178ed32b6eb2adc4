package io.huiketang.account.support;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.huiketang.kit.testing.KafkaTestTopics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A topic of this test run's own for policy-published events, deleted when the run ends. Policy
 * versions are global state: on the shared privacy.events, a version published by another
 * checkout's privacy-service tests (or replayed from an earlier run) would change the current
 * version under every test here. Declared on PolicyVersionsTest, it applies to the whole module.
 */
public class PolicyTopic implements QuarkusTestResourceLifecycleManager {

    public static final String PROPERTY = "huiketang.account.policy.events-topic";
    private String topic;

    @Override
    public Map<String, String> start() {
        topic = "account-test-policy." + UUID.randomUUID();
        KafkaTestTopics.ensure(Map.of(topic, 1));
        return Map.of(PROPERTY, topic);
    }

    @Override
    public void stop() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestTopics.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A topic left behind holds only test versions of a finished run; nothing reads it again
        }
    }
}
