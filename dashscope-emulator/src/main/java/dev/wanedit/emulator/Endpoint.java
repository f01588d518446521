package dev.wanedit.emulator;

/** The endpoints the emulator serves; fault rules and journal queries name them. */
public enum Endpoint {
  /** {@code POST /api/v1/services/aigc/image2image/image-synthesis} (wan2.5-i2i-preview, wanx2.1-imageedit). */
  IMAGE_SYNTHESIS(true),
  /** {@code POST /api/v1/services/aigc/image-generation/generation} (wan2.7 asynchronous). */
  IMAGE_GENERATION(true),
  /** {@code POST /api/v1/services/aigc/multimodal-generation/generation} (wan2.7 synchronous). */
  MULTIMODAL_GENERATION(true),
  /** {@code GET /api/v1/tasks/{id}}. */
  TASK_QUERY(false),
  /** {@code POST /api/v1/tasks/{id}/cancel}. */
  TASK_CANCEL(false),
  /** {@code GET /api/v1/tasks}. */
  TASK_LIST(false),
  /** {@code GET /api/v1/uploads?action=getPolicy}. */
  UPLOAD_POLICY(false),
  /** The OSS-style form upload, {@code POST /oss-upload}. */
  OSS_UPLOAD(false),
  /** Download of a result image, {@code GET /results/...}. */
  RESULT_DOWNLOAD(false),
  /** Download of a file published with {@link DashScopeEmulator#publish}, {@code GET /public/...}. */
  PUBLIC_FILE(false),
  /** Anything else (answered 404). */
  OTHER(false);

  private final boolean create;

  Endpoint(boolean create) {
    this.create = create;
  }

  /** Whether a request to this endpoint creates a task (and is billable). */
  public boolean isCreate() {
    return create;
  }
}
