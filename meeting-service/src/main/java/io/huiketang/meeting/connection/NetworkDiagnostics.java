package io.huiketang.meeting.connection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.meeting.connection.DiagnosticsResource.Advice;
import io.huiketang.meeting.connection.DiagnosticsResource.DiagnosticsAnswer;
import io.huiketang.meeting.connection.DiagnosticsResource.DiagnosticsReport;
import io.huiketang.meeting.connection.DiagnosticsResource.EdgeChoice;
import io.huiketang.meeting.connection.DiagnosticsResource.EdgeRtt;
import io.huiketang.meeting.connection.DiagnosticsResource.NetworkType;

/**
 * What a client should do about its network (MTG-3): which edges to try, in order, and what to tell
 * its user. Nothing of the report is stored.
 */
@ApplicationScoped
public class NetworkDiagnostics {

    /** Round trips above this make audio noticeably late (ITU-T G.114: 150 ms one way is the comfortable limit). */
    static final int HIGH_RTT_MS = 300;

    private final EdgeRegions edges;

    NetworkDiagnostics(EdgeRegions edges) {
        this.edges = edges;
    }

    /**
     * The edge serving the client's address comes first; the other regions follow as fallbacks, those the
     * client measured reachable by round trip, then the unmeasured, then those it could not reach.
     */
    public DiagnosticsAnswer diagnose(DiagnosticsReport report, String clientAddress) {
        Map<String, EdgeRtt> measured = Optional.ofNullable(report.edgeRtts()).orElse(List.of()).stream()
                .collect(Collectors.toMap(EdgeRtt::region, Function.identity(), (first, second) -> first));
        Optional<EdgeRegions.Edge> matching = edges.matching(clientAddress);
        EdgeRegions.Edge best = matching.orElse(edges.defaultEdge());

        List<EdgeChoice> choices = new ArrayList<>();
        choices.add(choice(best, matching.isPresent() ? EdgeChoice.Reason.NETWORK : EdgeChoice.Reason.DEFAULT, measured));
        edges.all().stream()
                .filter(edge -> !edge.equals(best))
                .map(edge -> choice(edge, EdgeChoice.Reason.FALLBACK, measured))
                .sorted(Comparator.comparingInt(NetworkDiagnostics::fallbackRank)
                        .thenComparing(c -> c.rttMs() == null ? Integer.MAX_VALUE : c.rttMs())
                        .thenComparing(EdgeChoice::region))
                .forEach(choices::add);

        List<EdgeChoice> measuredChoices = choices.stream().filter(c -> c.reachable() != null).toList();
        boolean noneReachable = !measuredChoices.isEmpty() && measuredChoices.stream().noneMatch(EdgeChoice::reachable);
        boolean highLatency = measuredChoices.stream().anyMatch(EdgeChoice::reachable) && measuredChoices.stream()
                .filter(EdgeChoice::reachable).mapToInt(EdgeChoice::rttMs).min().orElseThrow() > HIGH_RTT_MS;
        Advice advice = new Advice(
                !report.networkAllowed(),
                report.networkType() == NetworkType.NONE,
                noneReachable,
                highLatency,
                report.networkType() == NetworkType.CELLULAR && !report.wifiEnabled());
        return new DiagnosticsAnswer(choices, advice);
    }

    private static EdgeChoice choice(EdgeRegions.Edge edge, EdgeChoice.Reason reason, Map<String, EdgeRtt> measured) {
        EdgeRtt rtt = measured.get(edge.region());
        Boolean reachable = rtt == null ? null : rtt.rttMs() != null;
        return new EdgeChoice(edge.region(), edge.url(), reason, reachable, rtt == null ? null : rtt.rttMs());
    }

    private static int fallbackRank(EdgeChoice choice) {
        if (choice.reachable() == null) {
            return 1;
        }
        return choice.reachable() ? 0 : 2;
    }
}
