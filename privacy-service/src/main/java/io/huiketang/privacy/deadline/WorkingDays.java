package io.huiketang.privacy.deadline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Working days of a public-holiday calendar: Monday to Friday, minus the holidays, plus the adjusted working
 * days (调休上班) that fall on weekends. The calendar is data ({@code deadline/cn-mainland.json}: mainland China,
 * 2026 from the State Council's notice, 2027 provisional), replaceable by a deployment's own file. A year the
 * calendar does not cover counts weekdays only.
 */
public final class WorkingDays {

    private final Set<LocalDate> holidays = new HashSet<>();
    private final Set<LocalDate> workingWeekends = new HashSet<>();
    private final Map<Integer, String> sources = new TreeMap<>();

    private WorkingDays(JsonNode calendar) {
        calendar.path("years").fields().forEachRemaining(year -> {
            sources.put(Integer.parseInt(year.getKey()), year.getValue().path("source").asText());
            year.getValue().path("holidays").forEach(day -> holidays.add(LocalDate.parse(day.asText())));
            year.getValue().path("workingDays").forEach(day -> workingWeekends.add(LocalDate.parse(day.asText())));
        });
    }

    public static WorkingDays shipped() {
        try (InputStream in = WorkingDays.class.getClassLoader().getResourceAsStream("deadline/cn-mainland.json")) {
            return new WorkingDays(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("The shipped holiday calendar is unreadable", e);
        }
    }

    public static WorkingDays of(Optional<String> file) {
        if (file.isEmpty()) {
            return shipped();
        }
        try {
            return new WorkingDays(new ObjectMapper().readTree(Files.readAllBytes(Path.of(file.get()))));
        } catch (IOException e) {
            throw new UncheckedIOException("The holiday calendar " + file.get() + " is unreadable", e);
        }
    }

    public boolean isWorkingDay(LocalDate day) {
        if (holidays.contains(day)) {
            return false;
        }
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        return !weekend || workingWeekends.contains(day);
    }

    /** The {@code n}th working day after {@code start} (the day a request is opened does not count). */
    public LocalDate after(LocalDate start, int n) {
        LocalDate day = start;
        int counted = 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }

    /** Working days from {@code from} (exclusive) to {@code to} (inclusive); 0 when {@code to} is not later. */
    public int between(LocalDate from, LocalDate to) {
        int count = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }

    /** Where the calendar of {@code year} comes from, or empty when the calendar does not cover it. */
    public Optional<String> sourceOf(int year) {
        return Optional.ofNullable(sources.get(year));
    }
}
