package dev.wanedit.adapter.dashscope.dto;

import java.util.List;
import java.util.Map;

/**
 * A create, query or synchronous-call reply (seeds 000, 002, 004). Every field is optional;
 * unknown fields are ignored by the mapper configuration.
 */
public record TaskResponse(String requestId, Output output, UsageDto usage, String code, String message) {

    /** {@code output}: legacy {@code results[]} or wan2.7 {@code choices[]}, times in UTC+8. */
    public record Output(String taskId, String taskStatus, String submitTime, String scheduledTime, String endTime,
                         List<Result> results, Map<String, Integer> taskMetrics, Map<String, Integer> taskMetric,
                         String code, String message, List<Choice> choices, Boolean finished) {
    }

    /** One legacy result slot: a URL, or a per-image error. */
    public record Result(String url, String origPrompt, String actualPrompt, String code, String message) {
    }

    /** One wan2.7 choice. */
    public record Choice(String finishReason, ChoiceMessage message) {
    }

    /** The assistant message of a choice. */
    public record ChoiceMessage(String role, List<Content> content) {
    }

    /** A content item of a reply: {@code image} (with {@code type: image}) or {@code text}. */
    public record Content(String image, String text, String type) {
    }

    /** {@code usage}: image_count, and for wan2.7 size and tokens; qwen-style width/height. */
    public record UsageDto(Integer imageCount, String size, Integer inputTokens, Integer outputTokens, Integer width,
                           Integer height) {
    }
}
