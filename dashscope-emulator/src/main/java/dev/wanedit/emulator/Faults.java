package dev.wanedit.emulator;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault-injection rules of one emulator. Rules are tried in the order they were added; the first
 * that matches the endpoint (and model, when given) and still has uses left applies.
 *
 * <pre>{@code
 * emu.faults().on(Endpoint.TASK_QUERY).times(2).inject(Fault.serviceUnavailable());
 * emu.faults().onCreate().model("wan2.5-i2i-preview").once().inject(Fault.createThenReset());
 * emu.faults().onCreate().inject(Fault.imagesTimeout(1));            // every create from now on
 * emu.faults().on(Endpoint.RESULT_DOWNLOAD).inject(Fault.downloadForbidden());
 * }</pre>
 */
public final class Faults {
  private final List<Rule> rules = new CopyOnWriteArrayList<>();

  Faults() {}

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

  /** Removes every rule. */
  public void clear() {
    rules.clear();
  }

  /** The rules, in matching order. */
  public List<Rule> rules() {
    return List.copyOf(rules);
  }

  /** Finds and consumes the first matching request-level rule (not a task outcome). */
  Fault takeRequestFault(Endpoint endpoint, String model) {
    return take(endpoint, model, false);
  }

  /** Finds and consumes the first matching task-outcome rule for a create. */
  Fault takeOutcomeFault(Endpoint endpoint, String model) {
    return take(endpoint, model, true);
  }

  private synchronized Fault take(Endpoint endpoint, String model, boolean outcome) {
    for (Rule r : rules) {
      if (r.fault.isOutcome() == outcome && r.matches(endpoint, model) && r.consume()) {
        return r.fault;
      }
    }
    return null;
  }

  /** Builds one rule. */
  public final class RuleBuilder {
    private final Set<Endpoint> endpoints;
    private String model;
    private int times = -1;

    private RuleBuilder(Set<Endpoint> endpoints) {
      this.endpoints = endpoints;
    }

    /** Only requests for this model (create endpoints read it from the body; task endpoints from the task). */
    public RuleBuilder model(String model) {
      this.model = Objects.requireNonNull(model);
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
      }
      Rule rule = new Rule(endpoints, model, times, fault);
      rules.add(rule);
      return rule;
    }
  }

  /** One registered rule; {@link #hits()} tells how often it applied. */
  public static final class Rule {
    private final Set<Endpoint> endpoints;
    private final String model;
    private final AtomicInteger remaining;
    private final AtomicInteger hits = new AtomicInteger();
    private final Fault fault;

    private Rule(Set<Endpoint> endpoints, String model, int times, Fault fault) {
      this.endpoints = Set.copyOf(endpoints);
      this.model = model;
      this.remaining = new AtomicInteger(times);
      this.fault = fault;
    }

    boolean matches(Endpoint endpoint, String requestModel) {
      return endpoints.contains(endpoint) && (model == null || model.equals(requestModel))
          && remaining.get() != 0;
    }

    boolean consume() {
      int left = remaining.get();
      if (left == 0) {
        return false;
      }
      if (left > 0) {
        remaining.decrementAndGet();
      }
      hits.incrementAndGet();
      return true;
    }

    /** How many requests this rule has applied to. */
    public int hits() {
      return hits.get();
    }

    /** Uses left; -1 means unlimited. */
    public int remaining() {
      return remaining.get();
    }

    public Fault fault() {
      return fault;
    }

    public Set<Endpoint> endpoints() {
      return endpoints;
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      parts.add(endpoints.toString());
      if (model != null) {
        parts.add("model=" + model);
      }
      parts.add("remaining=" + remaining.get());
      return "Rule" + parts + " -> " + fault;
    }
  }
}
