package io.huiketang.kit.support;

import java.util.HashMap;
import java.util.Map;

import io.huiketang.kit.testing.OtlpReceiver;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Tracing on, every span exported to a real OTLP receiver in the test JVM; the background relay on. */
public class TracingOn implements QuarkusTestProfile {

    /** Started once per test JVM, before the application that exports to it. */
    public static final OtlpReceiver RECEIVER = OtlpReceiver.start();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(RECEIVER.config());
        config.put("huiketang.outbox.relay.enabled", "true");
        return config;
    }
}
