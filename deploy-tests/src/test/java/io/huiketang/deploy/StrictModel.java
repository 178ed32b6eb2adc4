package io.huiketang.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Parses a rendered object into the typed model of its kind and API version (the fabric8 Kubernetes
 * model; Strimzi's own API model; {@link CertManagerCertificate} and {@link CloudNativePgCluster}, records of
 * the fields the chart uses, for cert-manager and CloudNativePG), then
 * fails on any field the model does not know: these models keep unknown or misspelt fields in
 * {@code additionalProperties} instead of refusing them, so every one of those maps in the object
 * graph must be empty. A wrong type (a string where a number goes) fails the parse itself.
 */
final class StrictModel {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("cert-manager.io/v1/Certificate", CertManagerCertificate.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", CloudNativePgCluster.class));

    private static final Map<Class<?>, List<Method>> GETTERS = new java.util.concurrent.ConcurrentHashMap<>();

    private StrictModel() {
    }

    /** The getters that can lead to more of the model: not those of strings, numbers, booleans, enums. */
    private static List<Method> getters(Class<?> type) {
        List<Method> getters = new ArrayList<>();
        for (Method method : type.getMethods()) {
            Class<?> returns = method.getReturnType();
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getName().equals("getClass")
                    || returns.isPrimitive() || returns.isEnum() || returns == String.class
                    || Number.class.isAssignableFrom(returns) || returns == Boolean.class) {
                continue;
            }
            getters.add(method);
        }
        return getters;
    }

    static String typeKey(ObjectNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    /** The typed object; fails for a kind without a model, a wrong type, or an unknown field. */
    static Object parse(ObjectNode object) {
        String key = typeKey(object);
        Class<?> type = TYPES.get(key);
        assertTrue(type != null, () -> "no model for " + key + " (" + Chart.name(object) + "): add one to StrictModel");
        Object typed;
        try {
            typed = MAPPER.treeToValue(object, type);
        } catch (Exception e) {
            throw new AssertionError(key + " " + Chart.name(object) + " does not parse: " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        walk(typed, key + " " + Chart.name(object), unknown, new IdentityHashMap<>());
        assertTrue(unknown.isEmpty(), () -> "fields the Kubernetes model does not know: " + unknown);
        return typed;
    }

    private static void walk(Object value, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8") || pkg.startsWith("io.strimzi") || pkg.startsWith("io.huiketang"))) {
            return;
        }
        for (Method method : GETTERS.computeIfAbsent(value.getClass(), StrictModel::getters)) {
            Object child;
            try {
                child = method.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
                continue;
            }
            walk(child, path + "." + method.getName().substring(3), unknown, seen);
        }
    }
}
