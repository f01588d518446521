package dev.wanedit.adapter.cli;

import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.adapter.cli.render.Table;
import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.Limits;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.ModelSpec;
import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.catalog.ParamSpec;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.catalog.SizePreset;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageRules;
import dev.wanedit.domain.request.SizeRules;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code wanedit models}: the models, their regions, limits and prices, from the documents. */
@Command(name = "models", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the models, their regions, limits and prices.",
            "Input limits, output sizes, prices per region and account limits as the official documents give them. "
                + "Figures the documents do not settle are marked 'unconfirmed'."},
        footerHeading = "%nExamples:%n",
        footer = {"  wanedit models", "  wanedit models --json"})
public final class ModelsCommand extends BaseCommand implements Callable<Integer> {

    private final JsonOutput json = new JsonOutput(SidecarLocator.none());

    @Inject
    public ModelsCommand() {
        // the catalog is the domain's; nothing to inject
    }

    @Override
    public Integer call() {
        List<ModelSpec> models = ModelCatalog.standard().all();
        GlobalOptions g = globals();
        PrintWriter out = out();
        if (g.json()) {
            json.print(out, json.models(models));
        } else if (g.quiet()) {
            models.forEach(m -> out.println(m.id()));
        } else {
            Table t = new Table("MODEL", "REGIONS", "INPUTS", "N", "PRICE/IMAGE BEIJING", "PRICE/IMAGE SINGAPORE", "LIMITS");
            for (ModelSpec m : models) {
                t.row(m.id(), regions(m), range(m.images().minCount(), m.images().maxCount()), m.count().min() + "-"
                        + Math.max(m.count().max(), m.count().sequentialMax()), price(m, Region.BEIJING),
                        price(m, Region.SINGAPORE), limits(m));
            }
            t.print(out, "");
            for (ModelSpec m : models) {
                out.println();
                details(out, m);
            }
            out.println();
            out.println("Prices are per successful output image; Singapore prices are CNY-equivalent. wanedit sends n=1 unless -n is given.");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String regions(ModelSpec m) {
        return m.regions().stream().sorted().map(Region::id).collect(Collectors.joining(", "));
    }

    private static String price(ModelSpec m, Region r) {
        return m.pricePerImage(r).map(Money::toString).orElse("not offered");
    }

    private static String limits(ModelSpec m) {
        if (m.limits().isEmpty()) {
            return "unknown";
        }
        Limits l = m.limits().get();
        return l.submitsPerSecond() + "/s, " + l.concurrentTasks() + " concurrent" + (l.confirmed() ? "" : " (unconfirmed)");
    }

    private static void details(PrintWriter out, ModelSpec m) {
        out.println(m.id() + "  (" + m.wireFamily().name().toLowerCase(Locale.ROOT) + " requests; " + regions(m) + ")");
        ImageRules i = m.images();
        String formats = i.formats().stream().sorted().map(ImageFormat::name).collect(Collectors.joining("/"));
        Table t = Table.withoutHeadings(2);
        t.row("inputs", range(i.minCount(), i.maxCount()) + (i.maxCount() == 1 ? " image, " : " images, ") + formats + ", sides " + i.minSide() + "-" + i.maxSide()
                + " px" + (i.maxAspect() < Double.POSITIVE_INFINITY ? ", ratio 1:" + fmt(1 / i.minAspect()) + " to "
                + fmt(i.maxAspect()) + ":1" : "") + ", at most " + i.maxBytes() / ImageRules.MB + " MB"
                + (i.alphaAllowed() ? "" : ", no alpha channel"));
        t.row("prompt", "up to " + m.text().promptMax() + " characters" + (m.text().serverTruncates()
                ? " (longer text is truncated by the service)" : "")
                + m.text().negativeMax().stream().mapToObj(n -> "; negative prompt up to " + n).findFirst().orElse(""));
        t.row("size", size(m.size()));
        t.row("n", m.count().min() + "-" + m.count().max() + (m.count().sequentialMax() > 0 ? " (image sets up to "
                + m.count().sequentialMax() + ")" : "") + "; the service's default is " + m.count().serverDefault()
                + ", wanedit sends 1 unless -n");
        t.row("prices", m.regions().stream().sorted().map(r -> r.id() + " " + price(m, r)).collect(Collectors.joining(", "))
                + " per image");
        t.row("limits", limits(m) + (m.limits().map(Limits::confirmed).orElse(true) ? "" : ": no documented figure"));
        if (!m.functions().isEmpty()) {
            t.row("functions", m.functions().stream().sorted(Comparator.comparing(EditFunction::ordinal))
                    .map(ModelsCommand::function).collect(Collectors.joining(", ")));
        }
        t.print(out, "  ");
    }

    private static String function(EditFunction f) {
        String params = f.params().values().stream().map(ModelsCommand::param).collect(Collectors.joining(" "));
        return f.wireName() + (f.requiresMask() ? " (mask)" : "") + (params.isEmpty() ? "" : " [" + params + "]");
    }

    private static String param(ParamSpec p) {
        return p.min() == null ? p.name() + "=true|false" : p.name() + "=" + p.min().toPlainString() + ".." + p.max().toPlainString();
    }

    private static String size(SizeRules s) {
        if (!s.sizeSettable()) {
            return "follows the input (no size parameter)";
        }
        StringBuilder b = new StringBuilder();
        if (!s.presets().isEmpty()) {
            b.append(s.presets().stream().sorted().map(SizePreset::label).collect(Collectors.joining("/"))).append(" or ");
        }
        if (s.explicitAllowed()) {
            b.append("W*H from ").append(side(s.minPixels())).append(" to ").append(side(s.maxPixels())).append(" pixels");
            if (s.maxPixelsTextToImage() > s.maxPixels()) {
                b.append(" (text-to-image up to ").append(side(s.maxPixelsTextToImage())).append(")");
            }
            b.append(", ratio 1:").append(fmt(1 / s.minAspect())).append(" to ").append(fmt(s.maxAspect())).append(":1");
        }
        s.defaultPreset().ifPresent(p -> b.append("; default ").append(p.label()));
        return b.toString();
    }

    private static String side(long pixels) {
        long side = Math.round(Math.sqrt(pixels));
        return side * side == pixels ? side + "*" + side : String.valueOf(pixels);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** "1-3", or "1" when the range is a single value. */
    private static String range(int min, int max) {
        return min == max ? String.valueOf(min) : min + "-" + max;
    }
}
