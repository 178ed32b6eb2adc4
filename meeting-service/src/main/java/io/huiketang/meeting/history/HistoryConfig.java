package io.huiketang.meeting.history;

import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Meeting history and its exports (MTG-4, MTG-5). */
@ConfigMapping(prefix = "huiketang.meeting.history")
public interface HistoryConfig {

    /** The zone in which the dates of a range are days, and in which exported times are written. */
    @WithDefault("Asia/Shanghai")
    ZoneId zone();

    /** The longest range one request may cover, in days (both ends included). */
    @WithDefault("366")
    int maxRangeDays();

    /** The range, in days up to and including {@code to}, when {@code from} is not given. */
    @WithDefault("30")
    int defaultRangeDays();

    @WithDefault("20")
    int defaultPageSize();

    @WithDefault("100")
    int maxPageSize();

    /**
     * Meetings per page of an export (with all their sessions): each page is one short read whose
     * connection is returned before the page is sent.
     */
    @WithDefault("50")
    int exportPageSize();

    /** Shown instead of the name of a participant whose account was erased. */
    @WithDefault("已注销用户")
    String erasedParticipantLabel();
}
