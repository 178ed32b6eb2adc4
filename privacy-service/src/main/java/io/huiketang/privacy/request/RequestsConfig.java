package io.huiketang.privacy.request;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Rights requests (PRV-1): who must answer, how long they have, how often they are asked again. */
@ConfigMapping(prefix = "huiketang.privacy.requests")
public interface RequestsConfig {

    /**
     * The deployment's data holders: every request waits for each of them; one that has never announced
     * itself shows as missing, never as done.
     */
    List<String> expectedHolders();

    /** Whether holders that announced themselves but are not in the list are asked too. */
    @WithDefault("true")
    boolean includeAnnounced();

    /** The response period promised: working days from the day the request is opened. */
    @WithDefault("15")
    int workingDays();

    /** Requests due within this many working days are listed (and counted) as due soon. */
    @WithDefault("3")
    int dueSoonWorkingDays();

    /** The zone whose calendar days count. */
    @WithDefault("Asia/Shanghai")
    String zone();

    /** A holiday calendar file (JSON, the format of deadline/cn-mainland.json) instead of the shipped one. */
    Optional<String> calendar();

    /** A holder that has not answered is asked again after this, doubling up to {@link #maxRetry()}. */
    @WithDefault("PT1M")
    Duration firstRetry();

    @WithDefault("PT1H")
    Duration maxRetry();

    /**
     * How many times an erasure is asked for again when its re-check still finds erasable data (an
     * event about the person still in flight rebuilt a read model after the first erasure) before the
     * request needs an operator's attention.
     */
    @WithDefault("3")
    int erasureRounds();

    /** After this many asks without an answer the task is FAILED; operators ask again. */
    @WithDefault("20")
    int maxAttempts();

    /** How long the link to an ACCESS archive works; the slices are deleted from the store after it. */
    @WithDefault("P7D")
    Duration archiveLinkLifetime();

    /** An ERASURE, or the first download of an archive, needs a one-time code proven this recently. */
    @WithDefault("PT5M")
    Duration freshVerification();

    /** How often holders whose answer is due are asked again (a scheduler interval, e.g. 10s). */
    @WithDefault("10s")
    String askAgainEvery();

    /** How often the overdue and due-soon gauges are counted. */
    @WithDefault("30s")
    String deadlinesEvery();

    /** How often expired archives are deleted from the store. */
    @WithDefault("10m")
    String expiryEvery();
}
