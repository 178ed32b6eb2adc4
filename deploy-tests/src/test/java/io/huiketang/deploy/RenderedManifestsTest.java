package io.huiketang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * k8s/manifests: the chart rendered for people who deploy with kubectl (or kustomize) instead of Helm,
 * checked against a fresh render on every build. Regenerate after changing the chart:
 * ./mvnw -pl deploy-tests test -Dtest=RenderedManifestsTest -Dhuiketang.docs.write=true
 */
class RenderedManifestsTest {

    static final Path DIR = Chart.REPO.resolve("k8s/manifests");

    record Manifest(String file, Chart.Variant variant, String purpose) {
        @Override
        public String toString() {
            return file;
        }
    }

    static List<Manifest> manifests() {
        return List.of(
                new Manifest("huiketang.yaml", Variants.defaults(),
                        "the defaults: external PostgreSQL, Kafka, Redis and S3; Secrets made beforehand; dashboards"),
                new Manifest("huiketang-operators.yaml", Variants.of("operators", "monitoring", "scaling"),
                        "with CloudNativePG clusters, a Strimzi Kafka and its topics, ServiceMonitors and alerts, PDBs and HPAs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void renderedManifestsAreTheChartsOutput(Manifest manifest) throws IOException {
        String expected = "# Generated from k8s/helm/huiketang by deploy-tests' RenderedManifestsTest: do not edit.\n"
                + "# " + manifest.purpose() + ".\n"
                + "# Release name \"" + Chart.RELEASE + "\"; apply into namespace \"" + Chart.NAMESPACE + "\" (kustomization.yaml).\n"
                + Chart.template(manifest.variant());
        Path file = DIR.resolve(manifest.file());
        if (Boolean.getBoolean("huiketang.docs.write")) {
            Files.createDirectories(DIR);
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), file + " missing: regenerate with -Dhuiketang.docs.write=true");
        assertEquals(expected, Files.readString(file), file + " is stale: regenerate with -Dhuiketang.docs.write=true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void kustomizeBuildsTheManifests(Manifest manifest) throws Exception {
        Path kubectl = List.of("/usr/bin/kubectl", "/usr/local/bin/kubectl").stream().map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl != null, "kubectl not installed");
        Path work = Files.createTempDirectory("kustomize");
        Files.copy(DIR.resolve(manifest.file()), work.resolve(manifest.file()));
        Files.writeString(work.resolve("kustomization.yaml"),
                Files.readString(DIR.resolve("kustomization.yaml")).replace("- huiketang.yaml", "- " + manifest.file()));
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", work.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        var built = Chart.objects(out);
        assertEquals(Chart.objects(Files.readString(DIR.resolve(manifest.file()))).size(), built.size());
        built.forEach(o -> assertEquals(Chart.NAMESPACE, o.path("metadata").path("namespace").asText(), Chart.name(o)));
    }
}
