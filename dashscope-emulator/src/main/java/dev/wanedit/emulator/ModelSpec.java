package dev.wanedit.emulator;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The four models as the documents describe them: where they are offered, which endpoints serve them,
 * their submission limits and a default running time near the documented typical time.
 */
enum ModelSpec {
    /** wan2.5 general image editing: 1 to 3 images; typical time 1 to 2 minutes (the seed's examples took 53 s and 73 s). */
    WAN25_I2I("wan2.5-i2i-preview", Family.IMAGE_SYNTHESIS, EnumSet.allOf(Region.class), 5, 5, Duration.ofSeconds(60)),
    /** wanx2.1 general image editing: one base image and a function; typical time 5 to 15 s; Beijing only. */
    WANX21_IMAGEEDIT("wanx2.1-imageedit", Family.IMAGE_SYNTHESIS, EnumSet.of(Region.BEIJING), 2, 2, Duration.ofSeconds(10)),
    /** wan2.7 image: the seed's examples took 12 s (one image) to 60 s (a set of four). */
    WAN27_IMAGE("wan2.7-image", Family.IMAGE_GENERATION, EnumSet.allOf(Region.class), 5, 5, Duration.ofSeconds(15)),
    /** wan2.7 image pro: slower than wan2.7-image per the seed ("faster generation speed" is said of the non-pro model). */
    WAN27_IMAGE_PRO("wan2.7-image-pro", Family.IMAGE_GENERATION, EnumSet.allOf(Region.class), 5, 5, Duration.ofSeconds(20));

    /** Which request and response shape a model uses. */
    enum Family {
        /** input.prompt/images or function/base_image_url; output.results[]. */
        IMAGE_SYNTHESIS,
        /** input.messages; output.choices[]. */
        IMAGE_GENERATION
    }

    final String id;
    final Family family;
    final Set<Region> regions;
    final int submitRps;
    final int concurrentTasks;
    final Duration defaultRunTime;

    ModelSpec(String id, Family family, Set<Region> regions, int submitRps, int concurrentTasks, Duration defaultRunTime) {
        this.id = id;
        this.family = family;
        this.regions = regions;
        this.submitRps = submitRps;
        this.concurrentTasks = concurrentTasks;
        this.defaultRunTime = defaultRunTime;
    }

    static ModelSpec byId(String id) {
        for (ModelSpec m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        return null;
    }

    boolean servedBy(Endpoint endpoint) {
        switch (family) {
            case IMAGE_SYNTHESIS:
                return endpoint == Endpoint.IMAGE_SYNTHESIS;
            case IMAGE_GENERATION:
                return endpoint == Endpoint.IMAGE_GENERATION || endpoint == Endpoint.MULTIMODAL_GENERATION;
            default:
                throw new AssertionError(family);
        }
    }
}
