package dev.wanedit.adapter.dashscope.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/** wanx2.1-imageedit {@code input} (seed 002; protocol §1.2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionInput(String function, String prompt, String baseImageUrl, String maskImageUrl) {
}
