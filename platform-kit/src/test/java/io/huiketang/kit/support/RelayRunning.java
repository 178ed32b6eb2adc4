package io.huiketang.kit.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The background outbox relay on, as in a deployed service. */
public class RelayRunning implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("huiketang.outbox.relay.enabled", "true");
    }
}
