package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.adapter.cli.render.TextOutput;
import dev.wanedit.application.policy.Redaction;
import dev.wanedit.application.port.in.value.InvalidInput;
import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.JobRepositoryException;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.application.port.out.ResultStoreUnusable;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.request.InvalidEditRequest;
import dev.wanedit.domain.request.Violation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Where exceptions become the rows of the error table ({@link Failure}: exit code, JSON code,
 * hint, printed by {@link ErrorReport}) and messages a person
 * understands: every violation with its field, value and rule; a refused key explained as the
 * region/key mismatch it usually is; the service's request id when there is one; a stack trace
 * only with {@code --verbose}. With {@code --json} the error is the command's one JSON document,
 * on stdout. Usage errors exit 2 with a pointer to {@code --help}.
 */
public final class CliErrorHandler implements IExecutionExceptionHandler, IExitCodeExceptionMapper, IParameterExceptionHandler {

    /** Options people try for the key; the key is never accepted as an option and never echoed back. */
    private static final Pattern KEY_OPTION = Pattern.compile("(?i)--?(api[-_]?key|key|apikey|token|dashscope[-_]api[-_]key)(=.*)?");

    private final JsonOutput json = new JsonOutput(SidecarLocator.none());
    private final java.util.function.UnaryOperator<String> mask;
    private final ErrorReport reports;

    /** Masks with {@link Redaction#redact}. */
    public CliErrorHandler() {
        this(Redaction::redact);
    }

    /**
     * @param mask applied to every message and {@code --verbose} stack trace before it is printed;
     *     bootstrap passes the masking its log layout uses (the configured keys, then {@link Redaction})
     */
    public CliErrorHandler(java.util.function.UnaryOperator<String> mask) {
        this.mask = mask;
        this.reports = new ErrorReport(json, new TextOutput(SidecarLocator.none()), mask);
    }

    @Override
    public int getExitCode(Throwable t) {
        return Failure.of(t).exitCode;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        GlobalOptions g = BaseCommand.globalsOf(commandLine);
        ErrorReport.Channel channel = new ErrorReport.Channel(commandLine.getOut(), commandLine.getErr(), g.json(), g.quiet(),
                g.verbose());
        int code = reports.print(channel, problem(ex, g), "error: ");
        reports.trace(channel, ex);
        return code;
    }

    /** An exception as a row of the table with its message, the service's answer, the violations and the job. */
    static ErrorReport.Problem problem(Throwable t, GlobalOptions g) {
        return new ErrorReport.Problem(Failure.of(t), describe(t, g),
                t instanceof RemoteServiceException r ? Optional.of(r) : Optional.empty(),
                t instanceof InvalidEditRequest i ? i.violations() : List.of(),
                t instanceof WaitTimedOut w ? Optional.ofNullable(w.job()) : Optional.empty());
    }

    /**
     * Reports a configuration error found before any command could run (bad config file, bad
     * environment value): one JSON error document with {@code --json}, else one line.
     *
     * @return {@link ExitCodes#USAGE}
     */
    public static int configError(String message, boolean json, java.io.PrintWriter out, java.io.PrintWriter err) {
        return startupError(Failure.CONFIG.code, message, ExitCodes.USAGE, json, out, err);
    }

    /**
     * Reports a failure found before the command ran (nothing was sent or journaled), with the
     * exit code given, e.g. {@link ExitCodes#UNAVAILABLE} for a journal server that cannot be
     * reached: one JSON error document of {@code kind} with {@code --json}, else one line.
     *
     * @param kind the JSON code of a row of the error table ({@code config}, {@code journal_unavailable}, …)
     * @return {@code code}
     */
    public static int startupError(String kind, String message, int code, boolean json, java.io.PrintWriter out,
                                   java.io.PrintWriter err) {
        return new ErrorReport(new JsonOutput(SidecarLocator.none()), new TextOutput(SidecarLocator.none()), Redaction::redact)
                .print(new ErrorReport.Channel(out, err, json, false, false),
                        ErrorReport.Problem.of(Failure.byCode(kind, code), message), "wanedit: ");
    }

    /**
     * Reports a failure before any command could run that is not a configuration error (a defect
     * in wiring): the message, a pointer to {@code --verbose}, and with it the masked stack trace.
     *
     * @return {@link ExitCodes#SOFTWARE}
     */
    public static int internalError(Throwable t, boolean json, boolean verbose, PrintWriter out, PrintWriter err,
                                    java.util.function.UnaryOperator<String> mask) {
        String message = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        int code = new ErrorReport(new JsonOutput(SidecarLocator.none()), new TextOutput(SidecarLocator.none()), mask)
                .print(new ErrorReport.Channel(out, err, json, false, verbose), ErrorReport.Problem.of(Failure.INTERNAL, message));
        if (verbose) {
            ErrorReport.trace(err, t, mask);
        }
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        boolean jsonWanted = List.of(args).contains("--json");
        boolean keyOption = List.of(args).stream().anyMatch(a -> KEY_OPTION.matcher(a).matches());
        String message = keyOption
                ? "the API key is never accepted as an option (it would end up in the shell history). Set "
                        + "DASHSCOPE_API_KEY_BEIJING or DASHSCOPE_API_KEY_SINGAPORE (keys are bound to their region), "
                        + "or DASHSCOPE_API_KEY, or put it in the config file"
                : mask.apply(ex.getMessage());
        String help = "Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage and examples.";
        if (jsonWanted) {
            reports.print(new ErrorReport.Channel(cl.getOut(), cl.getErr(), true, false, false),
                    ErrorReport.Problem.of(Failure.USAGE, message + ". " + help));
        } else {
            PrintWriter err = cl.getErr();
            err.println("error: " + message);
            if (!keyOption && ex instanceof UnmatchedArgumentException u) {
                StringWriter suggestions = new StringWriter();
                UnmatchedArgumentException.printSuggestions(u, new PrintWriter(suggestions));
                err.print(mask.apply(suggestions.toString()));
            }
            err.println(help);
            err.flush();
        }
        return ExitCodes.USAGE;
    }

    /** A short machine-readable name of the error, for {@code --json}. */
    static String kind(Throwable t) {
        return Failure.of(t).code;
    }

    /** The message for a person. */
    static String describe(Throwable t, GlobalOptions g) {
        if (t instanceof InvalidEditRequest i) {
            List<Violation> vs = i.violations();
            StringBuilder b = new StringBuilder().append(vs.size()).append(vs.size() == 1 ? " problem" : " problems")
                    .append(" with the request; nothing was sent:");
            for (Violation v : vs) {
                b.append("\n  - ").append(v.message());
            }
            return b.toString();
        }
        if (t instanceof UnreadableImage u) {
            return "cannot use input image " + u.getMessage();
        }
        if (t instanceof RemoteServiceException r) {
            return remote(r, g) + requestId(r);
        }
        if (t instanceof ResultStoreUnusable u) {
            return "results cannot be stored in " + u.where() + ": " + u.getMessage() + ". Nothing was sent, so nothing "
                    + "is paid for; fix it and run the command again";
        }
        if (t instanceof ResultStoreException) {
            return "could not store a result: " + t.getMessage()
                    + (t.getCause() != null && t.getCause().getMessage() != null ? " (" + t.getCause().getMessage() + ")" : "")
                    + ". The job stays in the journal; fix the cause, then run `wanedit resume`";
        }
        if (t instanceof InterruptedException) {
            return "interrupted; unfinished jobs stay in the journal: `wanedit resume` finishes them";
        }
        if (t instanceof JobNotFound || t instanceof WaitTimedOut || t instanceof InvalidInput
                || t instanceof JobRepositoryException.Damaged) {
            return t.getMessage();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String remote(RemoteServiceException r, GlobalOptions g) {
        String said = serviceSaid(r);
        if (r instanceof RemoteServiceException.Unauthorized) {
            String region = g.region().map(x -> x.id()).orElse("the configured region");
            return "the service refused the API key" + said + ". Keys are bound to a region: a Beijing key works only "
                    + "with --region beijing (DASHSCOPE_API_KEY_BEIJING), a Singapore key only with --region singapore "
                    + "(DASHSCOPE_API_KEY_SINGAPORE). This call went to " + region + "; check that the key is set, belongs "
                    + "to that region, and that the account may use the model";
        }
        if (r instanceof RemoteServiceException.Rejected) {
            return "the service rejected the request" + said + ". Sending it again will not help; change the input or parameters";
        }
        if (r instanceof RemoteServiceException.RateLimited rl) {
            return "the service is throttling requests" + said + "; nothing was created"
                    + rl.retryAfter().map(d -> ", retry after " + TextOutput.duration(d)).orElse("")
                    + ". Try again later";
        }
        if (r instanceof RemoteServiceException.OutcomeUnknown) {
            return "the create call was sent but no answer came back" + said + ": the task may or may not exist. "
                    + "`wanedit resume` finds out without paying twice";
        }
        if (r instanceof RemoteServiceException.ResultExpired) {
            return "a result URL expired before the image was stored" + said + " (results are kept for 24 hours)";
        }
        return "the service is unavailable" + said + ". The job, if any, stays in the journal; try again later or run `wanedit resume`";
    }

    private static String serviceSaid(RemoteServiceException r) {
        StringBuilder b = new StringBuilder();
        if (r.httpStatus() > 0) {
            b.append("HTTP ").append(r.httpStatus());
        }
        if (!r.code().isEmpty()) {
            b.append(b.length() > 0 ? ", " : "").append(r.code());
        }
        String m = r.getMessage();
        if (m != null && !m.isBlank()) {
            b.append(b.length() > 0 ? ": " : "").append(m);
        }
        return b.length() == 0 ? "" : " (" + b + ")";
    }

    private static String requestId(RemoteServiceException r) {
        return r.requestId().isEmpty() ? "" : "\n  request id: " + r.requestId() + " (quote it to Alibaba Cloud support)";
    }
}
