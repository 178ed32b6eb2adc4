package io.huiketang.chat.relay;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.huiketang.chat.ChatConfig;
import io.huiketang.kit.auth.RevokedSessions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Closes the connections of a revoked session (a logout) within a second, as HTTP refuses its
 * token at once: account-service lists revoked sessions in Redis (platform-kit's
 * {@link RevokedSessions}, the list every service checks tokens against), and every
 * {@link ChatConfig#revocationCheckEvery()} this replica asks it about the sessions of its open
 * connections, in one batch. Token expiry closes a connection by its own timer ({@link ChatSocket}).
 */
@ApplicationScoped
public class SessionWatch {

    private static final Logger LOG = Logger.getLogger(SessionWatch.class);

    private final Rooms rooms;
    private final RevokedSessions revoked;
    private final ChatConfig config;
    private final Vertx vertx;
    private long timer = -1;
    private volatile boolean checking;

    SessionWatch(Rooms rooms, RevokedSessions revoked, ChatConfig config, Vertx vertx) {
        this.rooms = rooms;
        this.revoked = revoked;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent started) {
        timer = vertx.setPeriodic(config.revocationCheckEvery().toMillis(), id -> check());
    }

    void stop(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(timer);
    }

    private void check() {
        if (checking) {
            return;
        }
        Map<String, List<Participant>> bySession = rooms.all().stream()
                .filter(p -> p.sessionId != null)
                .collect(Collectors.groupingBy(p -> p.sessionId));
        if (bySession.isEmpty()) {
            return;
        }
        checking = true;
        List<Uni<Void>> checks = bySession.entrySet().stream()
                .map(entry -> revoked.isRevoked(entry.getKey()).invoke(isRevoked -> {
                    if (isRevoked) {
                        closeAll(entry.getValue());
                    }
                }).replaceWithVoid())
                .toList();
        Uni.join().all(checks).andCollectFailures()
                .subscribe().with(done -> checking = false, failure -> {
                    checking = false;
                    LOG.warnf("Revoked-session check failed (Redis): %s", failure.toString());
                });
    }

    private void closeAll(Collection<Participant> participants) {
        participants.forEach(p -> rooms.close(p, Rooms.TOKEN_ENDED, "The session was ended (logout); log in again."));
    }
}
