package io.huiketang.gateway.openapi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.huiketang.gateway.routing.PathPattern;

/**
 * Merges the services' OpenAPI documents into the one document of the public API. A service's part
 * is the paths its routes send to it (never its /q/ endpoints), so every path in the result is
 * callable at the gateway; schemas of the same name and shape are shared, clashing ones renamed;
 * operation ids stay unique. A service whose document could not be fetched is left out with a note.
 */
public final class OpenApiMerger {

    static final String SCHEMA_REF = "#/components/schemas/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** One service's part: its document, or why it is missing. */
    public record Part(String upstream, String title, List<PathPattern> patterns, JsonNode document, String missingReason) {
    }

    private OpenApiMerger() {
    }

    /**
     * @param isPublic whether (method, path) is callable without a token
     */
    public static ObjectNode merge(List<Part> parts, String version, String serverUrl, BiPredicate<String, String> isPublic) {
        ObjectNode merged = JSON.createObjectNode();
        merged.put("openapi", "3.1.0");
        ObjectNode info = merged.putObject("info");
        info.put("title", "Huiketang API");
        info.put("version", version);
        merged.putArray("servers").addObject().put("url", serverUrl);
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("bearerFormat", "JWT").put("description", "An access token issued by account-service");
        Map<String, ObjectNode> tags = new LinkedHashMap<>();
        Set<String> operationIds = new HashSet<>();
        List<String> notes = new ArrayList<>();
        ArrayNode missing = JSON.createArrayNode();

        for (Part part : parts) {
            if (part.document() == null) {
                notes.add("- **" + part.title() + "** is not included: " + part.missingReason() + ".");
                missing.addObject().put("service", part.title()).put("reason", part.missingReason());
                continue;
            }
            JsonNode document = part.document().deepCopy();
            Map<String, String> renamed = new HashMap<>();
            JsonNode theirSchemas = document.path("components").path("schemas");
            for (Iterator<Map.Entry<String, JsonNode>> it = theirSchemas.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> schema = it.next();
                JsonNode existing = schemas.get(schema.getKey());
                if (existing != null && !existing.equals(schema.getValue())) {
                    renamed.put(schema.getKey(), prefix(part.upstream()) + schema.getKey());
                }
            }
            rewriteRefs(document, renamed);
            for (Iterator<Map.Entry<String, JsonNode>> it = document.path("components").path("schemas").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> schema = it.next();
                schemas.set(renamed.getOrDefault(schema.getKey(), schema.getKey()), schema.getValue());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> path = it.next();
                if (part.patterns().stream().noneMatch(p -> p.matches(path.getKey()))) {
                    continue; // not reachable through the gateway
                }
                ObjectNode item = (ObjectNode) path.getValue();
                for (Iterator<Map.Entry<String, JsonNode>> ops = item.fields(); ops.hasNext();) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (!METHODS.contains(op.getKey()) || !op.getValue().isObject()) {
                        continue;
                    }
                    ObjectNode operation = (ObjectNode) op.getValue();
                    operation.put("x-huiketang-service", part.title());
                    String id = operation.path("operationId").asText(null);
                    if (id != null && !operationIds.add(id)) {
                        String unique = part.upstream() + "_" + id;
                        operation.put("operationId", unique);
                        operationIds.add(unique);
                    }
                    if (!isPublic.test(op.getKey().toUpperCase(Locale.ROOT), path.getKey())) {
                        operation.putArray("security").addObject().putArray("bearer");
                    } else {
                        operation.putArray("security");
                    }
                }
                paths.set(path.getKey(), item);
            }
            for (JsonNode tag : document.path("tags")) {
                tags.putIfAbsent(tag.path("name").asText(), (ObjectNode) tag);
            }
        }
        if (!tags.isEmpty()) {
            merged.putArray("tags").addAll(tags.values());
        }
        String description = "The public API of the Huiketang platform, as served by the gateway: every service's "
                + "API description merged, each path as clients call it.";
        if (!notes.isEmpty()) {
            description += "\n\nNote: part of the API is missing from this document right now:\n" + String.join("\n", notes);
        }
        info.put("description", description);
        merged.set("x-huiketang-missing", missing);
        return merged;
    }

    private static String prefix(String upstream) {
        return Character.toUpperCase(upstream.charAt(0)) + upstream.substring(1);
    }

    private static void rewriteRefs(JsonNode node, Map<String, String> renamed) {
        if (renamed.isEmpty()) {
            return;
        }
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(SCHEMA_REF)) {
                String name = ref.asText().substring(SCHEMA_REF.length());
                if (renamed.containsKey(name)) {
                    object.set("$ref", TextNode.valueOf(SCHEMA_REF + renamed.get(name)));
                }
            }
            object.elements().forEachRemaining(child -> rewriteRefs(child, renamed));
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> rewriteRefs(child, renamed));
        }
    }
}
