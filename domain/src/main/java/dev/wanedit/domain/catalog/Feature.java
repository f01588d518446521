package dev.wanedit.domain.catalog;

/** Optional request features a model accepts. A feature a model lacks is a violation when used. */
public enum Feature {
    NEGATIVE_PROMPT("negative_prompt"),
    PROMPT_EXTEND("prompt_extend"),
    SEED("seed"),
    WATERMARK("watermark"),
    SIZE("size"),
    SEQUENTIAL("enable_sequential"),
    BBOX("bbox_list"),
    COLOR_PALETTE("color_palette"),
    THINKING_MODE("thinking_mode"),
    SYNC_CALL("sync call");

    private final String field;

    Feature(String field) {
        this.field = field;
    }

    /** The request field that carries the feature. */
    public String field() {
        return field;
    }
}
