package dev.wanedit.adapter.dashscope.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /uploads?action=getPolicy} reply (protocol §3.3). */
public record UploadPolicyResponse(Policy data, String requestId) {

    /** The form-upload certificate; reused for every file of one request. */
    public record Policy(String policy, String signature, String uploadDir, String uploadHost, Long expireInSeconds,
                         Long maxFileSizeMb, Long capacityLimitMb, String ossAccessKeyId,
                         @JsonProperty("x_oss_object_acl") String xOssObjectAcl,
                         @JsonProperty("x_oss_forbid_overwrite") String xOssForbidOverwrite) {
    }
}
