package dev.wanedit.adapter.dashscope.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** wan2.5 {@code input}: prompt, images in order, optional negative prompt (seed 000). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImagesInput(String prompt, List<String> images, String negativePrompt) {
}
