package io.huiketang.deploy;

import java.util.List;
import java.util.Map;

/**
 * The part of cert-manager's {@code cert-manager.io/v1 Certificate} the chart renders, field names and
 * types as in the cert-manager API reference (fabric8's cert-manager model is not published for the
 * fabric8 version of the Quarkus BOM). Unknown properties are refused by {@link StrictModel}.
 */
record CertManagerCertificate(String apiVersion, String kind, Metadata metadata, Spec spec) {

    record Metadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
    }

    record Spec(String secretName, String duration, String renewBefore, PrivateKey privateKey, List<String> dnsNames,
            List<String> usages, IssuerRef issuerRef) {
    }

    record PrivateKey(String algorithm, Integer size, String rotationPolicy) {
    }

    record IssuerRef(String name, String kind, String group) {
    }
}
