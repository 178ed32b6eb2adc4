package io.huiketang.chat.relay;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.huiketang.chat.ChatConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;

/**
 * The meetings this replica has connections to, and their fan-out: every frame goes through the
 * meeting's Redis pub/sub channel ({@code huiketang:chat:room:{<meeting>}}), so each replica serving
 * the meeting delivers it to its own connections. Pub/sub only: Redis keeps nothing of a message.
 */
@ApplicationScoped
public class Rooms {

    private static final Logger LOG = Logger.getLogger(Rooms.class);

    /** Close codes of the chat protocol (README). */
    public static final int TOKEN_ENDED = 4401;
    public static final int NOT_A_PARTICIPANT = 4403;
    public static final int MEETING_ENDED = 4410;
    public static final int TOO_SLOW = 4429;

    // Channel messages: "F <origin connection id> <frame>", "S <frame>", "L <account id>", "E <frame>"
    private static final char FRAME = 'F';
    private static final char SYSTEM = 'S';
    private static final char LEFT = 'L';
    private static final char ENDED = 'E';

    static final String CHANNEL_PREFIX = "huiketang:chat:room:";

    private final ReactivePubSubCommands<String> pubsub;
    private volatile ReactiveRedisSubscriber subscriber;
    private final ChatConfig config;
    private final ChatMetrics metrics;
    private final ConcurrentMap<UUID, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Participant> byConnection = new ConcurrentHashMap<>();

    Rooms(ReactiveRedisDataSource redis, ChatConfig config, ChatMetrics metrics) {
        this.pubsub = redis.pubsub(String.class);
        this.config = config;
        this.metrics = metrics;
        metrics.connections(this::connections);
    }

    private static final class Room {
        final Set<Participant> here = ConcurrentHashMap.newKeySet();
    }

    /**
     * One pattern subscription per replica, made at startup, on one connection: every meeting's
     * channel reaches it, and a meeting without connections here is dropped at once. (A subscription
     * per meeting would cost a Redis connection per meeting and a race between a meeting's last
     * connection leaving and a new one arriving.)
     */
    void subscribe(@Observes StartupEvent started) {
        subscriber = pubsub.subscribeToPattern(CHANNEL_PREFIX + "*", (channel, message) -> {
            Room room = rooms.get(meetingOf(channel));
            if (room != null) {
                dispatch(room, message);
            }
        }).await().atMost(Duration.ofSeconds(30));
    }

    void unsubscribe(@Observes ShutdownEvent stopping) {
        if (subscriber != null) {
            subscriber.unsubscribe().await().atMost(Duration.ofSeconds(5));
        }
    }

    /** Adds the connection to its meeting. */
    void enter(Participant participant) {
        byConnection.put(participant.connection.id(), participant);
        rooms.compute(participant.meetingId, (id, existing) -> {
            Room r = existing != null ? existing : new Room();
            r.here.add(participant);
            return r;
        });
    }

    /** The connection closed: it is forgotten. */
    Participant forget(String connectionId) {
        Participant participant = byConnection.remove(connectionId);
        if (participant != null) {
            leave(participant);
        }
        return participant;
    }

    /** Takes the connection out of its room: it gets no further frame. */
    void leave(Participant participant) {
        rooms.computeIfPresent(participant.meetingId, (id, room) -> {
            room.here.remove(participant);
            return room.here.isEmpty() ? null : room;
        });
    }

    /** A participant's frame to everyone else in the meeting, on every replica. */
    Uni<Void> publishFrame(Participant from, String frame) {
        return pubsub.publish(channel(from.meetingId), FRAME + " " + from.connection.id() + " " + frame);
    }

    /** A system notice to every connection of the meeting. */
    public Uni<Void> publishSystem(UUID meetingId, String frame) {
        return pubsub.publish(channel(meetingId), SYSTEM + " " + frame);
    }

    /** The account is no longer a participant: its connections to the meeting are closed. */
    public Uni<Void> publishLeft(UUID meetingId, UUID accountId) {
        return pubsub.publish(channel(meetingId), LEFT + " " + accountId);
    }

    /** The meeting ended: the notice to every connection, then they are closed. */
    public Uni<Void> publishEnded(UUID meetingId, String frame) {
        return pubsub.publish(channel(meetingId), ENDED + " " + frame);
    }

    private void dispatch(Room room, String message) {
        if (message.length() < 2) {
            return;
        }
        String rest = message.substring(2);
        switch (message.charAt(0)) {
            case FRAME -> {
                int space = rest.indexOf(' ');
                String origin = rest.substring(0, space);
                String frame = rest.substring(space + 1);
                for (Participant p : room.here) {
                    if (!p.connection.id().equals(origin)) {
                        send(p, frame);
                    }
                }
            }
            case SYSTEM -> room.here.forEach(p -> send(p, rest));
            case LEFT -> {
                UUID account = UUID.fromString(rest);
                room.here.stream().filter(p -> p.accountId.equals(account))
                        .forEach(p -> close(p, NOT_A_PARTICIPANT, "You are no longer a participant of this meeting."));
            }
            case ENDED -> room.here.forEach(p -> {
                send(p, rest);
                close(p, MEETING_ENDED, "The meeting ended.");
            });
            default -> LOG.warnf("Unknown message on a meeting's channel (kind %s)", message.charAt(0));
        }
    }

    /**
     * Queues a frame for the connection. The queue is bounded ({@link ChatConfig#sendQueue()}): a
     * connection that does not read fast enough is closed, so it never holds up the room nor makes
     * the replica buffer for it.
     */
    void send(Participant p, String frame) {
        if (p.closing.get()) {
            return;
        }
        if (p.pending.incrementAndGet() > config.sendQueue()) {
            p.pending.decrementAndGet();
            metrics.refused("send-queue-full");
            close(p, TOO_SLOW, "Too slow: frames were waiting to be sent to this connection.");
            return;
        }
        p.connection.sendText(frame).subscribe().with(done -> p.pending.decrementAndGet(),
                failure -> p.pending.decrementAndGet());
    }

    /** Closes the connection; it gets no further frame from the room while its close handshake runs. */
    void close(Participant p, int code, String reason) {
        if (p.closing.compareAndSet(false, true)) {
            leave(p);
            p.connection.close(new CloseReason(code, reason)).subscribe().with(done -> {
            }, failure -> LOG.debugf("Closing a chat connection failed: %s", failure.toString()));
        }
    }

    /** The connection's participant while it is open. */
    Participant byConnection(String connectionId) {
        return byConnection.get(connectionId);
    }

    /** Every open connection of this replica. */
    Collection<Participant> all() {
        return rooms.values().stream().flatMap(room -> room.here.stream()).toList();
    }

    /** Connections of one meeting on this replica (tests, benchmarks). */
    List<Participant> in(UUID meetingId) {
        Room room = rooms.get(meetingId);
        return room == null ? List.of() : List.copyOf(room.here);
    }

    public int connections() {
        return rooms.values().stream().mapToInt(room -> room.here.size()).sum();
    }

    static String channel(UUID meetingId) {
        return CHANNEL_PREFIX + "{" + meetingId + "}";
    }

    private static UUID meetingOf(String channel) {
        try {
            return UUID.fromString(channel.substring(CHANNEL_PREFIX.length() + 1, channel.length() - 1));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
