package dev.wanedit.application.port.in;

import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.ManifestSource;

/**
 * Use case: run a manifest of edits under each model's submission rate and concurrency limits and
 * the account's task-query budget, without a thread per job. Every line is validated before
 * anything is submitted; lines already submitted in an earlier run are not submitted again.
 */
public interface RunBatch {

    BatchReport run(BatchSpec spec, ManifestSource manifest, BatchProgress.Listener listener) throws InterruptedException;
}
