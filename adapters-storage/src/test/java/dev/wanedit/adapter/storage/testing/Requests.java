package dev.wanedit.adapter.storage.testing;

import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.domain.request.PaletteColor;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Valid edit requests covering every input kind and every request field the journal stores. */
public final class Requests {

    private Requests() {
    }

    public static ImageFacts facts(ImageFormat f, int w, int h, String sha) {
        return new ImageFacts(f, w, h, 123_456, false, Optional.ofNullable(sha));
    }

    public static ImageInput local(String path, int w, int h) {
        return new ImageInput.LocalImage(Path.of(path).toAbsolutePath(), facts(ImageFormat.PNG, w, h, sha(path)));
    }

    private static String sha(String seed) {
        return String.format("%064x", new java.math.BigInteger(1, seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .substring(0, 64);
    }

    /** wan2.5 with a local file, a remote URL (with a signed query) and an inline image; seed, negative prompt. */
    public static EditRequest wan25(String prompt) {
        return EditRequest.draft("wan2.5-i2i-preview").region(Region.SINGAPORE).prompt(prompt)
                .negativePrompt("blurry, low quality")
                .image(local("in/cat.png", 1024, 768))
                .image(new ImageInput.RemoteImage(URI.create("https://example.com/dog.jpg?Expires=1&Signature=abc"),
                        Optional.of(facts(ImageFormat.JPEG, 800, 800, null))))
                .image(new ImageInput.InlineImage("data:image/webp;base64,UklGRhoAAABXRUJQ",
                        facts(ImageFormat.WEBP, 640, 480, sha("inline"))))
                .size("1280*720").n(2).seed(42L).watermark(false).promptExtend(true)
                .build();
    }

    /** wanx2.1 inpainting with a base image and a mask. */
    public static EditRequest wanx21Mask() {
        return EditRequest.draft("wanx2.1-imageedit").region(Region.BEIJING).prompt("replace the sky with stars")
                .function("description_edit_with_mask")
                .image(local("in/base.png", 1024, 1024)).mask(local("in/mask.png", 1024, 1024))
                .n(1).seed(7L).build();
    }

    /** wanx2.1 expand with typed parameters given as text and numbers. */
    public static EditRequest wanx21Expand() {
        return EditRequest.draft("wanx2.1-imageedit").region(Region.BEIJING).prompt("extend the beach")
                .function("expand").image(new ImageInput.OssImage("my-bucket", "photos/beach.jpg", Optional.empty()))
                .param("top_scale", "1.5").param("left_scale", 2).param("right_scale", 1.25)
                .n(3).build();
    }

    /** wanx2.1 doodle with a boolean parameter. */
    public static EditRequest wanx21Doodle() {
        return EditRequest.draft("wanx2.1-imageedit").region(Region.BEIJING).prompt("a house by a lake")
                .function("doodle").image(local("in/sketch.png", 600, 600)).param("is_sketch", true).build();
    }

    /** wan2.7 edit with two images, bounding boxes and a colour palette. */
    public static EditRequest wan27Boxes() {
        return EditRequest.draft("wan2.7-image").region(Region.BEIJING).prompt("put the hat from image 2 on the cat")
                .image(local("in/cat.png", 1024, 768))
                .image(new ImageInput.OssImage("my-bucket", "hats/red hat.png",
                        Optional.of(facts(ImageFormat.PNG, 500, 500, sha("hat")))))
                .boxes(List.of(List.of(new BoundingBox(10, 20, 300, 400)), List.of()))
                .palette(List.of(new PaletteColor("#C2D1E6", new BigDecimal("60")),
                        new PaletteColor("#112233", new BigDecimal("25.5")),
                        new PaletteColor("#ffeedd", new BigDecimal("14.5"))))
                .size("2K").n(2).seed(2_000_000_000L).watermark(true).build();
    }

    /** wan2.7-pro text-to-image in 4K with thinking mode. */
    public static EditRequest wan27ProTextToImage() {
        return EditRequest.draft("wan2.7-image-pro").region(Region.SINGAPORE).prompt("一只猫在月球上\nsecond line")
                .size("4K").n(1).thinkingMode(true).build();
    }

    /** wan2.7 image set. */
    public static EditRequest wan27Sequential() {
        return EditRequest.draft("wan2.7-image").region(Region.BEIJING).prompt("a four-panel comic about a robot")
                .sequential(true).n(8).build();
    }

    public static List<EditRequest> all() {
        return List.of(wan25("make it snow"), wanx21Mask(), wanx21Expand(), wanx21Doodle(), wan27Boxes(),
                wan27ProTextToImage(), wan27Sequential());
    }
}
