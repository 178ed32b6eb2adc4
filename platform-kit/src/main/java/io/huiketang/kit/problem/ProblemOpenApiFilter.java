package io.huiketang.kit.problem;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the problem body in every service's OpenAPI: a {@code Problem} schema, every declared
 * error response given that schema, and a {@code default} problem response on each operation.
 */
public class ProblemOpenApiFilter implements OASFilter {

    private static final String REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema("ProblemFieldError", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("A rejected field of the request")
                .addProperty("field", string("Path of the field in the request, e.g. host.email"))
                .addProperty("message", string("Why it was rejected"))
                .required(List.of("field", "message")));
        components.addSchema("Problem", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail (application/problem+json)")
                .addProperty("type", string("URI of the problem type; about:blank when the status says it all"))
                .addProperty("title", string("Short summary of the problem type"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                        .description("HTTP status code"))
                .addProperty("detail", string("What went wrong with this request"))
                .addProperty("instance", string("The request path"))
                .addProperty("requestId", string("The X-Request-Id of the request, to quote when reporting it"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref("#/components/schemas/ProblemFieldError")))
                .required(List.of("type", "title", "status")));
    }

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (responses.getAPIResponses() != null) {
            for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
                String status = entry.getKey();
                if ((status.startsWith("4") || status.startsWith("5")) && entry.getValue().getRef() == null) {
                    entry.getValue().setContent(problemContent());
                }
            }
        }
        if (!responses.hasAPIResponse(APIResponses.DEFAULT)) {
            responses.addAPIResponse(APIResponses.DEFAULT, OASFactory.createAPIResponse()
                    .description("A problem: the request was refused or failed").content(problemContent()));
        }
        return operation;
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF)));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
