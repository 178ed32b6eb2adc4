package io.huiketang.meeting.telemetry;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What a client sends at once: 1 to {@value #MAX_REPORTS} reports of any kinds. */
public record TelemetryBatch(
        @NotNull @Size(min = 1, max = MAX_REPORTS) List<@NotNull @Valid TelemetryReport> reports) {

    public static final int MAX_REPORTS = 100;
}
