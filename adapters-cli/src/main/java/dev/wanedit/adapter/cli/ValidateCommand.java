package dev.wanedit.adapter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.adapter.cli.render.Table;
import dev.wanedit.adapter.cli.render.TextOutput;
import dev.wanedit.application.policy.Redaction;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.value.InputReport;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.ValidationReport;
import dev.wanedit.application.port.out.RequestPreview;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.ImageFacts;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wanedit validate}: a dry run with the options of {@code edit}; no network call. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Dry run: check a request and show what would be sent, without sending it.",
            "Takes the options of edit and generate and prints the facts of each input, every violation, the expected "
                + "output size, the cost and the exact request that would be sent (key masked). Makes no network call. "
                + "Exits 0 when the request is valid, 3 when it is not."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  wanedit validate -m wan2.5-i2i-preview -i shelf.jpg -p \"Put the clock on the shelf\"",
            "  wanedit validate -m wanx2.1-imageedit --function expand \\",
            "      --param top_scale=1.5 -i photo.jpg -p \"More sky\"",
            "  wanedit validate -m wan2.7-image -p \"A lighthouse\" --size 4K --json"})
public final class ValidateCommand extends BaseCommand implements Callable<Integer> {

    @Mixin
    EditOptions.Edit edit = new EditOptions.Edit();

    private final ValidateEdit validate;
    private final CliContext context;
    private final JsonOutput json;

    @Inject
    public ValidateCommand(ValidateEdit validate, CliContext context) {
        this.validate = validate;
        this.context = context;
        this.json = new JsonOutput(SidecarLocator.none());
    }

    @Override
    public Integer call() {
        EditRequestDraft command = edit.draft(globals().region().orElse(context.defaultRegion()), spec);
        ValidationReport report = validate.validate(command, edit.run.sync ? SubmitMode.SYNC : SubmitMode.ASYNC);
        GlobalOptions g = globals();
        PrintWriter out = out();
        if (g.json()) {
            json.print(out, json.validation(report, command.modelId(), command.region()));
        } else if (g.quiet()) {
            out.println(report.valid() ? "valid" : "invalid");
            TextOutput.violations(out, report.errors(), "");
        } else {
            print(out, report, command);
        }
        out.flush();
        return report.valid() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }

    private void print(PrintWriter out, ValidationReport report, EditRequestDraft command) {
        out.println("Model " + command.modelId() + " in " + command.region().id());
        if (!report.inputs().isEmpty()) {
            out.println("Inputs:");
            Table t = new Table("FIELD", "GIVEN", "KIND", "FORMAT", "SIZE", "BYTES", "ALPHA");
            for (InputReport in : report.inputs()) {
                Optional<ImageFacts> f = in.facts();
                t.row(in.field(), Redaction.redact(JsonOutput.abbreviate(in.given())),
                        in.kind() == null ? "-" : in.kind().name().toLowerCase(java.util.Locale.ROOT),
                        f.map(x -> x.format().name()).orElse("?"), f.map(x -> x.width() + "*" + x.height()).orElse("?"),
                        f.map(x -> TextOutput.bytes(x.bytes())).orElse("?"), f.map(x -> x.alpha() ? "yes" : "no").orElse("?"));
            }
            t.print(out, "  ");
        }
        if (!report.errors().isEmpty() || !report.warnings().isEmpty()) {
            out.println("Violations:");
            TextOutput.violations(out, report.errors(), "  ");
            TextOutput.violations(out, report.warnings(), "  ");
        }
        report.expected().ifPresent(e -> out.println("Expected output: " + TextOutput.expected(e)));
        report.preview().ifPresent(p -> preview(out, p));
        if (report.valid()) {
            out.println("Valid. Nothing was sent; `wanedit edit` with the same options submits it.");
        } else {
            int n = report.errors().size();
            out.println("Invalid: " + n + (n == 1 ? " error" : " errors") + ". Nothing was sent.");
        }
    }

    private static void preview(PrintWriter out, RequestPreview p) {
        out.println("Request that would be sent:");
        out.println("  " + p.method() + " " + p.url());
        p.headers().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.println("  " + e.getKey() + ": " + Redaction.header(e.getKey(), e.getValue())));
        out.println();
        for (String line : prettyBody(p.body()).split("\n")) {
            out.println("  " + line);
        }
    }

    /** The body pretty-printed when it is JSON, else as it is; keys masked either way. */
    static String prettyBody(String body) {
        if (body == null) {
            return "";
        }
        String shown = body;
        try {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            shown = m.writeValueAsString(m.readTree(body));
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: show it as it is
        }
        return Redaction.redact(shown);
    }
}
