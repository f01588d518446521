package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.render.SidecarLocator;

import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wanedit edit}: validate, show the cost, submit, wait with progress, store and list the results. */
@Command(name = "edit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Edit images with a Wan model, wait for the results and store them.",
            "Checks every documented rule locally, shows the expected output and cost, submits the task, waits for it "
                + "with progress, downloads and stores every result and prints where it went. IMAGE may be a local "
                + "file, an http(s) URL or oss://bucket/key."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  wanedit edit -m wan2.5-i2i-preview -i shelf.jpg \\",
            "      -p \"Put the clock on the shelf\" -n 1",
            "  wanedit edit -m wan2.5-i2i-preview -i person.png -i dress.png \\",
            "      -p \"Dress the person in the dress\" -o out/",
            "  wanedit edit -m wanx2.1-imageedit --function super_resolution \\",
            "      --param upscale_factor=2 -i small.jpg -p \"Sharpen the photo\"",
            "  wanedit edit -m wanx2.1-imageedit --function description_edit_with_mask \\",
            "      -i room.jpg --mask mask.png -p \"A red sofa\"",
            "  wanedit edit -m wan2.7-image -i a.jpg -i b.jpg \\",
            "      --bbox \"10,10,200,200;300,40,420,160\" --bbox \"\" -p \"Swap the cups\" --detach",
            "  wanedit --region singapore edit -m wan2.7-image-pro -i logo.png \\",
            "      -p \"Make it gold\" --json"})
public final class EditImageCommand extends BaseCommand implements Callable<Integer> {

    @Mixin
    EditOptions.Edit edit = new EditOptions.Edit();

    private final JobFlow flow;
    private final CliContext context;

    @Inject
    public EditImageCommand(ValidateEdit validate, SubmitEdit submit, AwaitJob await, ManageJobs jobs, CliContext context,
                            SidecarLocator sidecars) {
        this.flow = new JobFlow(validate, submit, await, jobs, context, sidecars);
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        return flow.submitAndWait(this, edit.draft(globals().region().orElse(context.defaultRegion()), spec), edit.run);
    }
}
