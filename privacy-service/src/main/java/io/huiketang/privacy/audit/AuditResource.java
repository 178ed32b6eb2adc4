package io.huiketang.privacy.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.privacy.staff.Staff;
import io.huiketang.privacy.staff.StaffRoles;

/**
 * The audit log (PRV-13): a person sees who read their data, by role only; auditors query every
 * record and verify the chain.
 */
@Path("/api/v1/privacy/audit")
@Tag(name = "Audit log")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;
    private static final int MAX_ID = 200;

    /** One read of the caller's data as the caller sees it: the reader's role, never who they are. */
    public record DataRead(String actorRole, String source, String resource, String purpose, Instant accessedAt) {
    }

    public record DataReadsPage(List<DataRead> items, int page, int size) {
    }

    public record RecordsPage(List<AuditRecordView> items, int page, int size) {
    }

    /** A record as auditors see it; a purged record has no actor, subject, resource or purpose. */
    public record AuditRecordView(long seq, String source, Instant recordedAt, Instant occurredAt, String actorRole,
            String actorId, String subjectId, String action, String resource, String purpose, String prevHash,
            String hash) {

        static AuditRecordView of(AuditRecord r) {
            return new AuditRecordView(r.seq(), r.source(), r.recordedAt(), r.occurredAt(), r.actorRole(),
                    r.actorId(), r.subjectId(), r.action(), r.resource(), r.purpose(), r.prevHash(), r.hash());
        }
    }

    private final Caller caller;
    private final Staff staff;
    private final AuditRecords records;
    private final AuditChain chain;
    private final AuditLog log;

    AuditResource(Caller caller, Staff staff, AuditRecords records, AuditChain chain, AuditLog log) {
        this.caller = caller;
        this.staff = staff;
        this.records = records;
        this.chain = chain;
        this.log = log;
    }

    @GET
    @Path("/my-data-reads")
    @RolesAllowed("user")
    @Operation(summary = "Who read the caller's personal data: the reader's role, what, why and when, newest first",
            description = "Staff and administrators are shown by their role only, never by name or id.")
    @APIResponse(responseCode = "200", description = "One page of reads")
    @APIResponse(responseCode = "400", description = "Invalid page or size")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "Not a person's platform token")
    public DataReadsPage myDataReads(
            @Parameter(description = "Page number from 0") @QueryParam("page") String page,
            @Parameter(description = "Reads per page, 1 to 200 (50)") @QueryParam("size") String size) {
        int p = page(page);
        int s = size(size);
        String subject = caller.accountId().toString();
        List<DataRead> reads = records.readsOf(subject, p, s).stream()
                .map(r -> new DataRead(r.actorRole(), r.source(), r.resource(), r.purpose(), r.occurredAt()))
                .toList();
        return new DataReadsPage(reads, p, s);
    }

    @GET
    @Path("/records")
    @RolesAllowed(StaffRoles.AUDITOR)
    @Operation(summary = "Audit records by actor, subject and time, oldest first (auditors)",
            description = "A query naming a subject is itself recorded as a read of that person's audit records.")
    @APIResponse(responseCode = "200", description = "One page of records")
    @APIResponse(responseCode = "400", description = "Malformed actorId, subjectId, from, to, page or size, or 'from' "
            + "after 'to'")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "Not a staff auditor")
    public RecordsPage records(
            @Parameter(description = "Who acted: a platform account id or a staff id (staff:...)") @QueryParam("actorId") String actorId,
            @Parameter(description = "Whose data: a platform account id") @QueryParam("subjectId") String subjectId,
            @Parameter(description = "From this instant (ISO-8601, inclusive), by when the access happened") @QueryParam("from") String from,
            @Parameter(description = "Up to this instant (ISO-8601, exclusive)") @QueryParam("to") String to,
            @Parameter(description = "Page number from 0") @QueryParam("page") String page,
            @Parameter(description = "Records per page, 1 to 200 (50)") @QueryParam("size") String size) {
        String actor = id("actorId", actorId);
        String subject = id("subjectId", subjectId);
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw ProblemException.invalidField("to", "must not be before 'from'");
        }
        AuditRecords.Query query = new AuditRecords.Query(actor, subject, start, end, page(page), size(size));
        List<AuditRecordView> found = records.find(query).stream().map(AuditRecordView::of).toList();
        if (subject != null) {
            // Reading a person's audit trail is itself a read of their data
            log.append(staff.auditRole(), staff.auditId(), subject, "audit-records-read", "audit-log", "audit query");
        }
        return new RecordsPage(found, query.page(), query.size());
    }

    @GET
    @Path("/verification")
    @RolesAllowed({ StaffRoles.AUDITOR, StaffRoles.PRIVACY_OPERATOR })
    @Operation(summary = "Verifies the audit log's hash chain from its first record to its head",
            description = "intact=false names the first broken sequence number and what is wrong there (a record "
                    + "changed, removed, or not linked to the one before).")
    @APIResponse(responseCode = "200", description = "The verification's result")
    @APIResponse(responseCode = "401", description = "No valid access token")
    @APIResponse(responseCode = "403", description = "Not a staff auditor or privacy operator")
    public AuditChain.Verification verification() {
        return chain.verify();
    }

    private static String id(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > MAX_ID || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ProblemException.invalidField(field, "must be an id of 1 to " + MAX_ID + " printable characters");
        }
        return value;
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }

    private static int page(String value) {
        int page = number("page", value, 0);
        if (page < 0 || page > 100_000) {
            throw ProblemException.invalidField("page", "must be 0 to 100000");
        }
        return page;
    }

    private static int size(String value) {
        int size = number("size", value, DEFAULT_SIZE);
        if (size < 1 || size > MAX_SIZE) {
            throw ProblemException.invalidField("size", "must be 1 to " + MAX_SIZE);
        }
        return size;
    }

    private static int number(String field, String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(field, "must be a whole number");
        }
    }
}
