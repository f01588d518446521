package dev.wanedit.adapter.web;

import dev.wanedit.adapter.web.view.JobView;
import dev.wanedit.adapter.web.view.ReportView;
import dev.wanedit.adapter.web.view.StateCount;
import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/** Builds a {@link ReportView}: the summary header, the notes, and the jobs with failures first. */
final class ReportPages {

    /** The order of the summary's counts: what went wrong first. */
    private static final List<JobState> SUMMARY_ORDER = List.of(JobState.FAILED, JobState.EXPIRED, JobState.CANCELED,
            JobState.CREATED, JobState.SUBMITTING, JobState.OUTCOME_UNKNOWN, JobState.PENDING, JobState.RUNNING,
            JobState.SUCCEEDED, JobState.STORED);

    private ReportPages() {
    }

    /**
     * @param jobs newest first, as the journal lists them; the page keeps that order within
     *     failed, unfinished and complete jobs
     */
    static ReportView build(String title, List<EditJob> jobs, Pictures pictures, Instant now, boolean studio) {
        boolean embed = pictures.mode() == Pictures.Mode.EMBED;
        JobViews views = new JobViews(pictures, now, embed);
        List<EditJob> ordered = IntStream.range(0, jobs.size()).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> JobViews.group(jobs.get(i))).thenComparingInt(i -> i))
                .map(jobs::get).toList();
        List<JobView> jobViews = ordered.stream().map(views::view).toList();

        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        long partial = 0;
        long failures = 0;
        Optional<Money> estimated = Optional.empty();
        Optional<Money> actual = Optional.empty();
        for (EditJob j : jobs) {
            counts.merge(j.state(), 1L, Long::sum);
            partial += j.isPartial() ? 1 : 0;
            failures += JobViews.group(j) == 0 ? 1 : 0;
            estimated = add(estimated, j.request().expectedOutput().estimatedCost());
            if (j.isActualCostKnown()) {
                actual = add(actual, j.actualCost());
            }
        }
        List<StateCount> states = new ArrayList<>();
        for (JobState s : SUMMARY_ORDER) {
            long c = counts.getOrDefault(s, 0L);
            if (c > 0) {
                states.add(new StateCount(s.name(), c, switch (s) {
                    case FAILED, EXPIRED, CANCELED -> "failed";
                    case STORED -> "ok";
                    case CREATED, SUBMITTING, OUTCOME_UNKNOWN, PENDING, RUNNING, SUCCEEDED -> "running";
                }));
            }
        }
        if (partial > 0) {
            states.add(0, new StateCount("partial", partial, "partial"));
        }

        List<String> notes = new ArrayList<>();
        pictures.firstExpiry().ifPresent(t -> notes.add("Images stored in OSS are shown through signed links that expire: the first at "
                + Formats.time(t) + ". After that they no longer load; make the report again for fresh links."));
        if (pictures.remoteNotLoaded()) {
            notes.add("Remote (http/https) input images are not loaded by this page, which fetches nothing from outside; "
                    + "they are listed as links.");
        }
        switch (pictures.mode()) {
            case EMBED:
                notes.add("Local images are embedded as thumbnails of at most " + Pictures.THUMBNAIL_SIDE
                        + " px, so this file stands alone; the full-size files stay where each job stored them.");
                break;
            case RELATIVE:
                notes.add("Images are referenced by paths relative to this file: keep it where it was written, or make it "
                        + "with --embed to get one file that can be shared.");
                break;
            case STUDIO:
            default:
                break;
        }
        return new ReportView(title, Formats.time(now), studio, embed, jobs.size(), states, failures, partial,
                estimated.map(Money::toString).orElse("0.00 CNY"), actual.map(Money::toString).orElse("0.00 CNY"), notes,
                jobViews, studio ? studioPolicy(pictures) : reportPolicy(pictures));
    }

    private static Optional<Money> add(Optional<Money> sum, Money m) {
        if (sum.isEmpty()) {
            return Optional.of(m);
        }
        return sum.get().currency().equals(m.currency()) ? Optional.of(sum.get().plus(m)) : sum;
    }

    /**
     * A report file loads its own inline script and styles, images next to it or embedded, and
     * signed links of the OSS hosts it names; nothing else, and it connects nowhere.
     */
    static String reportPolicy(Pictures p) {
        String img = p.mode() == Pictures.Mode.EMBED ? "data:" : "'self' file: data:";
        return "default-src 'none'; img-src " + img + origins(p) + "; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                + "base-uri 'none'; form-action 'none'";
    }

    /** The studio's pages load only from the studio itself, plus signed OSS links. */
    static String studioPolicy(Pictures p) {
        return "default-src 'self'; img-src 'self' data: blob:" + origins(p) + "; style-src 'self' 'unsafe-inline'; "
                + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    private static String origins(Pictures p) {
        StringBuilder b = new StringBuilder();
        p.signedOrigins().forEach(o -> b.append(' ').append(o));
        return b.toString();
    }
}
