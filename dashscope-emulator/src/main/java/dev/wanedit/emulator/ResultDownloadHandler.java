package dev.wanedit.emulator;

/** {@code GET /results/{task}/{index}.png}: a result image, behind an OSS-style signed URL that expires. */
final class ResultDownloadHandler implements EndpointHandler {
    private final DashScopeEmulator emu;
    private final RequestFaults faults;

    ResultDownloadHandler(DashScopeEmulator emu, RequestFaults faults) {
        this.emu = emu;
        this.faults = faults;
    }

    @Override
    public Reply handle(Call c) {
        String object = c.path().substring("/results/".length());
        if (object.endsWith(".png")) {
            object = object.substring(0, object.length() - 4);
        }
        int slash = object.indexOf('/');
        Task task = slash < 0 ? null : emu.state.rawTask(object.substring(0, slash));
        Reply early = faults.requestFault(c, task);
        if (early != null) {
            return early;
        }
        String expires = c.query().get("Expires");
        String signature = c.query().get("Signature");
        if (expires == null || signature == null) {
            return Replies.ossError(c, 403, "AccessDenied", "You have no right to access this object because of bucket acl.");
        }
        if (!OssUploads.sign(object + "\n" + expires).equals(signature)) {
            return Replies.ossError(c, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        }
        long exp;
        try {
            exp = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return Replies.ossError(c, 403, "AccessDenied", "Invalid Expires.");
        }
        if (emu.clock().now().getEpochSecond() > exp) {
            return Replies.ossError(c, 403, "AccessDenied", "Request has expired.");
        }
        int index;
        try {
            index = Integer.parseInt(object.substring(slash + 1));
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (task == null || index < 0 || index >= task.spec.count() || task.imageFails(index)) {
            return Replies.ossError(c, 404, "NoSuchKey", "The specified key does not exist.");
        }
        byte[] png = emu.state.render(task, index);
        if (c.after == null) {
            emu.journal().recordDownload(png.length); // a mangled download is not a successful one
        }
        return new Reply(200, "image/png", png);
    }
}
