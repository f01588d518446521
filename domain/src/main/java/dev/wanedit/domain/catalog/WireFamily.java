package dev.wanedit.domain.catalog;

/** The request shape a model speaks on the wire. */
public enum WireFamily {
    /** {@code input.prompt} + {@code input.images[]} (wan2.5) on the async image-synthesis endpoint. */
    IMAGES,
    /** {@code input.function} + {@code base_image_url}/{@code mask_image_url} (wanx2.1-imageedit), async image-synthesis. */
    FUNCTION,
    /** {@code input.messages[0].content} with one text and images (wan2.7), sync or async generation. */
    MESSAGES
}
