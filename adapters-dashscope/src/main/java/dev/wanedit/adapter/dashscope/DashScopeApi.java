package dev.wanedit.adapter.dashscope;

import dev.wanedit.adapter.dashscope.dto.TaskListResponse;
import dev.wanedit.adapter.dashscope.dto.TaskResponse;
import dev.wanedit.adapter.dashscope.dto.UploadPolicyResponse;
import feign.HeaderMap;
import feign.Param;
import feign.QueryMap;
import feign.Request;
import feign.RequestLine;
import java.net.URI;
import java.util.Map;

/**
 * The DashScope endpoints we call (Feign). Every method takes the API base URL
 * ({@code https://dashscope.aliyuncs.com/api/v1}, the Singapore host, or an override), because the
 * region decides the host per call; headers (including the bearer key) are computed per call. The
 * create bodies are JSON text produced by {@link DashScopeMapper}, so that a dry run shows exactly
 * the bytes that would be sent.
 */
interface DashScopeApi {

    /** The create paths under the API base, also used to show a dry run's URL. */
    String IMAGE_SYNTHESIS = "/services/aigc/image2image/image-synthesis";
    String IMAGE_GENERATION = "/services/aigc/image-generation/generation";
    String MULTIMODAL_GENERATION = "/services/aigc/multimodal-generation/generation";

    /** wan2.5 and wanx2.1: async image-synthesis (seeds 000, 002). */
    @RequestLine("POST " + IMAGE_SYNTHESIS)
    TaskResponse createImageSynthesis(URI base, @HeaderMap Map<String, Object> headers, String body);

    /** wan2.7 async: image-generation (seed 004; protocol §2.1). */
    @RequestLine("POST " + IMAGE_GENERATION)
    TaskResponse createImageGeneration(URI base, @HeaderMap Map<String, Object> headers, String body);

    /** wan2.7 sync: multimodal-generation, with its own (long) read timeout. */
    @RequestLine("POST " + MULTIMODAL_GENERATION)
    TaskResponse generate(URI base, Request.Options options, @HeaderMap Map<String, Object> headers, String body);

    @RequestLine("GET /tasks/{taskId}")
    TaskResponse getTask(URI base, @HeaderMap Map<String, Object> headers, @Param("taskId") String taskId);

    /** Cancel: no body, only the bearer key (protocol §3.1). */
    @RequestLine("POST /tasks/{taskId}/cancel")
    TaskResponse cancelTask(URI base, @HeaderMap Map<String, Object> headers, @Param("taskId") String taskId);

    /** Task list (protocol §3.2). */
    @RequestLine("GET /tasks")
    TaskListResponse listTasks(URI base, @HeaderMap Map<String, Object> headers, @QueryMap Map<String, Object> query);

    /** Temporary-upload certificate for a model (protocol §3.3). */
    @RequestLine("GET /uploads?action=getPolicy&model={model}")
    UploadPolicyResponse getUploadPolicy(URI base, @HeaderMap Map<String, Object> headers, @Param("model") String model);
}
