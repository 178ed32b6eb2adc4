package io.huiketang.kit.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;

/**
 * A service outside the dev and test profiles (the prod profile of every packaged jar, or any
 * profile of a deployment) refuses to start while a declared secret ({@link SecretsConfig}) is
 * missing or still holds its built-in local value: anyone can read those in this repository, and
 * a LiveKit webhook signed with one ended a meeting. Checked by the first start-up observer (before
 * the outbox relay, the inbox consumer and every {@code @Startup} bean; Flyway's migrations run
 * earlier), so the HTTP port never opens: Quarkus opens it after the start-up observers. The
 * refusal names each setting and its environment variable, never a value.
 */
@ApplicationScoped
public class ProductionSecrets {

    // The mapping is injected so that Quarkus registers it (a mapping nobody injects is not built)
    void refuseLocalSecrets(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup,
            Config config, SecretsConfig secrets) {
        requireReal(config.unwrap(SmallRyeConfig.class), secrets);
    }

    /** @throws IllegalStateException naming every secret that is missing or local, outside dev and test */
    public static void requireReal(SmallRyeConfig config) {
        requireReal(config, config.getConfigMapping(SecretsConfig.class));
    }

    private static void requireReal(SmallRyeConfig config, SecretsConfig secrets) {
        List<String> refused = refusals(config, secrets);
        if (!refused.isEmpty()) {
            throw new IllegalStateException("Refusing to start with the profile " + config.getProfiles()
                    + ": production needs its own secrets, set from a secret store. " + String.join("; ", refused)
                    + ".");
        }
    }

    /** What is wrong with the declared secrets, one sentence each; nothing in the dev and test profiles. */
    public static List<String> refusals(SmallRyeConfig config) {
        return refusals(config, config.getConfigMapping(SecretsConfig.class));
    }

    private static List<String> refusals(SmallRyeConfig config, SecretsConfig declared) {
        List<String> profiles = config.getProfiles();
        if (profiles.contains("dev") || profiles.contains("test")) {
            return List.of();
        }
        Map<String, SecretsConfig.Secret> secrets = new TreeMap<>(declared.secrets());
        List<String> refused = new ArrayList<>();
        for (SecretsConfig.Secret secret : secrets.values()) {
            String setting = secret.property() + secret.env().map(env -> " (" + env + ")").orElse("");
            Optional<String> value = config.getOptionalValue(secret.property(), String.class);
            if (value.isEmpty() || value.get().isBlank()) {
                refused.add(setting + " is not set");
            } else if (value.get().strip().equals(secret.localValue().strip())) {
                refused.add(setting + " still has the built-in local development value");
            }
        }
        return refused;
    }
}
