package io.huiketang.account.verification;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.PhoneNumbers;
import io.vertx.core.http.HttpServerRequest;

@Path("/api/v1/accounts/verification-codes")
@Tag(name = "Registration and login")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class VerificationCodeResource {

    /**
     * @param deviceId the app's installation id (a UUID or similar, 8-128 of {@code A-Z a-z 0-9 . _ : -}),
     *                 for the per-device limit; only its keyed hash is kept
     */
    public record CodeRequest(@NotBlank @Size(max = 32) String phone,
            @Pattern(regexp = CodeRequester.DEVICE_ID,
                    message = "must be the app's installation id (8-128 letters, digits or . _ : -)") String deviceId) {
    }

    private final VerificationCodes codes;

    VerificationCodeResource(VerificationCodes codes) {
        this.codes = codes;
    }

    @POST
    @Operation(summary = "Send a login or registration code by SMS",
            description = "The answer is the same whether or not the number has an account.")
    @APIResponse(responseCode = "202", description = "A code was sent")
    @APIResponse(responseCode = "400", description = "Malformed number")
    @APIResponse(responseCode = "429", description = "Too many codes for this number, address or device; see Retry-After")
    public Response send(@Valid @NotNull CodeRequest request, @Context HttpServerRequest http) {
        String phone = PhoneNumbers.normalize(request.phone(), "phone");
        VerificationCodes.Sent sent = codes.send(phone, CodePurpose.LOGIN,
                new CodeRequester(http.remoteAddress().hostAddress(), request.deviceId()));
        return Response.accepted(sent).build();
    }
}
