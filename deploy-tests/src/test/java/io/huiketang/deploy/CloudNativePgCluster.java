package io.huiketang.deploy;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The part of CloudNativePG's {@code postgresql.cnpg.io/v1 Cluster} the chart renders, field names and
 * types as in the CloudNativePG API reference (no Java model of it is published on Maven Central).
 * Parsed with unknown properties refused: a field the chart misspells, or one outside this subset,
 * fails {@link StrictModel}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record CloudNativePgCluster(String apiVersion, String kind, Metadata metadata, Spec spec) {

    record Metadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
    }

    record Spec(Integer instances, String imageName, String primaryUpdateStrategy, Storage storage,
            Bootstrap bootstrap, Monitoring monitoring) {
    }

    record Storage(String size, String storageClass) {
    }

    record Bootstrap(InitDb initdb) {
    }

    record InitDb(String database, String owner) {
    }

    record Monitoring(Boolean enablePodMonitor) {
    }
}
