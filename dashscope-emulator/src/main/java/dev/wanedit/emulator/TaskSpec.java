package dev.wanedit.emulator;

import java.util.List;

/**
 * A validated create request: what the task will produce.
 *
 * @param model the model
 * @param count how many images the task produces (for wan2.7 image sets, what the "model" chose, at most n)
 * @param seed the seed of the first image; image i uses seed + i
 * @param prompt the prompt as used (after the documented truncation)
 * @param actualPrompt the rewritten prompt when prompt extension is on, else null
 * @param function the wanx2.1 function, or null
 * @param watermark whether the "AI生成" label is drawn
 * @param inputs the input images in order (for wanx2.1 just the base image)
 * @param mask the wanx2.1 mask, or null
 * @param expand the wanx2.1 expand scales {top, bottom, left, right}, or null
 * @param width output width
 * @param height output height
 * @param inputTokens wan2.7 usage estimate
 * @param sequential wan2.7 image-set mode
 */
record TaskSpec(
        ModelSpec model,
        int count,
        long seed,
        String prompt,
        String actualPrompt,
        String function,
        boolean watermark,
        List<InputImage> inputs,
        InputImage mask,
        double[] expand,
        int width,
        int height,
        int inputTokens,
        boolean sequential) {

    String size() {
        return width + "*" + height;
    }
}
