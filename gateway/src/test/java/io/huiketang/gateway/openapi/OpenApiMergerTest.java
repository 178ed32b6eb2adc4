package io.huiketang.gateway.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.gateway.routing.PathPattern;

/** How two services' documents become one: shared schemas kept once, clashing ones renamed, ids unique. */
class OpenApiMergerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode doc(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void clashingSchemasAreRenamedAndTheirReferencesFollow() throws Exception {
        JsonNode a = doc("{'paths':{'/api/v1/a/x':{'get':{'operationId':'export','responses':{'200':{'content':{'application/json':{'schema':{'$ref':'#/components/schemas/View'}}}}}}},"
                + "'/q/health':{'get':{'operationId':'health'}}},"
                + "'components':{'schemas':{'View':{'type':'string'},'Problem':{'type':'object'}}}}");
        JsonNode b = doc("{'paths':{'/api/v1/b/y':{'get':{'operationId':'export','responses':{'200':{'content':{'application/json':{'schema':{'$ref':'#/components/schemas/View'}}}}}}}},"
                + "'components':{'schemas':{'View':{'type':'integer'},'Problem':{'type':'object'}}}}");
        JsonNode merged = OpenApiMerger.merge(List.of(
                new OpenApiMerger.Part("alpha", "alpha-service", List.of(PathPattern.of("/api/v1/a/**")), a, null),
                new OpenApiMerger.Part("beta", "beta-service", List.of(PathPattern.of("/api/v1/b/**")), b, null),
                new OpenApiMerger.Part("gamma", "gamma-service", List.of(PathPattern.of("/api/v1/c/**")), null, "it is not reachable")),
                "1", "/", (method, path) -> false);

        assertEquals("string", merged.at("/components/schemas/View/type").asText());
        assertEquals("integer", merged.at("/components/schemas/BetaView/type").asText());
        assertEquals("#/components/schemas/BetaView",
                merged.at("/paths/~1api~1v1~1b~1y/get/responses/200/content/application~1json/schema/$ref").asText());
        assertEquals("export", merged.at("/paths/~1api~1v1~1a~1x/get/operationId").asText());
        assertEquals("beta_export", merged.at("/paths/~1api~1v1~1b~1y/get/operationId").asText());
        assertFalse(merged.get("paths").has("/q/health"), "only what the gateway routes");
        assertFalse(merged.at("/components/schemas").has("BetaProblem"), "identical schemas are shared");
        assertTrue(merged.at("/info/description").asText().contains("gamma-service"));
    }
}
