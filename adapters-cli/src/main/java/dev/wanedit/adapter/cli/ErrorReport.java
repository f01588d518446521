package dev.wanedit.adapter.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.TextOutput;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.request.Violation;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Prints one failure from the {@link Failure} table, the same way on every path: with
 * {@code --json} the command's one JSON error document on stdout (its code, message, exit code,
 * the service's code and request id, the violations, the job); else the job's listing when it
 * matters (unless {@code --quiet}), then {@code error: message} and the kind's hint on stderr.
 * Every message is masked before it is printed.
 */
final class ErrorReport {

    /**
     * One failure to report.
     *
     * @param kind its row in the table
     * @param message for a person
     * @param remote the service's answer, for its code and request id
     * @param violations every broken rule
     * @param job the job it concerns, listed with it
     */
    record Problem(Failure kind, String message, Optional<RemoteServiceException> remote, List<Violation> violations,
                   Optional<EditJob> job) {

        static Problem of(Failure kind, String message) {
            return new Problem(kind, message, Optional.empty(), List.of(), Optional.empty());
        }

        Problem withJob(EditJob j) {
            return new Problem(kind, message, remote, violations, Optional.ofNullable(j));
        }
    }

    /** Where and how to print: the command's writers and its output options. */
    record Channel(PrintWriter out, PrintWriter err, boolean json, boolean quiet, boolean verbose) {

        static Channel of(BaseCommand cmd) {
            GlobalOptions g = cmd.globals();
            return new Channel(cmd.out(), cmd.err(), g.json(), g.quiet(), g.verbose());
        }
    }

    private final JsonOutput json;
    private final TextOutput text;
    private final UnaryOperator<String> mask;

    ErrorReport(JsonOutput json, TextOutput text, UnaryOperator<String> mask) {
        this.json = json;
        this.text = text;
        this.mask = mask;
    }

    /**
     * Prints the problem; a wait's or an interrupt's job is listed before the message in text mode.
     *
     * @return the kind's exit code
     */
    int print(Channel c, Problem p) {
        return print(c, p, p.kind() == Failure.INTERRUPTED ? "" : "error: ");
    }

    /**
     * As {@link #print(Channel, Problem)}, with the text-mode prefix given ({@code "wanedit: "} for
     * failures before any command ran).
     */
    int print(Channel c, Problem p, String prefix) {
        Failure kind = p.kind();
        String message = mask.apply(p.message());
        if (c.json()) {
            ObjectNode doc = json.error(kind.code, message, kind.exitCode, p.remote().map(RemoteServiceException::code).orElse(null),
                    p.remote().map(RemoteServiceException::requestId).orElse(null));
            if (!p.violations().isEmpty()) {
                doc.set("violations", json.violations(p.violations()));
            }
            p.job().ifPresent(j -> doc.set("job", json.job(j)));
            json.print(c.out(), doc);
            c.out().flush();
            return kind.exitCode;
        }
        if (kind == Failure.WAIT_TIMED_OUT && p.job().isPresent() && !c.quiet()) {
            text.job(c.out(), p.job().get());
            c.out().flush();
        }
        c.err().println(prefix + message);
        if (kind.hint == Failure.Hint.REPORT || kind.hint == Failure.Hint.VERBOSE && !c.verbose()) {
            c.err().println(kind.hint.text);
        }
        c.err().flush();
        return kind.exitCode;
    }

    /**
     * The masked stack trace of {@code t}, with {@code --verbose} only (on stderr, after the message):
     * the one way every path shows what went wrong in detail.
     */
    void trace(Channel c, Throwable t) {
        if (c.verbose()) {
            trace(c.err(), t, mask);
        }
    }

    static void trace(PrintWriter err, Throwable t, UnaryOperator<String> mask) {
        java.io.StringWriter trace = new java.io.StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        err.print(mask.apply(trace.toString()));
        err.flush();
    }
}
