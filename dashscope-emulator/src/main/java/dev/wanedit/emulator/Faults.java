package dev.wanedit.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The fault-injection rules of one emulator. Rules are tried in the order they were added; the first
 * that matches the endpoint (and model and prompt, when given) and still has uses left applies. A
 * create takes at most one request fault and one outcome of each kind (failure, UNKNOWN queries,
 * list lag, expiry), so rules combine.
 *
 * <pre>{@code
 * emu.faults().on(Endpoint.TASK_QUERY).times(2).inject(Fault.serviceUnavailable());
 * emu.faults().onCreate().model("wan2.5-i2i-preview").once().inject(Fault.createThenReset());
 * emu.faults().onCreate().prompt("(?i)forbidden").inject(Fault.outputInspectionFailed());
 * emu.faults().onCreate().inject(Fault.imagesTimeout(1));            // every create from now on
 * emu.faults().on(Endpoint.RESULT_DOWNLOAD).inject(Fault.downloadForbidden());
 * emu.faults().add("on=create times=1 do=fail code=InternalError.Algo message=boom");   // the rule grammar
 * }</pre>
 */
public final class Faults {
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final EmulatorClock clock;

    Faults(EmulatorClock clock) {
        this.clock = clock;
    }

    /** Starts a rule for these endpoints. */
    public RuleBuilder on(Endpoint... endpoints) {
        if (endpoints.length == 0) {
            throw new IllegalArgumentException("name at least one endpoint");
        }
        return new RuleBuilder(EnumSet.copyOf(List.of(endpoints)));
    }

    /** Starts a rule for the three create endpoints. */
    public RuleBuilder onCreate() {
        return on(Endpoint.IMAGE_SYNTHESIS, Endpoint.IMAGE_GENERATION, Endpoint.MULTIMODAL_GENERATION);
    }

    /**
     * Adds one rule written in the rule grammar of {@code wanedit emulator --fault}, e.g.
     * {@code "on=create model=wan2.5-i2i-preview times=2 do=fail code=InternalError.Algo message=boom"}.
     *
     * @throws FaultRules.InvalidRules naming every key that is wrong and the allowed values
     */
    public Rule add(String rule) {
        return addAll(List.of(rule)).get(0);
    }

    /** Adds several rules in the rule grammar, all or none: every problem of every rule is reported at once. */
    public List<Rule> addAll(List<String> rules) {
        List<FaultRules.Draft> drafts = FaultRules.parseAll(rules);
        return register(drafts);
    }

    synchronized List<Rule> register(List<FaultRules.Draft> drafts) {
        List<Rule> added = new ArrayList<>();
        for (FaultRules.Draft d : drafts) {
            RuleBuilder b = on(d.endpoints().toArray(new Endpoint[0]));
            if (d.model() != null) {
                b.model(d.model());
            }
            if (d.prompt() != null) {
                b.prompt(d.prompt());
            }
            if (d.times() > 0) {
                b.times(d.times());
            }
            added.add(b.inject(d.fault()));
        }
        return added;
    }

    /** Removes every rule. */
    public void clear() {
        rules.clear();
    }

    /** Removes the rule with this id; false when there is none. */
    public boolean remove(String id) {
        return rules.removeIf(r -> r.id.equals(id));
    }

    /** The rules, in matching order. */
    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** What one request offers the rules to match: where it went and, when known, its model and prompt. */
    record Target(Endpoint endpoint, String model, String prompt, String method, String path, String requestId) {}

    /** Finds and consumes the first matching request-level rule (not a task outcome), or null. */
    synchronized Rule takeRequestFault(Target t) {
        for (Rule r : rules) {
            if (!r.fault.isOutcome() && r.matches(t) && r.consume(clock.now(), t)) {
                return r;
            }
        }
        return null;
    }

    /** Finds and consumes, for a create, the first matching outcome rule of each slot. */
    synchronized List<Rule> takeOutcomeFaults(Target t) {
        Set<FaultSlot> taken = EnumSet.noneOf(FaultSlot.class);
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            FaultSlot slot = r.fault.slot();
            if (slot != FaultSlot.REQUEST && !taken.contains(slot) && r.matches(t) && r.consume(clock.now(), t)) {
                taken.add(slot);
                out.add(r);
            }
        }
        return out;
    }

    /** Builds one rule. */
    public final class RuleBuilder {
        private final Set<Endpoint> endpoints;
        private String model;
        private Pattern prompt;
        private int times = -1;

        private RuleBuilder(Set<Endpoint> endpoints) {
            this.endpoints = endpoints;
        }

        /** Only requests for this model (create endpoints read it from the body; task endpoints from the task). */
        public RuleBuilder model(String model) {
            this.model = Objects.requireNonNull(model);
            return this;
        }

        /**
         * Only requests whose prompt contains a match of this regular expression (creates read it from
         * the body, task queries, cancels and downloads from the task; others have no prompt).
         */
        public RuleBuilder prompt(String regex) {
            return prompt(Pattern.compile(Objects.requireNonNull(regex)));
        }

        /** Same as {@link #prompt(String)}. */
        public RuleBuilder prompt(Pattern regex) {
            this.prompt = Objects.requireNonNull(regex);
            return this;
        }

        /** Applies to the next {@code n} matching requests only. */
        public RuleBuilder times(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("times must be >= 1: " + n);
            }
            this.times = n;
            return this;
        }

        /** Same as {@code times(1)}. */
        public RuleBuilder once() {
            return times(1);
        }

        /** Applies to every matching request (the default). */
        public RuleBuilder always() {
            this.times = -1;
            return this;
        }

        /** Registers the rule. */
        public Rule inject(Fault fault) {
            Objects.requireNonNull(fault, "fault");
            for (Endpoint e : endpoints) {
                if (fault.createOnly() && !e.isCreate()) {
                    throw new IllegalArgumentException(fault + " only applies to create endpoints, not " + e);
                }
                if (fault.kind() == Fault.Kind.DOWNLOAD_FORBIDDEN && e != Endpoint.RESULT_DOWNLOAD && e != Endpoint.PUBLIC_FILE) {
                    throw new IllegalArgumentException(fault + " only applies to downloads, not " + e);
                }
                if (fault.kind() == Fault.Kind.UNKNOWN && e != Endpoint.TASK_QUERY) {
                    throw new IllegalArgumentException(fault + " only applies to task queries, not " + e);
                }
            }
            Rule rule = new Rule("r" + ids.incrementAndGet(), endpoints, model, prompt, times, fault);
            rules.add(rule);
            return rule;
        }
    }

    /**
     * One time a rule applied.
     *
     * @param at the emulator-clock instant
     * @param endpoint the endpoint of the request
     * @param method its HTTP method
     * @param path its path
     * @param requestId the {@code request_id} the emulator gave the request
     */
    public record Firing(Instant at, Endpoint endpoint, String method, String path, String requestId) {}

    /** One registered rule; {@link #hits()} tells how often it applied and {@link #firings()} to which requests. */
    public static final class Rule {
        private static final int MAX_FIRINGS = 1000;

        private final String id;
        private final Set<Endpoint> endpoints;
        private final String model;
        private final Pattern prompt;
        private final int times;
        private final AtomicInteger remaining;
        private final AtomicInteger hits = new AtomicInteger();
        private final List<Firing> firings = new CopyOnWriteArrayList<>();
        private final Fault fault;

        private Rule(String id, Set<Endpoint> endpoints, String model, Pattern prompt, int times, Fault fault) {
            this.id = id;
            this.endpoints = Set.copyOf(endpoints);
            this.model = model;
            this.prompt = prompt;
            this.times = times;
            this.remaining = new AtomicInteger(times);
            this.fault = fault;
        }

        boolean matches(Target t) {
            return endpoints.contains(t.endpoint()) && (model == null || model.equals(t.model()))
                    && (prompt == null || (t.prompt() != null && prompt.matcher(t.prompt()).find()))
                    && remaining.get() != 0;
        }

        boolean consume(Instant at, Target t) {
            int left = remaining.get();
            if (left == 0) {
                return false;
            }
            if (left > 0) {
                remaining.decrementAndGet();
            }
            hits.incrementAndGet();
            if (firings.size() < MAX_FIRINGS) {
                firings.add(new Firing(at, t.endpoint(), t.method(), t.path(), t.requestId()));
            }
            return true;
        }

        /** The rule's id ({@code r1}, {@code r2}, ...), for {@code DELETE /__emulator/faults/{id}}. */
        public String id() {
            return id;
        }

        /** How many requests this rule has applied to. */
        public int hits() {
            return hits.get();
        }

        /** The requests it applied to, oldest first (the first 1,000). */
        public List<Firing> firings() {
            return List.copyOf(firings);
        }

        /** Uses left; -1 means unlimited. */
        public int remaining() {
            return remaining.get();
        }

        /** How many times it was set to fire; -1 means always. */
        public int times() {
            return times;
        }

        public Fault fault() {
            return fault;
        }

        public Set<Endpoint> endpoints() {
            return endpoints;
        }

        /** The model it is limited to, or null. */
        public String model() {
            return model;
        }

        /** The prompt pattern it is limited to, or null. */
        public String prompt() {
            return prompt == null ? null : prompt.pattern();
        }

        /** The rule's keys in the rule grammar: {@code on}, {@code model}, {@code prompt}, {@code times}, then the fault's. */
        public Map<String, String> spec() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("on", FaultRules.endpointNames(endpoints));
            if (model != null) {
                m.put("model", model);
            }
            if (prompt != null) {
                m.put("prompt", prompt.pattern());
            }
            m.put("times", times < 0 ? "always" : Integer.toString(times));
            m.putAll(fault.spec());
            return m;
        }

        /** The rule in the grammar of {@code --fault}; parsing it gives the same rule. */
        public String text() {
            return spec().entrySet().stream().map(e -> e.getKey() + "=" + FaultRules.quote(e.getValue()))
                    .collect(Collectors.joining(" "));
        }

        @Override
        public String toString() {
            return "Rule[" + id + ": " + text() + ", remaining=" + remaining.get() + ", hits=" + hits.get() + "]";
        }
    }
}
