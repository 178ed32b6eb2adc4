package io.huiketang.kit.support;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.huiketang.kit.problem.ProblemException;
import io.huiketang.kit.request.RequestIds;

/** Endpoints that fail in every way the problem mapping must cover. */
@Path("/kit-test")
@Produces(MediaType.APPLICATION_JSON)
public class ProblemTestResource {

    public record Contact(@NotBlank String name, @Email String email) {
    }

    public record Meeting(@NotBlank @Size(max = 20) String topic, @Min(1) @Max(1440) int minutes,
            @NotNull @Valid Contact host, List<@NotBlank String> tags) {
    }

    @POST
    @Path("/meetings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Meeting create(@Valid @NotNull Meeting meeting) {
        return meeting;
    }

    @GET
    @Path("/meetings")
    public List<Meeting> list(@QueryParam("limit") @Min(1) @Max(100) int limit) {
        return List.of();
    }

    @GET
    @Path("/meetings/{number}")
    public Meeting get(@PathParam("number") String number) {
        throw ProblemException.notFound("No meeting with this number exists.");
    }

    @POST
    @Path("/meetings/{number}/start")
    public void start(@PathParam("number") String number) {
        throw ProblemException.conflict("The meeting has already ended.");
    }

    @GET
    @Path("/limited")
    public void limited() {
        throw ProblemException.tooManyRequests("Too many codes requested for this number.", Duration.ofMillis(1500));
    }

    @GET
    @Path("/secured")
    public void secured() {
        throw new io.quarkus.security.ForbiddenException("not an admin of enterprise 42");
    }

    @GET
    @Path("/boom")
    public void boom() {
        throw new IllegalStateException("secret internals: jdbc:postgresql://db/account password=hunter2");
    }

    @GET
    @Path("/request-id")
    @Produces(MediaType.TEXT_PLAIN)
    public String requestId() {
        return RequestIds.current();
    }
}
