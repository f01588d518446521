package dev.wanedit.emulator;

/** {@code GET /public/{name}}: a file published with {@link DashScopeEmulator#publish}. */
final class PublicFileHandler implements EndpointHandler {
    private final DashScopeEmulator emu;
    private final RequestFaults faults;

    PublicFileHandler(DashScopeEmulator emu, RequestFaults faults) {
        this.emu = emu;
        this.faults = faults;
    }

    @Override
    public Reply handle(Call c) {
        Reply early = faults.requestFault(c, null, null);
        if (early != null) {
            return early;
        }
        String name = c.path().substring("/public/".length());
        DashScopeEmulator.Published p = emu.published(name);
        if (p == null) {
            return Replies.ossError(c, 404, "NoSuchKey", "The specified key does not exist.");
        }
        return new Reply(200, p.contentType(), p.bytes());
    }
}
