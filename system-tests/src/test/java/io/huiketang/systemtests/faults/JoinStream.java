package io.huiketang.systemtests.faults;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;

/**
 * People joining one meeting over and over (each join closes the person's previous session) from
 * several client threads, until stopped: which joins the platform acknowledged, and how the others
 * failed.
 */
final class JoinStream implements AutoCloseable {

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> sessionsByPerson = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService threads;

    JoinStream(Client app, List<Person> people, String number, int threadCount) {
        threads = Executors.newFixedThreadPool(threadCount);
        for (int t = 0; t < threadCount; t++) {
            List<Person> mine = new ArrayList<>();
            for (int i = t; i < people.size(); i += threadCount) {
                mine.add(people.get(i));
            }
            threads.submit(() -> {
                int i = 0;
                while (running.get()) {
                    Person person = mine.get(i++ % mine.size());
                    try {
                        Answer joined = app.post("/api/v1/meetings/join", person.token(), Map.of("number", number));
                        if (joined.status() == 200) {
                            String session = joined.json().get("sessionId").asText();
                            acknowledged.add(session);
                            // One thread per person: a person's joins are acknowledged one after the other
                            sessionsByPerson.computeIfAbsent(person.accountId(), p -> new CopyOnWriteArrayList<>())
                                    .add(session);
                        } else {
                            failures.merge(Integer.toString(joined.status()), 1, Integer::sum);
                            pause();
                        }
                    } catch (UncheckedIOException e) {
                        failures.merge(e.getCause().getClass().getSimpleName(), 1, Integer::sum);
                        pause();
                    }
                }
            });
        }
    }

    /** A client app waits a moment before it tries again, rather than spinning. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sessions of the joins answered 200 so far. */
    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Each person's acknowledged sessions, in the order they were acknowledged. */
    Map<String, List<String>> sessionsByPerson() {
        Map<String, List<String>> copy = new TreeMap<>();
        sessionsByPerson.forEach((person, sessions) -> copy.put(person, List.copyOf(sessions)));
        return copy;
    }

    /** Joins not acknowledged, by status (or by the client's exception when no answer came). */
    Map<String, Integer> failures() {
        return new TreeMap<>(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(60, TimeUnit.SECONDS);
    }
}
