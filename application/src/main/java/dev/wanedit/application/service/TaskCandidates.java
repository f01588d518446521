package dev.wanedit.application.service;

import dev.wanedit.application.port.out.RemoteTaskSummary;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.TaskSnapshot;

/**
 * The reconciler's reading of one task found in the task list ({@link Reconciler}): whether its
 * query's answer shows it to be a job's task (the prompt it echoes, the images it asked for), and
 * the basis recorded on the job when it is adopted.
 */
final class TaskCandidates {

    /** A listed task and what its query answered. */
    record Candidate(RemoteTaskSummary summary, TaskSnapshot answer) {
    }

    private TaskCandidates() {
    }

    static String basis(Candidate c, int matching) {
        StringBuilder b = new StringBuilder("found in the task list after the create's answer was lost; its orig_prompt is "
                + "this job's prompt");
        c.answer.echo().imagesRequested().ifPresent(n -> b.append(", it asked for ").append(n).append(n == 1 ? " image" : " images"));
        b.append(", model ").append(c.summary.model().isEmpty() ? "as listed" : c.summary.model());
        b.append(", created ").append(c.summary.createdAt());
        if (matching > 1) {
            b.append("; ").append(matching).append(" tasks repeat this request and were paired with this journal's creates of it in time order");
        }
        return b.toString();
    }

    enum Judgement { MATCH, OTHER, NOT_ENDED, UNPROVEN_BILLED, UNPROVEN_UNBILLED }

    /** Whether a candidate's answer shows it to be this job's task. */
    static Judgement judge(EditJob job, TaskSnapshot answer) {
        TaskSnapshot.RequestEcho echo = answer.echo();
        if (answer.status() == RemoteStatus.UNKNOWN) {
            return Judgement.OTHER; // gone (expired) or never this account's
        }
        int n = job.request().output().n();
        if (echo.imagesRequested().isPresent()) {
            int asked = echo.imagesRequested().getAsInt();
            boolean fits = job.request().output().sequential() ? asked <= n : asked == n;
            if (!fits) {
                return Judgement.OTHER;
            }
        }
        if (echo.prompt().isPresent()) {
            return samePrompt(echo.prompt().get(), job.request().prompt()) ? Judgement.MATCH : Judgement.OTHER;
        }
        if (!isFinal(answer.status())) {
            return Judgement.NOT_ENDED;
        }
        return answer.status() == RemoteStatus.SUCCEEDED ? Judgement.UNPROVEN_BILLED : Judgement.UNPROVEN_UNBILLED;
    }

    static boolean samePrompt(String echoed, String sent) {
        return normalize(echoed).equals(normalize(sent));
    }

    private static String normalize(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }

    static boolean isFinal(RemoteStatus s) {
        return s == RemoteStatus.SUCCEEDED || s == RemoteStatus.FAILED || s == RemoteStatus.CANCELED;
    }
}
