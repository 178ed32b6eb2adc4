package io.huiketang.systemtests.stack;

import java.nio.file.Path;

/** The local stack's addresses, from the same HUIKETANG_* variables that dev/stack and the services read. */
final class StackSettings {

    private StackSettings() {
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static String pgUrl(String database) {
        return "jdbc:postgresql://" + env("HUIKETANG_PG_HOST", "127.0.0.1") + ":" + env("HUIKETANG_PG_PORT", "5432")
                + "/" + database;
    }

    static String redisHost() {
        return env("HUIKETANG_REDIS_HOST", "127.0.0.1");
    }

    static int redisPort() {
        return Integer.parseInt(env("HUIKETANG_REDIS_PORT", "6379"));
    }

    static String kafkaBootstrap() {
        return env("HUIKETANG_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    }

    static String keycloakUrl() {
        return "http://127.0.0.1:" + env("HUIKETANG_KEYCLOAK_PORT", "8180");
    }

    static String s3Url() {
        return "http://127.0.0.1:" + env("HUIKETANG_S3_PORT", "8081");
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("huiketang.repo.root", ".."));
    }
}
