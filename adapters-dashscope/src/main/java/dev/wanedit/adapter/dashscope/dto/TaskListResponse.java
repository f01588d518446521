package dev.wanedit.adapter.dashscope.dto;

import java.util.List;

/** {@code GET /tasks} reply (protocol §3.2); item times are epoch milliseconds. */
public record TaskListResponse(Integer total, List<Item> data, Integer totalPage, Integer pageNo, Integer pageSize,
                               String requestId) {

    /** One listed task. */
    public record Item(String taskId, String modelName, String status, Long gmtCreate, Long startTime, Long endTime,
                       String region, String requestId, String apiKeyId) {
    }
}
