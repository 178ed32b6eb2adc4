package io.huiketang.systemtests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * docs/capacity.md, computed from the CPU per request that {@link HotPathCpuBenchmark} has just
 * measured: the cores each part needs for the reference load, and where the load goes. dev/bench
 * copies it from system-tests/target/capacity.md; the figures change with every run, the arithmetic
 * is here.
 */
final class CapacityModel {

    static final int PARTICIPANTS = 100_000;
    static final int HEARTBEAT_SECONDS = 15;
    /** A tenth of everyone joins (and as many leave) every minute. */
    static final double JOINS_PER_SECOND = PARTICIPANTS * 0.10 / 60;
    static final int ROOM_SIZE = 300;
    /** Chat: each participant sends a message a minute; each is delivered to the rest of the room. */
    static final double CHAT_MESSAGES_PER_SECOND = PARTICIPANTS / 60.0;

    private final Map<String, double[]> cpu = new HashMap<>();

    void measured(String request, String path, double serviceMs, double gatewayMs) {
        cpu.put(request + " " + path, new double[] { serviceMs, gatewayMs });
    }

    private double service(String request) {
        return cpu.getOrDefault(request + " direct", new double[] { Double.NaN })[0];
    }

    private double gateway(String request) {
        return cpu.getOrDefault(request + " gateway", new double[] { Double.NaN, Double.NaN })[1];
    }

    void write() throws IOException {
        double heartbeats = (double) PARTICIPANTS / HEARTBEAT_SECONDS;
        double joins = JOINS_PER_SECOND;
        double leaves = JOINS_PER_SECOND;
        // Each join is followed by one read of the meeting; a leave costs about what a heartbeat does (one
        // lookup and one write): measured rows stand in for the unmeasured ones, said so below
        String heartbeat = "POST /api/v1/meetings/{id}/heartbeat";
        String join = "POST /api/v1/meetings/join";
        String read = "GET /api/v1/meetings/{id}";
        double meetingCores = (heartbeats * service(heartbeat) + joins * service(join) + leaves * service(heartbeat)
                + joins * service(read)) / 1000;
        double gatewayCores = (heartbeats * gateway(heartbeat) + joins * gateway(join) + leaves * gateway(heartbeat)
                + joins * gateway(read)) / 1000;
        double rareHeartbeats = (double) PARTICIPANTS / 60;
        double meetingCoresRare = meetingCores - (heartbeats - rareHeartbeats) * service(heartbeat) / 1000;
        double gatewayCoresRare = gatewayCores - (heartbeats - rareHeartbeats) * gateway(heartbeat) / 1000;
        double requests = heartbeats + 2 * joins + leaves;

        StringBuilder md = new StringBuilder();
        md.append("# Capacity model\n\n")
                .append("Computed by `dev/bench` (HotPathCpuBenchmark, `CapacityModel`) on ").append(LocalDate.now())
                .append(" from the CPU per request it measured on this machine (").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; see [benchmarks.md](benchmarks.md), section \"hot paths\"). Regenerate with `dev/bench --only HotPathCpuBenchmark`")
                .append(" then copy `system-tests/target/capacity.md`, or with a full `dev/bench`.\n\n")
                .append("## The reference load\n\n")
                .append(String.format(Locale.ROOT, "- %,d people in meetings at once, in rooms of %d (%,d rooms).%n", PARTICIPANTS, ROOM_SIZE, PARTICIPANTS / ROOM_SIZE))
                .append(String.format(Locale.ROOT, "- A heartbeat from each every %d s: **%,.0f heartbeats/s**.%n", HEARTBEAT_SECONDS, heartbeats))
                .append(String.format(Locale.ROOT, "- A tenth of them joining every minute, as many leaving: **%,.0f joins/s and %,.0f leaves/s**, each join followed by one read of the meeting.%n", joins, leaves))
                .append(String.format(Locale.ROOT, "- Chat: one message a minute from each person, each delivered to the %d others in the room: %,.0f messages/s in, %,.0f deliveries/s out.%n%n",
                        ROOM_SIZE - 1, CHAT_MESSAGES_PER_SECOND, CHAT_MESSAGES_PER_SECOND * (ROOM_SIZE - 1)))
                .append("## Cores (CPU time per request × requests per second)\n\n")
                .append("| part | measured CPU per request (ms) | requests/s | cores |\n|---|---|---|---|\n")
                .append(row("meeting-service: heartbeats", service(heartbeat), heartbeats))
                .append(row("meeting-service: joins", service(join), joins))
                .append(row("meeting-service: leaves (costed as a heartbeat)", service(heartbeat), leaves))
                .append(row("meeting-service: reads of the meeting", service(read), joins))
                .append(row("gateway: heartbeats", gateway(heartbeat), heartbeats))
                .append(row("gateway: joins", gateway(join), joins))
                .append(row("gateway: leaves and reads (costed as a heartbeat and a read)", (gateway(heartbeat) + gateway(read)) / 2, leaves + joins))
                .append(String.format(Locale.ROOT, "| **meeting-service + gateway** | | %,.0f | **%.1f** |%n%n", requests, meetingCores + gatewayCores))
                .append(String.format(Locale.ROOT, "Goal: at most 8 service cores for this load. With a heartbeat every %d s the two need **%.1f cores** "
                        + "(meeting-service %.1f, gateway %.1f); heartbeats are %.0f %% of it. ", HEARTBEAT_SECONDS, meetingCores + gatewayCores,
                        meetingCores, gatewayCores, 100 * (heartbeats * (service(heartbeat) + gateway(heartbeat)) / 1000) / (meetingCores + gatewayCores)))
                .append(String.format(Locale.ROOT, "LiveKit's signed webhooks already tell meeting-service when a media connection joins and leaves "
                        + "(`participant_joined` / `participant_left` close the session), so a client connected to LiveKit does not need a heartbeat "
                        + "to be seen present: its heartbeat is only the fallback for a client without media and for a lost webhook. At one heartbeat a "
                        + "minute (timeout raised to match, `huiketang.meeting.heartbeat-timeout`) the two need **%.1f cores**.%n%n",
                        meetingCoresRare + gatewayCoresRare))
                .append("Each service scales out by replicas: the services keep no state in memory between requests (presence in Redis, "
                        + "sessions in PostgreSQL, outbox relays share lanes), and the gateway's rate limits are counted in Redis, so any replica "
                        + "serves any request. chat-service's fan-out cost is in its own benchmark section (one process per few thousand connections, "
                        + "Redis pub/sub between replicas).\n\n")
                .append("## Where the load goes\n\n")
                .append("| store | what | per second |\n|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| PostgreSQL (meeting) | joins: session row, outbox event, network-log row; leaves: session update, outbox event | %,.0f writes |%n", joins * 3 + leaves * 2))
                .append(String.format(Locale.ROOT, "| PostgreSQL (meeting) | heartbeats: the open session looked up | %,.0f reads |%n", heartbeats))
                .append(String.format(Locale.ROOT, "| Kafka `meeting.events` | participant-joined / -left | %,.0f events |%n", joins + leaves))
                .append(String.format(Locale.ROOT, "| Kafka `gateway.access-log` | one network-log entry per request (batched, lz4) | %,.0f events |%n", requests))
                .append(String.format(Locale.ROOT, "| Redis | token checks (gateway and service), the gateway's rate limit, presence | %,.0f operations |%n", requests * 3 + heartbeats + joins + leaves))
                .append(String.format(Locale.ROOT, "| Redis pub/sub (chat) | one publish per message, one delivery per receiving replica | %,.0f publishes |%n%n", CHAT_MESSAGES_PER_SECOND))
                .append("## What scales each part out\n\n")
                .append("- **Kafka**: `meeting.events` has 6 partitions keyed by meeting, `gateway.access-log` 3: at these rates one broker suffices; "
                        + "partitions are raised with `dev/kafka-topics.conf` (and the chart's KafkaTopic resources) before consumers are added, "
                        + "Strimzi in the Helm chart for a replicated cluster.\n")
                .append("- **PostgreSQL**: a database per service (CloudNativePG `Cluster` per service in the chart). The heartbeat lookups are the "
                        + "largest read load: read replicas, or keeping the open session's id with the presence entry in Redis, take them off the primary; "
                        + "the writes are a few hundred rows a second, within one primary.\n")
                .append("- **Redis**: the token checks and rate limits are single-key operations: Redis Cluster shards them by key; chat's "
                        + "per-meeting channels use sharded pub/sub (`SSUBSCRIBE`) on a cluster.\n")
                .append("- **Gateway and services**: HorizontalPodAutoscaler per workload in the chart, on CPU.\n");
        Path out = Path.of("target/capacity.md");
        Files.writeString(out, md.toString());
        System.out.println(md);
    }

    private static String row(String part, double cpuMs, double perSecond) {
        return String.format(Locale.ROOT, "| %s | %.2f | %,.0f | %.2f |%n", part, cpuMs, perSecond, cpuMs * perSecond / 1000);
    }
}
