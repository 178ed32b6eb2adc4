package io.huiketang.privacy.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** The response period counted on the shipped mainland China calendar (State Council notice for 2026). */
class WorkingDaysTest {

    private final WorkingDays calendar = WorkingDays.shipped();

    @Test
    void fifteenWorkingDaysAreThreeWeeksWithoutHolidays() {
        assertEquals(LocalDate.of(2026, 3, 23), calendar.after(LocalDate.of(2026, 3, 2), 15));
    }

    @Test
    void theSpringFestivalDoesNotCountAndItsAdjustedSaturdaysDo() {
        assertTrue(calendar.isWorkingDay(LocalDate.of(2026, 2, 14)), "Saturday 14 February is worked (调休)");
        assertFalse(calendar.isWorkingDay(LocalDate.of(2026, 2, 16)), "a Monday of the Spring Festival");
        assertTrue(calendar.isWorkingDay(LocalDate.of(2026, 2, 28)), "Saturday 28 February is worked");
        // 14 Feb, 24-28 Feb, 2-6 Mar, 9-12 Mar
        assertEquals(LocalDate.of(2026, 3, 12), calendar.after(LocalDate.of(2026, 2, 13), 15));
    }

    @Test
    void theNationalDayWeekDoesNotCount() {
        assertFalse(calendar.isWorkingDay(LocalDate.of(2026, 10, 5)));
        assertTrue(calendar.isWorkingDay(LocalDate.of(2026, 10, 10)), "Saturday 10 October is worked");
        assertEquals(LocalDate.of(2026, 10, 27), calendar.after(LocalDate.of(2026, 9, 30), 15));
    }

    @Test
    void workingDaysBetweenTwoDates() {
        assertEquals(0, calendar.between(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 7)));
        assertEquals(5, calendar.between(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 8)));
    }

    @Test
    void everyCoveredYearSaysWhereItComesFrom() {
        assertTrue(calendar.sourceOf(2026).orElseThrow().contains("2026"));
        assertTrue(calendar.sourceOf(2027).orElseThrow().startsWith("PROVISIONAL"));
        assertTrue(calendar.sourceOf(2030).isEmpty());
    }
}
