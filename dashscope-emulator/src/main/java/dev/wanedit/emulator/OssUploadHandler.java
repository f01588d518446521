package dev.wanedit.emulator;

import java.util.Locale;

/** {@code POST /oss-upload}: the OSS-style form upload of a temporary file, checked against its policy. */
final class OssUploadHandler implements EndpointHandler {
    private final DashScopeEmulator emu;
    private final RequestFaults faults;
    private final OssUploads uploads;

    OssUploadHandler(DashScopeEmulator emu, RequestFaults faults, OssUploads uploads) {
        this.emu = emu;
        this.faults = faults;
        this.uploads = uploads;
    }

    @Override
    public Reply handle(Call c) {
        Reply early = faults.requestFault(c, null, null);
        if (early != null) {
            return early;
        }
        try {
            OssUploads.Upload u = uploads.verify(c.header("Content-Type"), c.body(), emu.clock().now());
            if (!emu.state.putObject(u.key(), u.bytes(), u.contentType(), u.forbidOverwrite())) {
                throw new OssUploads.OssError(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.");
            }
            emu.journal().recordUpload(u.bytes().length);
            Reply r = new Reply(u.successStatus(), null, new byte[0]);
            r.header("ETag", "\"" + OssUploads.hex32(u.bytes()).toUpperCase(Locale.ROOT) + "\"");
            r.header("x-oss-request-id", c.requestId());
            return r;
        } catch (OssUploads.OssError e) {
            return Replies.ossError(c, e.status, e.code, e.getMessage());
        }
    }
}
