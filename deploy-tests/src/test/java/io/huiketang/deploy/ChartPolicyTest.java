package io.huiketang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

/**
 * The chart as Helm lints and renders it, for the defaults and the combinations of its switches
 * ({@link Variants}): every object parsed strictly into the Kubernetes model, then the platform's
 * policies checked on what was rendered.
 */
class ChartPolicyTest {

    /** Environment variables and ConfigMap keys whose name says they hold a secret. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|_KEY|TOKEN|CREDENTIAL).*");

    static List<Chart.Variant> variants() {
        return Variants.all();
    }

    @Test
    void lintStrictPasses() {
        LintResult result = new Helm(Chart.DIR).lint().strict().call();
        assertFalse(result.isFailed(), () -> "helm lint --strict: " + result.getMessages());
        assertTrue(result.getMessages().stream().noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]")),
                () -> "helm lint --strict: " + result.getMessages());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyObjectParsesStrictly(Chart.Variant variant) {
        List<ObjectNode> objects = Variants.rendered(variant);
        assertFalse(objects.isEmpty());
        Set<String> names = new HashSet<>();
        for (ObjectNode object : objects) {
            StrictModel.parse(object);
            assertTrue(names.add(StrictModel.typeKey(object) + "/" + Chart.name(object)),
                    () -> "rendered twice: " + StrictModel.typeKey(object) + " " + Chart.name(object));
            assertTrue(Chart.name(object).length() <= 63, () -> "name too long: " + Chart.name(object));
            assertFalse(object.path("metadata").has("namespace"), "the release namespace is Helm's, never hard-coded");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyWorkloadIsHardenedProbedAndBounded(Chart.Variant variant) {
        List<ObjectNode> objects = Variants.rendered(variant);
        List<ObjectNode> deployments = Chart.ofKind(objects, "Deployment");
        assertEquals(Chart.COMPONENTS.size(), deployments.size(), "one Deployment per service and the gateway");
        Set<String> serviceAccounts = Chart.ofKind(objects, "ServiceAccount").stream()
                .peek(sa -> assertFalse(sa.path("automountServiceAccountToken").asBoolean(true), Chart.name(sa)))
                .map(Chart::name).collect(Collectors.toSet());
        for (ObjectNode deployment : deployments) {
            String name = Chart.name(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            assertTrue(serviceAccounts.contains(pod.path("serviceAccountName").asText()), name + ": own ServiceAccount");
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), name + ": no API token");
            assertFalse(pod.path("hostNetwork").asBoolean(false) || pod.path("hostPID").asBoolean(false), name);
            JsonNode podSecurity = pod.path("securityContext");
            assertTrue(podSecurity.path("runAsNonRoot").asBoolean(), name + ": pod runAsNonRoot");
            assertEquals("RuntimeDefault", podSecurity.path("seccompProfile").path("type").asText(), name + ": seccomp");
            pod.path("volumes").forEach(v -> assertFalse(v.has("hostPath"), name + ": hostPath volume"));
            assertTrue(StreamSupport.stream(pod.path("volumes").spliterator(), false)
                    .anyMatch(v -> v.path("name").asText().equals("tmp") && v.has("emptyDir")), name + ": /tmp on an emptyDir");
            JsonNode containers = pod.path("containers");
            assertEquals(1, containers.size(), name);
            for (JsonNode container : containers) {
                String where = name + "/" + container.path("name").asText();
                JsonNode security = container.path("securityContext");
                assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), where + ": allowPrivilegeEscalation");
                assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), where + ": readOnlyRootFilesystem");
                assertTrue(security.path("runAsNonRoot").asBoolean(), where + ": runAsNonRoot");
                assertFalse(security.path("privileged").asBoolean(false), where + ": privileged");
                assertEquals("[\"ALL\"]", security.path("capabilities").path("drop").toString(), where + ": drop ALL");
                assertFalse(security.path("capabilities").has("add"), where + ": added capabilities");
                assertEquals("RuntimeDefault", security.path("seccompProfile").path("type").asText(), where);
                assertTrue(StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                        .anyMatch(m -> m.path("mountPath").asText().equals("/tmp")), where + ": /tmp mounted");

                String image = container.path("image").asText();
                assertTrue(image.matches("[^:]+(:[0-9]+)?/[^:]+:[A-Za-z0-9._-]+"), where + ": image with a tag: " + image);
                assertFalse(image.endsWith(":latest"), where + ": latest tag");

                for (String resource : List.of("cpu", "memory")) {
                    assertFalse(container.path("resources").path("requests").path(resource).isMissingNode(), where + " requests " + resource);
                    assertFalse(container.path("resources").path("limits").path(resource).isMissingNode(), where + " limits " + resource);
                }

                Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                        "readinessProbe", "/q/health/ready");
                probes.forEach((probe, path) -> {
                    JsonNode get = container.path(probe).path("httpGet");
                    assertEquals(path, get.path("path").asText(), where + " " + probe);
                    assertEquals("management", get.path("port").asText(), where + " " + probe + " on the management port");
                });
                Set<String> ports = StreamSupport.stream(container.path("ports").spliterator(), false)
                        .map(p -> p.path("name").asText()).collect(Collectors.toSet());
                assertEquals(Set.of("http", "management"), ports, where);

                for (JsonNode env : container.path("env")) {
                    String envName = env.path("name").asText();
                    if (SECRET_NAME.matcher(envName).matches()) {
                        assertFalse(env.has("value"), where + ": " + envName + " given as a plain value");
                        assertNotNull(env.path("valueFrom").get("secretKeyRef"), where + ": " + envName + " from a Secret");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void noSecretValueInAConfigMap(Chart.Variant variant) {
        List<ObjectNode> objects = Variants.rendered(variant);
        Set<String> secretValues = new HashSet<>(Variants.SECRET_VALUES.values());
        for (ObjectNode secret : Chart.ofKind(objects, "Secret")) {
            secret.path("data").forEach(v -> secretValues.add(
                    new String(Base64.getDecoder().decode(v.asText()), StandardCharsets.UTF_8)));
            secret.path("stringData").forEach(v -> secretValues.add(v.asText()));
        }
        for (ObjectNode configMap : Chart.ofKind(objects, "ConfigMap")) {
            configMap.path("data").fields().forEachRemaining(entry -> {
                String where = Chart.name(configMap) + "." + entry.getKey();
                if (!entry.getKey().endsWith(".json") && !entry.getKey().endsWith(".properties")) {
                    assertFalse(SECRET_NAME.matcher(entry.getKey()).matches(), where + " looks like a secret");
                }
                for (String value : secretValues) {
                    assertFalse(entry.getValue().asText().contains(value), where + " holds a secret value");
                }
            });
        }
        if (Variants.has(variant, "secrets")) {
            // With CloudNativePG the database passwords are the clusters' own: privacy then has none (recording
            // keeps its LiveKit keys)
            assertEquals(Variants.has(variant, "operators") ? 4 : 5, Chart.ofKind(objects, "Secret").size(),
                    "platform keys + the services' own secrets");
            for (ObjectNode secret : Chart.ofKind(objects, "Secret")) {
                assertEquals("keep", secret.path("metadata").path("annotations").path("helm.sh/resource-policy").asText(),
                        Chart.name(secret) + " survives helm uninstall");
            }
        } else {
            assertEquals(0, Chart.ofKind(objects, "Secret").size(), "no Secret made without secrets.create");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void referencesPointAtWhatIsRendered(Chart.Variant variant) {
        List<ObjectNode> objects = Variants.rendered(variant);
        Set<String> configMaps = Chart.ofKind(objects, "ConfigMap").stream().map(Chart::name).collect(Collectors.toSet());
        Set<String> services = Chart.ofKind(objects, "Service").stream().map(Chart::name).collect(Collectors.toSet());
        for (ObjectNode deployment : Chart.ofKind(objects, "Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            assertEquals(deployment.path("spec").path("selector").path("matchLabels").toString(),
                    selectorOf(podLabels, deployment.path("spec").path("selector").path("matchLabels")).toString());
            for (JsonNode container : pod.path("containers")) {
                container.path("envFrom").forEach(from -> assertTrue(
                        configMaps.contains(from.path("configMapRef").path("name").asText()), "envFrom " + from));
            }
            pod.path("volumes").forEach(v -> {
                if (v.has("configMap")) {
                    assertTrue(configMaps.contains(v.path("configMap").path("name").asText()), "volume " + v);
                }
            });
            assertTrue(services.contains(Chart.name(deployment)), Chart.name(deployment) + " has a Service");
        }
        for (ObjectNode service : Chart.ofKind(objects, "Service")) {
            JsonNode selector = service.path("spec").path("selector");
            ObjectNode deployment = Chart.ofKind(objects, "Deployment").stream()
                    .filter(d -> selectorOf(d.path("spec").path("template").path("metadata").path("labels"), selector).equals(selector))
                    .findFirst().orElseThrow(() -> new AssertionError(Chart.name(service) + " selects no pods"));
            Set<String> ports = new HashSet<>();
            deployment.path("spec").path("template").path("spec").path("containers").get(0).path("ports")
                    .forEach(p -> ports.add(p.path("name").asText()));
            service.path("spec").path("ports").forEach(p -> assertTrue(ports.contains(p.path("targetPort").asText()),
                    Chart.name(service) + " targets " + p.path("targetPort")));
        }
        for (ObjectNode ingress : Chart.ofKind(objects, "Ingress")) {
            assertFalse(ingress.path("spec").path("tls").isEmpty(), "Ingress with TLS");
            ingress.path("spec").path("rules").forEach(rule -> rule.path("http").path("paths").forEach(path ->
                    assertEquals(Chart.RELEASE + "-gateway", path.path("backend").path("service").path("name").asText(),
                            "the Ingress reaches the gateway only")));
            if (Variants.has(variant, "tls")) {
                assertEquals("letsencrypt", ingress.path("metadata").path("annotations").path("cert-manager.io/cluster-issuer").asText());
            }
        }
        assertEquals(Variants.has(variant, "bare") ? 0 : 1, Chart.ofKind(objects, "Ingress").size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void networkPoliciesConfineEveryWorkload(Chart.Variant variant) {
        List<ObjectNode> objects = Variants.rendered(variant);
        List<ObjectNode> policies = Chart.ofKind(objects, "NetworkPolicy");
        if (Variants.has(variant, "no-network-policy")) {
            assertTrue(policies.isEmpty());
            return;
        }
        ObjectNode defaultDeny = policies.stream().filter(p -> Chart.name(p).endsWith("-default-deny")).findFirst()
                .orElseThrow(() -> new AssertionError("no default-deny NetworkPolicy"));
        assertFalse(defaultDeny.path("spec").has("ingress") || defaultDeny.path("spec").has("egress"), "deny-all has no rules");
        for (ObjectNode deployment : Chart.ofKind(objects, "Deployment")) {
            String name = Chart.name(deployment);
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            assertTrue(selects(defaultDeny, podLabels), name + " under the default deny");
            List<ObjectNode> own = policies.stream().filter(p -> p != defaultDeny && selects(p, podLabels)).toList();
            assertEquals(1, own.size(), name + ": one NetworkPolicy of its own");
            JsonNode spec = own.get(0).path("spec");
            assertEquals("[\"Ingress\",\"Egress\"]", spec.path("policyTypes").toString(), name);
            List<JsonNode> sources = new ArrayList<>();
            spec.path("ingress").forEach(rule -> {
                assertFalse(rule.path("from").isEmpty(), name + ": an ingress rule open to everyone");
                assertFalse(rule.path("ports").isEmpty(), name + ": an ingress rule on every port");
                rule.path("from").forEach(sources::add);
            });
            boolean fromIngressController = sources.stream().anyMatch(s -> s.path("namespaceSelector").path("matchLabels")
                    .path("kubernetes.io/metadata.name").asText().equals("ingress-nginx"));
            assertEquals(name.endsWith("-gateway"), fromIngressController,
                    name + ": only the gateway is reachable from the ingress controller");
            sources.forEach(s -> assertFalse(s.has("ipBlock"), name + ": ingress from an address block"));
            boolean dns = StreamSupport.stream(spec.path("egress").spliterator(), false).anyMatch(rule ->
                    rule.path("ports").toString().contains("53"));
            assertTrue(dns, name + ": DNS egress");
            spec.path("egress").forEach(rule -> assertFalse(rule.path("ports").isEmpty(), name + ": egress on every port"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void switchesRenderWhatTheyPromise(Chart.Variant variant) {
        List<ObjectNode> objects = Variants.rendered(variant);
        int workloads = Chart.COMPONENTS.size();
        boolean scaling = Variants.has(variant, "scaling");
        assertEquals(scaling ? workloads : 0, Chart.ofKind(objects, "PodDisruptionBudget").size());
        assertEquals(scaling ? workloads : 0, Chart.ofKind(objects, "HorizontalPodAutoscaler").size());
        Chart.ofKind(objects, "Deployment").forEach(d -> assertEquals(!scaling, d.path("spec").has("replicas"),
                Chart.name(d) + ": replicas are the autoscaler's when it is on"));
        boolean monitoring = Variants.has(variant, "monitoring");
        assertEquals(monitoring ? workloads : 0, Chart.ofKind(objects, "ServiceMonitor").size());
        assertEquals(monitoring ? 1 : 0, Chart.ofKind(objects, "PrometheusRule").size());
        Chart.ofKind(objects, "PrometheusRule").forEach(rule -> {
            Set<String> alerts = new HashSet<>();
            rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> {
                alerts.add(r.path("alert").asText());
                assertFalse(r.path("expr").asText().isBlank(), r.path("alert").asText());
            }));
            assertEquals(Set.of("HuiketangServiceDown", "HuiketangServiceInstancesMissing", "HuiketangHighErrorRatio",
                    "HuiketangHighLatencyP99", "HuiketangOutboxLag", "HuiketangOutboxParked", "HuiketangInboxDeadLetters",
                    "HuiketangPrivacyRequestsOverdue", "HuiketangRetentionNotRun"), alerts);
            assertTrue(rule.toString().contains("more than 5% of requests"), "thresholds rendered as configured");
        });
        long dashboards = Chart.ofKind(objects, "ConfigMap").stream()
                .filter(c -> c.path("metadata").path("labels").path("grafana_dashboard").asText().equals("1")).count();
        assertEquals(Variants.has(variant, "bare") ? 0 : workloads + 1, dashboards, "overview + one per workload");
        boolean operators = Variants.has(variant, "operators");
        assertEquals(operators ? 4 : 0, Chart.ofKind(objects, "Cluster").size(), "a CloudNativePG Cluster per database");
        assertEquals(operators ? 1 : 0, Chart.ofKind(objects, "Kafka").size());
        assertEquals(operators ? 1 : 0, Chart.ofKind(objects, "KafkaNodePool").size());
        assertEquals(operators ? KafkaTopicsTest.devTopics().size() : 0, Chart.ofKind(objects, "KafkaTopic").size());
        boolean tls = Variants.has(variant, "tls");
        assertEquals(tls ? workloads : 0, Chart.ofKind(objects, "Certificate").size());
        for (ObjectNode configMap : Chart.ofKind(objects, "ConfigMap")) {
            JsonNode data = configMap.path("data");
            if (data.has("HUIKETANG_OTEL_DISABLED")) {
                assertEquals(Variants.has(variant, "bare") ? "true" : "false", data.path("HUIKETANG_OTEL_DISABLED").asText(),
                        "tracing on by default");
                assertEquals("0.0.0.0", data.path("HUIKETANG_MANAGEMENT_HOST").asText(), "probes reach the management port");
            }
            if (data.has("HUIKETANG_MEETING_URL")) {
                assertTrue(data.path("HUIKETANG_MEETING_URL").asText().startsWith(tls ? "https://" : "http://"));
            }
        }
    }

    private static JsonNode selectorOf(JsonNode labels, JsonNode selector) {
        ObjectNode picked = Chart.JSON.createObjectNode();
        selector.fieldNames().forEachRemaining(k -> {
            if (labels.has(k)) {
                picked.set(k, labels.get(k));
            }
        });
        return picked;
    }

    private static boolean selects(JsonNode policy, JsonNode podLabels) {
        JsonNode match = policy.path("spec").path("podSelector").path("matchLabels");
        if (match.isEmpty()) {
            fail(Chart.name((ObjectNode) policy) + " selects every pod of the namespace");
        }
        return selectorOf(podLabels, match).equals(match);
    }
}
