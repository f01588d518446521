package dev.wanedit.emulator;

/** What every DashScope endpoint checks first: the API key, and the task-call rate limit. */
final class Gate {
    private final DashScopeEmulator emu;

    Gate(DashScopeEmulator emu) {
        this.emu = emu;
    }

    /** The API key of the request, checked against the emulator's: 401 {@code InvalidApiKey} otherwise. */
    String authenticate(Call c) throws ApiError {
        String auth = c.trimmedHeader("Authorization");
        if (auth == null || auth.isEmpty()) {
            throw new ApiError(401, "InvalidApiKey", "No API-key provided.");
        }
        String key = auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : auth;
        if (key.isEmpty()) {
            throw new ApiError(401, "InvalidApiKey", "No API-key provided.");
        }
        if (!key.equals(emu.apiKey())) {
            throw new ApiError(401, "InvalidApiKey", "Invalid API-key provided.");
        }
        return key;
    }

    /**
     * A task query, cancel or list: the key, then the task-call rate limit. The 429 answer over the
     * rate, or null to go on.
     */
    Reply taskCall(Call c) throws ApiError {
        authenticate(c);
        return taskCallLimit(c);
    }

    /** A call on one task, let through: the task (null when there is none of that id), or the reply that refuses it. */
    record TaskAdmission(Task task, Reply refusal) {
    }

    /** Authenticates a call on task {@code id}, keeps it within the task-call rate, then fires its request fault if one matches. */
    TaskAdmission admitTaskCall(Call c, String id, RequestFaults faults) throws ApiError {
        Reply limited = taskCall(c);
        if (limited != null) {
            return new TaskAdmission(null, limited);
        }
        Task task = emu.state.task(id);
        return new TaskAdmission(task, faults.requestFault(c, task));
    }

    private Reply taskCallLimit(Call c) {
        if (!emu.state.admitTaskCall()) {
            return Replies.error(c, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        }
        return null;
    }
}
