package dev.wanedit.domain.job;

/** A remote task status as the service reports it (async task docs; seeds 000, 002, 004). */
public enum RemoteStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED,
    /** The task does not exist or has expired (queried more than 24 h later, or a wrong id). */
    UNKNOWN
}
