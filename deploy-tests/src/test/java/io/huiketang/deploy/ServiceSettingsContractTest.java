package io.huiketang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The chart's environment against what each service reads, taken from the services' own
 * application.properties and platform-kit's microprofile-config.properties at test time (so it keeps
 * up as the services grow): a property renamed in a service, a secret a service declares but the chart
 * does not give, or a new setting the chart does not know, each fails here.
 */
class ServiceSettingsContractTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(HUIKETANG_[A-Z0-9_]+)");
    private static final Pattern DECLARED_SECRET = Pattern.compile("^huiketang\\.secrets\\.[a-z0-9-]+\\.env=(\\S+)$");

    /**
     * Settings a service reads that the chart deliberately leaves alone, and why.
     */
    static final Map<String, String> NOT_FOR_KUBERNETES = Map.of(
            "HUIKETANG_SMS_OUTBOX", "the local SMS sender's file: its default under java.io.tmpdir is the pod's /tmp emptyDir",
            "HUIKETANG_MAIL_OUTBOX", "the local e-mail sender's file: its default under java.io.tmpdir is the pod's /tmp emptyDir",
            "HUIKETANG_SSO_ALLOW_LOCAL_ISSUERS", "plain-http and loopback identity providers: the local stack only, never production",
            "HUIKETANG_S3_PORT", "only the default of HUIKETANG_S3_URL, which the chart sets",
            "HUIKETANG_KEYCLOAK_PORT", "only the default of HUIKETANG_STAFF_ISSUER, a setting of privacy",
            "HUIKETANG_GATEWAY_TLS_PORT", "the gateway's own HTTPS port: in Kubernetes the Ingress terminates TLS",
            "HUIKETANG_RECORDING_S3_ACCESS_KEY", "recording-service's store takes the platform's S3 keys (the platform-keys Secret)",
            "HUIKETANG_RECORDING_S3_SECRET_KEY", "recording-service's store takes the platform's S3 keys (the platform-keys Secret)");

    static final Set<String> WITH_DATABASE = Set.of("account", "meeting", "recording", "privacy");

    /** Environment variables the chart sets for the image's start script rather than for the application. */
    static final Set<String> CONTAINER_ENV = Set.of("JAVA_OPTS_APPEND");

    static Set<String> components() {
        return Chart.COMPONENTS.keySet();
    }

    /** The settings the service reads outside the dev and test profiles. */
    static Set<String> readByService(String component) {
        Set<String> names = new TreeSet<>();
        for (String text : propertyFiles(component)) {
            for (String line : logicalLines(text)) {
                if (line.startsWith("#") || line.startsWith("%dev.") || line.startsWith("%test.")) {
                    continue;
                }
                Matcher m = PLACEHOLDER.matcher(line);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** The secrets the service declares (platform-kit's ProductionSecrets refuses to start without them). */
    static Set<String> declaredSecrets(String component) {
        Set<String> names = new TreeSet<>();
        for (String text : propertyFiles(component)) {
            for (String line : logicalLines(text)) {
                Matcher m = DECLARED_SECRET.matcher(line);
                if (m.matches()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void everyVariableTheChartSetsIsReadByTheService(String component) {
        Set<String> read = readByService(component);
        for (Chart.Variant variant : Set.of(Variants.defaults(), Variants.all().get(Variants.all().size() - 1))) {
            for (String name : chartEnvironment(variant, component).keySet()) {
                if (CONTAINER_ENV.contains(name)) {
                    continue;
                }
                assertTrue(read.contains(name), () -> variant + ": the chart sets " + name + " for " + component
                        + ", which its application.properties and platform-kit's do not read (renamed?); they read " + read);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void everySecretTheServiceDeclaresComesFromASecret(String component) {
        for (Chart.Variant variant : Set.of(Variants.defaults(), Variants.of("secrets", "operators"))) {
            Map<String, String> env = chartEnvironment(variant, component);
            for (String secret : declaredSecrets(component)) {
                assertEquals("secret", env.get(secret), () -> variant + ": " + component + " declares the secret " + secret
                        + "; the chart must give it from a Secret");
            }
            env.forEach((name, source) -> {
                if (name.endsWith("_DB_PASSWORD") || name.startsWith("HUIKETANG_S3_") && name.endsWith("_KEY")) {
                    assertEquals("secret", source, component + ": " + name);
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void everySettingTheServiceReadsIsSetOrSettable(String component) {
        Set<String> covered = new TreeSet<>(chartEnvironment(Variants.defaults(), component).keySet());
        covered.addAll(valuesSettings(component));
        covered.addAll(NOT_FOR_KUBERNETES.keySet());
        Set<String> missing = new TreeSet<>(readByService(component));
        missing.removeAll(covered);
        if (!WITH_DATABASE.contains(component)) {
            // platform-kit's defaults name the PostgreSQL server for every service; these have no database
            missing.removeAll(Set.of("HUIKETANG_PG_HOST", "HUIKETANG_PG_PORT"));
        }
        assertTrue(missing.isEmpty(), () -> component + " reads " + missing + ", which the chart neither sets nor offers: add each to "
                + component + ".settings in values.yaml, then write them into values.schema.json with -Dhuiketang.docs.write=true"
                + " (or, with the reason, add it to NOT_FOR_KUBERNETES)");
    }

    /**
     * The settings values.schema.json offers are those of values.yaml. After adding a setting to
     * values.yaml, write them into the schema with
     * {@code ./mvnw -pl deploy-tests test -Dtest=ServiceSettingsContractTest -Dhuiketang.docs.write=true}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void theSchemaOffersExactlyTheSettingsOfValuesYaml(String component) throws IOException {
        if (Boolean.getBoolean("huiketang.docs.write")) {
            writeSchemaSettings();
        }
        JsonNode schema = Chart.JSON.readTree(Chart.DIR.resolve("values.schema.json").toFile());
        JsonNode settings = schema.path("properties").path(component).path("properties").path("settings");
        assertEquals(false, settings.path("additionalProperties").asBoolean(true), "unknown settings refused");
        Set<String> offered = new TreeSet<>();
        settings.path("properties").fieldNames().forEachRemaining(offered::add);
        assertEquals(valuesSettings(component), offered);
        Set<String> read = readByService(component);
        for (String name : offered) {
            assertTrue(read.contains(name), () -> component + ".settings." + name + " is read by no property of " + component);
        }
    }

    private static synchronized void writeSchemaSettings() throws IOException {
        java.nio.file.Path file = Chart.DIR.resolve("values.schema.json");
        ObjectNode schema = (ObjectNode) Chart.JSON.readTree(file.toFile());
        for (String component : Chart.COMPONENTS.keySet()) {
            ObjectNode properties = Chart.JSON.createObjectNode();
            for (String name : valuesSettings(component)) {
                properties.putObject(name).put("type", "string");
            }
            ((ObjectNode) schema.path("properties").path(component).path("properties").path("settings"))
                    .set("properties", properties);
        }
        java.nio.file.Files.writeString(file, Chart.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schema) + "\n");
    }

    /** Each variable the chart gives the component's container: "config" (its ConfigMap), "secret" or "value". */
    static Map<String, String> chartEnvironment(Chart.Variant variant, String component) {
        var objects = Variants.rendered(variant);
        String name = Chart.RELEASE + "-" + Chart.COMPONENTS.get(component);
        ObjectNode deployment = Chart.ofKind(objects, "Deployment").stream().filter(d -> Chart.name(d).equals(name))
                .findFirst().orElseThrow();
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, String> env = new java.util.TreeMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String configMap = from.path("configMapRef").path("name").asText();
            Chart.ofKind(objects, "ConfigMap").stream().filter(c -> Chart.name(c).equals(configMap)).findFirst().orElseThrow()
                    .path("data").fieldNames().forEachRemaining(k -> env.put(k, "config"));
        }
        for (JsonNode variable : container.path("env")) {
            env.put(variable.path("name").asText(), variable.path("valueFrom").has("secretKeyRef") ? "secret" : "value");
        }
        return env;
    }

    static Set<String> valuesSettings(String component) {
        try {
            JsonNode values = Chart.YAML.readTree(Chart.DIR.resolve("values.yaml").toFile());
            Set<String> names = new TreeSet<>();
            values.path(component).path("settings").fieldNames().forEachRemaining(names::add);
            return names;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.List<String> propertyFiles(String component) {
        String module = Chart.COMPONENTS.get(component);
        return java.util.List.of(
                Chart.read(Chart.REPO.resolve(module).resolve("src/main/resources/application.properties")),
                Chart.read(Chart.REPO.resolve("platform-kit/src/main/resources/META-INF/microprofile-config.properties")));
    }

    /** The lines of a properties file with continuations (a trailing backslash) joined. */
    private static java.util.List<String> logicalLines(String text) {
        return java.util.Arrays.stream(text.replaceAll("\\\\\\r?\\n\\s*", "").split("\\r?\\n")).map(String::strip).toList();
    }
}
