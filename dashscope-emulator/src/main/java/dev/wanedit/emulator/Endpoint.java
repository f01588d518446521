package dev.wanedit.emulator;

/** The endpoints the emulator serves; fault rules and journal queries name them. */
public enum Endpoint {
    /** {@code POST /api/v1/services/aigc/image2image/image-synthesis} (wan2.5-i2i-preview, wanx2.1-imageedit). */
    IMAGE_SYNTHESIS(true, "image-synthesis"),
    /** {@code POST /api/v1/services/aigc/image-generation/generation} (wan2.7 asynchronous). */
    IMAGE_GENERATION(true, "image-generation"),
    /** {@code POST /api/v1/services/aigc/multimodal-generation/generation} (wan2.7 synchronous). */
    MULTIMODAL_GENERATION(true, "multimodal-generation"),
    /**
     * {@code POST /api/v1/services/aigc/text2image/image-synthesis}, the path the official SDKs'
     * {@code ImageSynthesis} uses unless the model name says image editing. It serves text-to-image
     * models, none of the four the emulator plays, so every create there is refused as the service
     * refuses a model on the wrong path.
     */
    TEXT2IMAGE(true, "text2image"),
    /** {@code GET /api/v1/tasks/{id}}. */
    TASK_QUERY(false, "query"),
    /** {@code POST /api/v1/tasks/{id}/cancel}. */
    TASK_CANCEL(false, "cancel"),
    /** {@code GET /api/v1/tasks}. */
    TASK_LIST(false, "list"),
    /** {@code GET /api/v1/uploads?action=getPolicy}. */
    UPLOAD_POLICY(false, "policy"),
    /** The OSS-style form upload, {@code POST /oss-upload}. */
    OSS_UPLOAD(false, "upload"),
    /** Download of a result image, {@code GET /results/...}. */
    RESULT_DOWNLOAD(false, "download"),
    /** Download of a file published with {@link DashScopeEmulator#publish}, {@code GET /public/...}. */
    PUBLIC_FILE(false, "public"),
    /** Anything else (answered 404). */
    OTHER(false, "other");

    private final boolean create;
    private final String ruleName;

    Endpoint(boolean create, String ruleName) {
        this.create = create;
        this.ruleName = ruleName;
    }

    /** Whether a request to this endpoint creates a task (and is billable). */
    public boolean isCreate() {
        return create;
    }

    /** Its name in fault rules ({@code on=query}) and in the control API's views. */
    public String ruleName() {
        return ruleName;
    }

    /** Whether its replies come from OSS (XML errors, no DashScope request id in the body). */
    boolean isOss() {
        return this == OSS_UPLOAD || this == RESULT_DOWNLOAD || this == PUBLIC_FILE;
    }
}
