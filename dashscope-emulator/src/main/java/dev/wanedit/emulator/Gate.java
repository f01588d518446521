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

    private Reply taskCallLimit(Call c) {
        if (!emu.state.admitTaskCall()) {
            return Replies.error(c, 429, "Throttling.RateQuota", "Requests rate limit exceeded, please try again later.");
        }
        return null;
    }
}
