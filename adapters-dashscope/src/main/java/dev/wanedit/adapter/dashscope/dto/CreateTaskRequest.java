package dev.wanedit.adapter.dashscope.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The body of every create call: {@code model}, a family-specific {@code input} and the
 * {@code parameters} in the order they are documented.
 *
 * @param input one of {@link ImagesInput}, {@link FunctionInput}, {@link MessagesInput}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateTaskRequest(String model, Object input, Map<String, Object> parameters) {
}
