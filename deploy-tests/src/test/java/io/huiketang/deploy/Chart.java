package io.huiketang.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * The chart k8s/helm/huiketang rendered in-process by Helm (helm-java, no helm binary, no cluster) for
 * the Kubernetes version of the build, as the parsed objects.
 */
final class Chart {

    static final Path REPO = Path.of(System.getProperty("huiketang.repo.root", "..")).toAbsolutePath().normalize();
    static final Path DIR = REPO.resolve("k8s/helm/huiketang");
    static final String KUBE_VERSION = System.getProperty("huiketang.kubernetes.version", "1.32.0");
    static final String RELEASE = "huiketang";
    static final String NAMESPACE = "huiketang";
    /** Refuses a key twice in one mapping, which Kubernetes' own YAML decoder refuses too. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    static final ObjectMapper JSON = new ObjectMapper();

    /** The workloads, as the values.yaml sections and the application names. */
    static final Map<String, String> COMPONENTS = new LinkedHashMap<>();
    static {
        COMPONENTS.put("account", "account-service");
        COMPONENTS.put("meeting", "meeting-service");
        COMPONENTS.put("recording", "recording-service");
        COMPONENTS.put("chat", "chat-service");
        COMPONENTS.put("privacy", "privacy-service");
        COMPONENTS.put("gateway", "gateway");
    }

    private Chart() {
    }

    /** One way of installing the chart: --set pairs and values files (in k8s/helm/huiketang/ci or a path). */
    record Variant(String name, Map<String, String> sets, List<Path> valuesFiles) {

        static Variant of(String name, String... pairs) {
            Map<String, String> sets = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                sets.put(pairs[i], pairs[i + 1]);
            }
            return new Variant(name, sets, List.of());
        }

        Variant withFile(Path file) {
            List<Path> files = new ArrayList<>(valuesFiles);
            files.add(file);
            return new Variant(name, sets, files);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static String template(Variant variant) {
        TemplateCommand command = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path file : variant.valuesFiles()) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, String> set : variant.sets().entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    /** The rendered objects, in order; blank documents left out. */
    static List<ObjectNode> objects(String manifests) {
        List<ObjectNode> objects = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(manifests)) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode node = iterator.next();
                if (node != null && node.isObject() && !node.isEmpty()) {
                    objects.add((ObjectNode) node);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("rendered manifests are not YAML", e);
        }
        return objects;
    }

    static List<ObjectNode> render(Variant variant) {
        return objects(template(variant));
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
