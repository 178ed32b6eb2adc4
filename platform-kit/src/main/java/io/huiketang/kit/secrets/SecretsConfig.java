package io.huiketang.kit.secrets;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * The secrets a service runs with, each declared once beside its setting: platform-kit declares
 * its own (the field and lookup keys), a service adds its own under {@code huiketang.secrets.<name>}.
 * {@link ProductionSecrets} refuses to start outside dev and test while one is missing or still has
 * its built-in local value.
 */
@ConfigMapping(prefix = "huiketang.secrets")
public interface SecretsConfig {

    /** Every secret by a short name ({@code field-key}, {@code livekit-api-secret}, ...). */
    @WithParentName
    Map<String, Secret> secrets();

    interface Secret {

        /** The configuration property that holds the secret. */
        String property();

        /** The environment variable operators set it with, named when it is refused. */
        Optional<String> env();

        /** The value dev and test run with, published in this repository: never a production secret. */
        String localValue();
    }
}
