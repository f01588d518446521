package dev.wanedit.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One task. Its state is a pure function of the emulator clock: PENDING until {@code submitted +
 * queue}, RUNNING until {@code + run}, then SUCCEEDED or FAILED; CANCELED once cancelled while
 * PENDING. Nothing runs in the background.
 */
final class Task {
  enum Status { PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED }

  final String id;
  final String requestId;
  final String apiKey;
  final Endpoint endpoint;
  final TaskSpec spec;

  TaskSpec spec() {
    return spec;
  }
  final Instant submitted;
  final Duration queue;
  final Duration run;
  final Fault outcome;
  final boolean sync;
  private Instant canceledAt;

  Task(String id, String requestId, String apiKey, Endpoint endpoint, TaskSpec spec, Instant submitted,
      Duration queue, Duration run, Fault outcome, boolean sync) {
    this.id = id;
    this.requestId = requestId;
    this.apiKey = apiKey;
    this.endpoint = endpoint;
    this.spec = spec;
    this.submitted = submitted;
    this.queue = queue;
    this.run = run;
    this.outcome = outcome;
    this.sync = sync;
  }

  Instant scheduledAt() {
    return submitted.plus(queue);
  }

  Instant endAt() {
    return canceledAt != null ? canceledAt : scheduledAt().plus(run);
  }

  synchronized Status status(Instant now) {
    if (canceledAt != null) {
      return Status.CANCELED;
    }
    if (now.isBefore(scheduledAt())) {
      return Status.PENDING;
    }
    if (now.isBefore(endAt())) {
      return Status.RUNNING;
    }
    return succeededCount() > 0 ? Status.SUCCEEDED : Status.FAILED;
  }

  synchronized void cancel(Instant at) {
    canceledAt = at;
  }

  boolean isActive(Instant now) {
    Status s = status(now);
    return s == Status.PENDING || s == Status.RUNNING;
  }

  /** Whether image {@code i} fails (an injected per-image timeout). */
  boolean imageFails(int i) {
    if (outcome == null) {
      return false;
    }
    if (outcome.kind() == Fault.Kind.TASK_FAILED) {
      return true;
    }
    Set<Integer> failing = outcome.indices();
    return failing.contains(i);
  }

  int succeededCount() {
    int ok = 0;
    for (int i = 0; i < spec.count(); i++) {
      if (!imageFails(i)) {
        ok++;
      }
    }
    return ok;
  }

  /** The FAILED code: the injected one, or the per-image code when every image failed. */
  String failureCode() {
    return outcome == null ? "InternalError" : outcome.code();
  }

  String failureMessage() {
    return outcome == null ? "" : outcome.message();
  }
}
