package io.huiketang.kit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.huiketang.kit.secrets.SecretsConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A service's configuration as it resolves under a profile: its files on the classpath
 * (platform-kit's {@code META-INF/microprofile-config.properties}, the service's
 * {@code application.properties}) and the environment given, never this JVM's own. For tests of
 * what a packaged service would run with, without starting it.
 */
public final class ProfileConfig {

    private ProfileConfig() {
    }

    /** @param environment environment variables as an operator would set them (HUIKETANG_FIELD_KEY=...) */
    public static SmallRyeConfig load(String profile, Map<String, String> environment) {
        List<ConfigSource> sources = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            for (URL url : Collections.list(loader.getResources("META-INF/microprofile-config.properties"))) {
                sources.add(new PropertiesConfigSource(url, 100));
            }
            for (URL url : Collections.list(loader.getResources("application.properties"))) {
                sources.add(new PropertiesConfigSource(url, 250));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sources.add(new EnvConfigSource(environment, 300));
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile(profile).withSources(sources)
                .withMapping(SecretsConfig.class).build();
    }
}
