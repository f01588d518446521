package dev.wanedit.domain.testdata;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;

/**
 * Valid {@link EditRequestDraft}s, one per model, pre-filled with values well inside every rule so that a test
 * changes exactly the field it is about. Each call returns a fresh draft (Beijing, n = 1, one
 * 1024x768 JPEG input unless stated otherwise). {@code EditRequests.wan25().n(3).build()}.
 */
public final class EditRequests {

    public static final String PROMPT = "Put the blue vase from image 1 on the shelf in image 2";

    /** Base and mask size of {@link #wanx21(EditFunction)}. */
    public static final int BASE_WIDTH = 1024;
    public static final int BASE_HEIGHT = 768;

    private EditRequests() {
    }

    /** The default valid request: {@link #wan25()}, built. */
    public static EditRequest valid() {
        return wan25().build();
    }

    /** wan2.5-i2i-preview, one 1024x768 JPEG, n = 1. */
    public static EditRequestDraft wan25() {
        return EditRequest.draft(ModelCatalog.WAN25_I2I).region(Region.BEIJING).prompt(PROMPT)
                .image(Images.local(Facts.jpeg(BASE_WIDTH, BASE_HEIGHT))).n(1);
    }

    /**
     * wanx2.1-imageedit with the function, a 1024x768 PNG base image and, for
     * {@code description_edit_with_mask}, a mask of the same size. No function parameters.
     */
    public static EditRequestDraft wanx21(EditFunction function) {
        EditRequestDraft d = EditRequest.draft(ModelCatalog.WANX21_IMAGEEDIT).region(Region.BEIJING).prompt(PROMPT)
                .image(Images.local("base.png", Facts.png(BASE_WIDTH, BASE_HEIGHT))).function(function.wireName()).n(1);
        if (function.requiresMask()) {
            d.mask(Images.local("mask.png", Facts.png(BASE_WIDTH, BASE_HEIGHT)));
        }
        return d;
    }

    /** wanx2.1-imageedit {@code description_edit}. */
    public static EditRequestDraft wanx21() {
        return wanx21(EditFunction.DESCRIPTION_EDIT);
    }

    /** wan2.7-image editing one 1024x768 JPEG, n = 1. */
    public static EditRequestDraft wan27() {
        return EditRequest.draft(ModelCatalog.WAN27_IMAGE).region(Region.BEIJING).prompt(PROMPT)
                .image(Images.local(Facts.jpeg(BASE_WIDTH, BASE_HEIGHT))).n(1);
    }

    /** wan2.7-image-pro editing one 1024x768 JPEG, n = 1. */
    public static EditRequestDraft wan27Pro() {
        return EditRequest.draft(ModelCatalog.WAN27_IMAGE_PRO).region(Region.BEIJING).prompt(PROMPT)
                .image(Images.local(Facts.jpeg(BASE_WIDTH, BASE_HEIGHT))).n(1);
    }

    /** wan2.7-image-pro text-to-image: no input images, n = 1. */
    public static EditRequestDraft textToImage() {
        return textToImage(ModelCatalog.WAN27_IMAGE_PRO);
    }

    /** Text-to-image on a wan2.7 model (no input images, n = 1). */
    public static EditRequestDraft textToImage(String wan27Model) {
        return EditRequest.draft(wan27Model).region(Region.BEIJING).prompt("A lighthouse at dawn, watercolour").n(1);
    }

    /** A valid draft of any catalog model (wanx2.1 gets {@code description_edit}). */
    public static EditRequestDraft forModel(String modelId) {
        return switch (modelId) {
            case ModelCatalog.WAN25_I2I -> wan25();
            case ModelCatalog.WANX21_IMAGEEDIT -> wanx21();
            case ModelCatalog.WAN27_IMAGE -> wan27();
            case ModelCatalog.WAN27_IMAGE_PRO -> wan27Pro();
            default -> throw new IllegalArgumentException("no valid draft for " + modelId);
        };
    }
}
