package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.domain.catalog.ModelCatalog;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wanedit generate}: wan2.7 text-to-image and image sets, the same flow as {@code edit} without inputs. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate images from text with wan2.7 (-m defaults to wan2.7-image).",
            "One image, or an image set with --sequential. Shows the expected output and cost, submits, waits with "
                + "progress, stores every result and prints where it went."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  wanedit generate -p \"A lighthouse at dawn, watercolour\"",
            "  wanedit generate -m wan2.7-image-pro -p \"A tea shop poster\" --size 4K -o posters/",
            "  wanedit generate -p \"Four seasons of one garden\" --sequential -n 4",
            "  wanedit generate -p \"A calm bedroom\" --palette \"#C2D1E6:50,#F5F0E6:30,#2B2B2B:20\""})
public final class GenerateImageCommand extends BaseCommand implements Callable<Integer> {

    @Mixin
    EditOptions.Request request = new EditOptions.Request();

    @Mixin
    EditOptions.Run run = new EditOptions.Run();

    private final JobFlow flow;
    private final CliContext context;

    @Inject
    public GenerateImageCommand(ValidateEdit validate, SubmitEdit submit, AwaitJob await, ManageJobs jobs,
                                CliContext context, SidecarLocator sidecars) {
        this.flow = new JobFlow(validate, submit, await, jobs, context, sidecars);
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        String model = request.model == null || request.model.isBlank() ? ModelCatalog.WAN27_IMAGE : request.model;
        return flow.submitAndWait(this, EditOptions.toDraft(model, globals().region().orElse(context.defaultRegion()),
                request, null, spec), run);
    }
}
