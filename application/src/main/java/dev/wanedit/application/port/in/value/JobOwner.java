package dev.wanedit.application.port.in.value;

import java.time.Instant;

/**
 * The process working on a job right now (it holds the job's lease in the journal): where it runs,
 * until when its lease holds without a heartbeat, and whether it is this very process.
 */
public record JobOwner(String host, long pid, Instant until, boolean thisProcess) {

    /** {@code host pid N}, for people. */
    public String describe() {
        return thisProcess ? "this process" : host + " pid " + pid;
    }
}
