package io.huiketang.meeting.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import io.huiketang.kit.problem.ProblemException;

/**
 * The days a history request covers, both included, as days of the configured zone: a meeting
 * belongs to the day on which it started (or was created, when it never started) there.
 */
public record DateRange(LocalDate from, LocalDate to, ZoneId zone) {

    /** The first instant of {@code from}. */
    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after {@code to}. */
    public Instant endExclusive() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * Reads the query parameters: {@code to} defaults to today and {@code from} to the configured
     * number of days up to {@code to}; a malformed date, a reversed or too long range is refused.
     */
    public static DateRange parse(String from, String to, HistoryConfig config) {
        ZoneId zone = config.zone();
        LocalDate last = to == null || to.isBlank() ? LocalDate.now(zone) : date("to", to);
        LocalDate first = from == null || from.isBlank() ? last.minusDays(config.defaultRangeDays() - 1L)
                : date("from", from);
        if (first.isAfter(last)) {
            throw ProblemException.invalidField("from", "must not be after 'to'");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > config.maxRangeDays()) {
            throw ProblemException.invalidField("to", "the range may cover at most " + config.maxRangeDays() + " days");
        }
        return new DateRange(first, last, zone);
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be a date as YYYY-MM-DD");
        }
    }
}
