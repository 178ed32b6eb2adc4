package io.huiketang.account.sso;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.enterprise.EnterpriseAccess;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.security.Authenticated;

/** An enterprise's own OpenID Connect provider (ACC-7), configured by its administrators. */
@Path("/api/v1/enterprises/{enterpriseId}/sso")
@Tag(name = "Enterprise SSO")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SsoConfigurationResource {

    private static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");
    private static final String CLAIM = "[A-Za-z0-9_.:-]+";
    // RFC 6749 3.3 scope-token
    private static final String SCOPE = "[\\x21\\x23-\\x5B\\x5D-\\x7E]+";
    private static final String DOMAIN = "(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]";

    /** Which ID-token claims carry the person's e-mail and display name. */
    public record ClaimMapping(@Size(max = 64) @Pattern(regexp = CLAIM, message = "must be a claim name") String email,
            @Size(max = 64) @Pattern(regexp = CLAIM, message = "must be a claim name") String displayName) {
    }

    /**
     * @param clientSecret required the first time; left out later, the stored secret is kept
     * @param scopes       defaults to openid, email and profile
     */
    public record SsoSettings(@NotBlank @Size(max = 512) String issuer,
            @NotBlank @Size(max = 255) String clientId,
            @Size(min = 1, max = 512) String clientSecret,
            @Size(max = 20) List<@NotBlank @Size(max = 64) @Pattern(regexp = SCOPE, message = "must be a scope")
                    String> scopes,
            @Valid ClaimMapping claimMapping,
            @NotEmpty @Size(max = 50) List<@NotNull @Size(max = 253) @Pattern(regexp = DOMAIN,
                    message = "must be a domain name") String> verifiedDomains) {
    }

    /**
     * @param clientSecretSet never the secret itself
     * @param callbackUrl     to register at the provider as the client's redirect URI
     */
    public record SsoSettingsView(String enterpriseId, String issuer, String clientId, boolean clientSecretSet,
            List<String> scopes, ClaimMapping claimMapping, List<String> verifiedDomains, String callbackUrl,
            String updatedBy, Instant updatedAt) {
    }

    private final Caller caller;
    private final EnterpriseAccess access;
    private final SensitiveFields sensitive;
    private final OidcProvider oidc;
    private final SsoConfig config;

    SsoConfigurationResource(Caller caller, EnterpriseAccess access, SensitiveFields sensitive, OidcProvider oidc,
            SsoConfig config) {
        this.caller = caller;
        this.access = access;
        this.sensitive = sensitive;
        this.oidc = oidc;
        this.config = config;
    }

    @PUT
    @Transactional
    @Operation(summary = "Configure the enterprise's OpenID Connect provider (its discovery document is checked now)")
    @APIResponse(responseCode = "200", description = "Replaced")
    @APIResponse(responseCode = "201", description = "Configured for the first time")
    @APIResponse(responseCode = "400",
            description = "Invalid settings, or an issuer without a matching discovery document")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    public Response configureSso(@PathParam("enterpriseId") UUID enterpriseId, @Valid @NotNull SsoSettings settings) {
        caller.requireActive();
        access.requireAdmin(enterpriseId);
        List<String> scopes = settings.scopes() == null ? DEFAULT_SCOPES
                : List.copyOf(new LinkedHashSet<>(settings.scopes()));
        if (!scopes.contains("openid")) {
            throw ProblemException.invalidField("scopes", "must include openid");
        }
        SsoConfiguration sso = SsoConfiguration.findById(enterpriseId);
        boolean created = sso == null;
        if (created && settings.clientSecret() == null) {
            throw ProblemException.invalidField("clientSecret", "is required when SSO is first configured");
        }
        String issuer = settings.issuer().strip();
        try {
            oidc.discover(issuer);
        } catch (OidcProvider.ProviderException e) {
            throw ProblemException.invalidField("issuer", e.getMessage());
        }
        if (created) {
            sso = new SsoConfiguration();
            sso.enterpriseId = enterpriseId;
        }
        sso.issuer = issuer;
        sso.clientId = settings.clientId().strip();
        if (settings.clientSecret() != null) {
            sso.clientSecretCipher = sensitive.encrypt(settings.clientSecret());
        }
        sso.scopes = new ArrayList<>(scopes);
        ClaimMapping claims = settings.claimMapping();
        sso.emailClaim = claims == null || claims.email() == null ? "email" : claims.email();
        sso.nameClaim = claims == null || claims.displayName() == null ? "name" : claims.displayName();
        sso.verifiedDomains = new ArrayList<>(new LinkedHashSet<>(
                settings.verifiedDomains().stream().map(d -> d.toLowerCase(Locale.ROOT)).toList()));
        sso.updatedBy = caller.accountId();
        sso.updatedAt = Instant.now();
        sso.persist();
        SsoSettingsView view = view(sso);
        return created ? Response.created(URI.create("/api/v1/enterprises/" + enterpriseId + "/sso")).entity(view)
                .build() : Response.ok(view).build();
    }

    @GET
    @Operation(summary = "The enterprise's SSO configuration, without its client secret")
    @APIResponse(responseCode = "200", description = "The configuration")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's, or no SSO configured")
    public SsoSettingsView getSso(@PathParam("enterpriseId") UUID enterpriseId) {
        access.requireAdmin(enterpriseId);
        SsoConfiguration sso = SsoConfiguration.findById(enterpriseId);
        if (sso == null) {
            throw SsoProblems.notConfigured();
        }
        return view(sso);
    }

    @DELETE
    @Transactional
    @Operation(summary = "Turn SSO off; accounts already provisioned stay, and so do their links")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's, or no SSO configured")
    public void deleteSso(@PathParam("enterpriseId") UUID enterpriseId) {
        caller.requireActive();
        access.requireAdmin(enterpriseId);
        if (!SsoConfiguration.deleteById(enterpriseId)) {
            throw SsoProblems.notConfigured();
        }
    }

    private SsoSettingsView view(SsoConfiguration sso) {
        return new SsoSettingsView(sso.enterpriseId.toString(), sso.issuer, sso.clientId,
                sso.clientSecretCipher != null, List.copyOf(sso.scopes),
                new ClaimMapping(sso.emailClaim, sso.nameClaim),
                List.copyOf(sso.verifiedDomains), config.callbackUrl(), sso.updatedBy.toString(), sso.updatedAt);
    }
}
