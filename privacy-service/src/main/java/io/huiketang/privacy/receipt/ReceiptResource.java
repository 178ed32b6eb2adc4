package io.huiketang.privacy.receipt;

import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.kit.problem.ProblemException;
import io.huiketang.privacy.request.RightsRequest;

/**
 * Erasure receipts and the keys that verify them. Public: after an erasure the person has no account to log in
 * with, so the receipt is fetched by its request id (random, 122 bits; the receipt holds ids and counts, never
 * personal data), and anyone can verify it offline against the published keys.
 */
@Path("/api/v1/privacy")
@Tag(name = "Erasure receipts")
public class ReceiptResource {

    public record Receipt(String requestId, String jws) {
    }

    private final ReceiptSigner signer;

    ReceiptResource(ReceiptSigner signer) {
        this.signer = signer;
    }

    @GET
    @Path("receipts/{requestId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The signed receipt of a completed erasure (ES256 compact JWS)")
    @APIResponse(responseCode = "200", description = "The receipt")
    @APIResponse(responseCode = "404", description = "No completed erasure with this id")
    public Receipt erasureReceipt(@PathParam("requestId") String requestId) {
        RightsRequest request;
        try {
            request = RightsRequest.findById(UUID.fromString(requestId));
        } catch (IllegalArgumentException e) {
            request = null;
        }
        if (request == null || request.receiptJws == null) {
            throw ProblemException.notFound("No completed erasure " + requestId);
        }
        return new Receipt(requestId, request.receiptJws);
    }

    @GET
    @Path("receipt-keys")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The public keys (JWKS) that verify erasure receipts")
    @APIResponse(responseCode = "200", description = "The JWKS")
    public Map<String, Object> receiptKeys() {
        return signer.jwks();
    }
}
