package io.huiketang.kit.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the topics a test needs on the stack's broker (which does not auto-create topics). */
public final class KafkaTestTopics {

    private KafkaTestTopics() {
    }

    public static String bootstrapServers() {
        String fromEnv = System.getenv("HUIKETANG_KAFKA_BOOTSTRAP");
        return fromEnv == null || fromEnv.isBlank() ? "127.0.0.1:9092" : fromEnv;
    }

    /** Creates each topic (name to partition count) that does not exist yet. */
    public static void ensure(Map<String, Integer> topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            topics.forEach((name, partitions) -> {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, (short) 1));
                }
            });
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("Could not create test topics " + topics.keySet()
                        + " on " + bootstrapServers() + " (is the stack up? dev/stack up)", e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers() + " did not answer (dev/stack up)", e);
        }
    }
}
