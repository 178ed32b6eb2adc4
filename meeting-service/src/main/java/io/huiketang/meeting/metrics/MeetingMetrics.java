package io.huiketang.meeting.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.kit.metrics.CommittedCounts;
import io.huiketang.meeting.attendance.AttendanceSession;
import io.huiketang.meeting.meeting.Meeting;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * The business metrics ops teams watch on meeting-service (k8s/ dashboards and metrics inventory):
 * joins and participant time, counted when their transaction commits, and how many meetings are live
 * and how many people are in one, read from the database every {@code huiketang.meeting.metrics-refresh}.
 * The gauges are the platform's totals, the same from every replica (dashboards take their max); no
 * label names a meeting or a person.
 */
@ApplicationScoped
@Startup
public class MeetingMetrics {

    private final CommittedCounts committed;
    private final Counter joins;
    private final Counter participantSeconds;
    private final AtomicLong meetingsLive = new AtomicLong();
    private final AtomicLong participantsOnline = new AtomicLong();

    MeetingMetrics(MeterRegistry registry, CommittedCounts committed) {
        this.committed = committed;
        this.joins = Counter.builder("huiketang.meeting.joins").description("Attendance sessions opened (joins and rejoins)")
                .register(registry);
        this.participantSeconds = Counter.builder("huiketang.participant.seconds")
                .description("Time people spent in meetings, counted when each attendance session closes").register(registry);
        Gauge.builder("huiketang.meetings.live", meetingsLive, AtomicLong::get).description("Meetings started and not ended")
                .register(registry);
        Gauge.builder("huiketang.participants.online", participantsOnline, AtomicLong::get)
                .description("Open attendance sessions: people in a meeting now").register(registry);
    }

    public void joined() {
        committed.increment(joins);
    }

    public void left(Duration attended) {
        committed.add(participantSeconds, attended.toMillis() / 1000.0);
    }

    @Scheduled(every = "${huiketang.meeting.metrics-refresh:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void refresh() {
        meetingsLive.set(Meeting.count("status", Meeting.Status.STARTED));
        participantsOnline.set(AttendanceSession.count("leftAt is null"));
    }
}
