package io.huiketang.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart's switches, and every combination of them: each is rendered, parsed strictly and checked.
 */
final class Variants {

    /** Values of the secrets the chart makes with secrets.create: recognisable, to find them if they leak. */
    static final Map<String, String> SECRET_VALUES = Map.ofEntries(
            Map.entry("platformSecret.fieldKey", "bGVhay1jaGVjay1maWVsZC1rZXktMzItYnl0ZXMtLS0="),
            Map.entry("platformSecret.lookupKey", "bGVhay1jaGVjay1sb29rdXAta2V5LTMyLWJ5dGVzLS0="),
            Map.entry("s3.accessKey", "leak-check-s3-access"),
            Map.entry("s3.secretKey", "leak-check-s3-secret"),
            Map.entry("account.secretValues.HUIKETANG_ACCOUNT_DB_PASSWORD", "leak-check-account-db"),
            Map.entry("account.secretValues.HUIKETANG_WECHAT_SECRET", "leak-check-wechat"),
            Map.entry("meeting.secretValues.HUIKETANG_MEETING_DB_PASSWORD", "leak-check-meeting-db"),
            Map.entry("meeting.secretValues.HUIKETANG_LIVEKIT_API_KEY", "leak-check-livekit-key"),
            Map.entry("meeting.secretValues.HUIKETANG_LIVEKIT_API_SECRET", "leak-check-livekit-secret"),
            Map.entry("recording.secretValues.HUIKETANG_RECORDING_DB_PASSWORD", "leak-check-recording-db"),
            Map.entry("recording.secretValues.HUIKETANG_LIVEKIT_API_KEY", "leak-check-recording-livekit-key"),
            Map.entry("recording.secretValues.HUIKETANG_LIVEKIT_API_SECRET", "leak-check-recording-livekit-secret"),
            Map.entry("privacy.secretValues.HUIKETANG_PRIVACY_DB_PASSWORD", "leak-check-privacy-db"));

    /** Each switch and the values it sets. */
    static final Map<String, Map<String, String>> FLAGS = new LinkedHashMap<>();
    static {
        Map<String, String> secrets = new LinkedHashMap<>(SECRET_VALUES);
        secrets.put("secrets.create", "true");
        FLAGS.put("secrets", secrets);
        FLAGS.put("operators", Map.of("postgresql.mode", "cloudnativepg", "kafka.mode", "strimzi"));
        FLAGS.put("monitoring", Map.of("monitoring.serviceMonitors.enabled", "true",
                "monitoring.prometheusRules.enabled", "true"));
        FLAGS.put("scaling", Map.of("autoscaling.enabled", "true", "podDisruptionBudget.enabled", "true"));
        FLAGS.put("tls", Map.of("tls.services.enabled", "true", "tls.certManager.issuerRef.name", "internal-ca",
                "tls.services.trustStoreSecret", "huiketang-trust", "tls.postgresql.enabled", "true",
                "tls.postgresql.caSecret", "postgresql-ca", "tls.redis.enabled", "true", "tls.redis.caSecret", "redis-ca",
                "ingress.tls.certManager.enabled", "true"));
        FLAGS.put("no-network-policy", Map.of("networkPolicy.enabled", "false"));
        FLAGS.put("bare", Map.of("ingress.enabled", "false", "otel.enabled", "false",
                "monitoring.dashboards.enabled", "false"));
    }

    private Variants() {
    }

    static Chart.Variant defaults() {
        return new Chart.Variant("defaults", Map.of(), List.of());
    }

    static Chart.Variant of(String... flags) {
        Map<String, String> sets = new LinkedHashMap<>();
        for (String flag : flags) {
            sets.putAll(FLAGS.get(flag));
        }
        return new Chart.Variant(flags.length == 0 ? "defaults" : String.join("+", flags), sets, List.of());
    }

    /**
     * The defaults, each switch alone, every pair of switches, and all of them at once (all 2^7
     * combinations render and parse too, but take half a minute: a template is a pair's interaction, so
     * pairs and the whole set are what the build runs).
     */
    static List<Chart.Variant> all() {
        List<String> names = new ArrayList<>(FLAGS.keySet());
        List<Chart.Variant> variants = new ArrayList<>();
        variants.add(defaults());
        for (int i = 0; i < names.size(); i++) {
            variants.add(of(names.get(i)));
        }
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                variants.add(of(names.get(i), names.get(j)));
            }
        }
        variants.add(of(names.toArray(String[]::new)));
        return variants;
    }

    private static final Map<String, List<com.fasterxml.jackson.databind.node.ObjectNode>> RENDERED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The variant's objects, rendered once per test run. */
    static List<com.fasterxml.jackson.databind.node.ObjectNode> rendered(Chart.Variant variant) {
        return RENDERED.computeIfAbsent(variant.name(), n -> Chart.render(variant));
    }

    static boolean has(Chart.Variant variant, String flag) {
        return FLAGS.get(flag).entrySet().stream().allMatch(e -> e.getValue().equals(variant.sets().get(e.getKey())));
    }
}
