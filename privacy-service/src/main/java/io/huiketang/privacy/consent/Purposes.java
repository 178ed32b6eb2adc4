package io.huiketang.privacy.consent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.kit.problem.Problem;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.runtime.Startup;

/**
 * The purposes a person gives or withdraws consent for (PRV-2): the built-in ones and those added by
 * configuration. A purpose's default is what holds while the person has made no choice: marketing is
 * opt-in (PRV-3: only to people who consented); analytics is covered by the policy the person
 * accepted (服务优化及安全: operation logs "改善及优化您的服务体验") and can be withdrawn (6.3).
 */
@ApplicationScoped
@Startup
public class Purposes {

    /** The event schema's pattern of a purpose name. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    public static final String MARKETING_SMS = "marketing-sms";
    public static final String MARKETING_CALLS = "marketing-calls";
    public static final String ANALYTICS = "analytics";

    public record Purpose(String name, String labelZh, String labelEn, boolean grantedByDefault) {
    }

    static final List<Purpose> BUILT_IN = List.of(
            new Purpose(MARKETING_SMS, "营销短信", "Marketing text messages", false),
            new Purpose(MARKETING_CALLS, "营销电话", "Marketing phone calls", false),
            new Purpose(ANALYTICS, "使用情况分析与产品改进", "Usage analytics and product improvement", true));

    private final Map<String, Purpose> purposes = new LinkedHashMap<>();

    Purposes(ConsentConfig config) {
        List<Purpose> all = new ArrayList<>(BUILT_IN);
        config.additionalPurposes().orElse(List.of()).forEach(p -> all.add(
                new Purpose(p.name(), p.labelZh(), p.labelEn(), p.grantedByDefault())));
        for (Purpose purpose : all) {
            if (!NAME.matcher(purpose.name()).matches()) {
                throw new IllegalStateException("huiketang.privacy.consent.additional-purposes: '" + purpose.name()
                        + "' is not a purpose name (lower-case letters, digits and '-', 2 to 63 characters)");
            }
            if (purposes.putIfAbsent(purpose.name(), purpose) != null) {
                throw new IllegalStateException("huiketang.privacy.consent.additional-purposes: '" + purpose.name()
                        + "' is declared twice");
            }
        }
    }

    public List<Purpose> all() {
        return List.copyOf(purposes.values());
    }

    public Optional<Purpose> find(String name) {
        return Optional.ofNullable(name == null ? null : purposes.get(name));
    }

    /** The purpose, or a 404 problem naming {@code purpose}. */
    public Purpose require(String name) {
        return find(name).orElseThrow(() -> new ProblemException(new Problem(Problem.BLANK, "Not found", 404,
                "The field 'purpose' is invalid: no such purpose; known purposes are " + purposes.keySet(), null,
                null, List.of(new Problem.FieldError("purpose", "is not one of " + purposes.keySet())))));
    }
}
