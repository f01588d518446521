package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The temporary-file upload flow: {@code GET /api/v1/uploads?action=getPolicy} issues an OSS
 * PostObject policy whose {@code upload_host} is this emulator, and {@code POST /oss-upload} takes
 * the multipart form, checks the policy and signature like OSS, and stores the file for later
 * {@code oss://} use. Errors are OSS-style XML.
 */
final class OssUploads {
    static final String ACCESS_KEY_ID = "LTAI5tEmulatorUploadKey";
    static final long MAX_BYTES = 1024L * 1024L * 1024L;
    static final int EXPIRE_SECONDS = 300;
    private static final byte[] SECRET = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;

    OssUploads(ObjectMapper json) {
        this.json = json;
    }

    /** The {@code data} object of a getPolicy reply. */
    ObjectNode policy(String baseUrl, String apiKey, Instant now) {
        String dir = "dashscope-instant/" + hex32(apiKey) + "/" + Times.day(now) + "/" + UUID.randomUUID();
        ObjectNode doc = json.createObjectNode();
        doc.put("expiration", now.plusSeconds(EXPIRE_SECONDS).toString());
        ArrayNode cond = doc.putArray("conditions");
        cond.addArray().add("content-length-range").add(0).add(MAX_BYTES);
        cond.addArray().add("starts-with").add("$key").add(dir);
        cond.addObject().put("bucket", "dashscope-file-mgr");
        cond.addObject().put("x-oss-object-acl", "private");
        cond.addObject().put("x-oss-forbid-overwrite", "true");
        String policy = Base64.getEncoder().encodeToString(doc.toString().getBytes(StandardCharsets.UTF_8));
        ObjectNode data = json.createObjectNode();
        data.put("policy", policy);
        data.put("signature", sign(policy));
        data.put("upload_dir", dir);
        data.put("upload_host", baseUrl + "/oss-upload");
        data.put("expire_in_seconds", EXPIRE_SECONDS);
        data.put("max_file_size_mb", 1024);
        data.put("capacity_limit_mb", 999999999);
        data.put("oss_access_key_id", ACCESS_KEY_ID);
        data.put("x_oss_object_acl", "private");
        data.put("x_oss_forbid_overwrite", "true");
        return data;
    }

    /** One part of a multipart form. */
    record Part(String name, String filename, String contentType, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** An OSS error: status, code and message, answered as XML. */
    static final class OssError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        OssError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    /** The checked upload: key, bytes, content type and whether overwriting is forbidden. */
    record Upload(String key, byte[] bytes, String contentType, boolean forbidOverwrite, int successStatus) {}

    Upload verify(String contentType, byte[] body, Instant now) throws OssError {
        Map<String, Part> form = parse(contentType, body);
        Part file = form.get("file");
        String accessKey = field(form, "OSSAccessKeyId");
        String policy = field(form, "policy");
        String signature = field(form, "Signature");
        String key = field(form, "key");
        if (file == null) {
            throw new OssError(400, "InvalidArgument", "The form has no file field.");
        }
        if (accessKey == null || policy == null || signature == null) {
            throw new OssError(403, "AccessDenied", "Anonymous access is forbidden for this operation.");
        }
        if (key == null || key.isEmpty()) {
            throw new OssError(400, "InvalidArgument", "The form has no key field.");
        }
        if (!accessKey.equals(ACCESS_KEY_ID)) {
            throw new OssError(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.");
        }
        if (!MessageDigest.isEqual(sign(policy).getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
            throw new OssError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        }
        JsonNode doc;
        try {
            doc = json.readTree(Base64.getDecoder().decode(policy));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new OssError(400, "InvalidPolicyDocument", "Invalid Policy: the policy is not Base64 JSON.");
        }
        Instant expiration = Instant.parse(doc.path("expiration").asText());
        if (!now.isBefore(expiration)) {
            throw new OssError(403, "AccessDenied", "Invalid according to Policy: Policy expired.");
        }
        String prefix = null;
        for (JsonNode c : doc.path("conditions")) {
            if (c.isArray() && c.size() == 3 && c.get(0).asText().equals("starts-with") && c.get(1).asText().equals("$key")) {
                prefix = c.get(2).asText();
            }
        }
        if (prefix == null || !key.startsWith(prefix + "/") || key.length() <= prefix.length() + 1) {
            throw new OssError(403, "AccessDenied", "Invalid according to Policy: Policy Condition failed: [\"starts-with\", \"$key\", \""
                    + prefix + "\"]");
        }
        if (file.data().length > MAX_BYTES) {
            throw new OssError(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.");
        }
        String type = field(form, "x-oss-content-type");
        if (type == null) {
            type = file.contentType() == null ? "application/octet-stream" : file.contentType();
        }
        String forbid = field(form, "x-oss-forbid-overwrite");
        String status = field(form, "success_action_status");
        int success = 204;
        if (status != null && (status.equals("200") || status.equals("201"))) {
            success = Integer.parseInt(status);
        }
        return new Upload(key, file.data(), type, forbid == null || !forbid.equalsIgnoreCase("false"), success);
    }

    private static String field(Map<String, Part> form, String name) {
        Part p = form.get(name);
        if (p == null) {
            for (Map.Entry<String, Part> e : form.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    p = e.getValue();
                }
            }
        }
        return p == null ? null : p.text();
    }

    static Map<String, Part> parse(String contentType, byte[] body) throws OssError {
        String boundary = null;
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            for (String param : contentType.split(";")) {
                String p = param.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                    boundary = p.substring(9).replace("\"", "");
                }
            }
        }
        if (boundary == null) {
            throw new OssError(400, "InvalidArgument", "The request must be multipart/form-data with a boundary.");
        }
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>(); // in the order sent, for the journal
        List<int[]> bounds = new ArrayList<>();
        int at = indexOf(body, delim, 0);
        while (at >= 0) {
            int start = at + delim.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            start = skipCrlf(body, start);
            int next = indexOf(body, delim, start);
            if (next < 0) {
                throw new OssError(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");
            }
            int end = next;
            if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
                end -= 2;
            }
            bounds.add(new int[] {start, end});
            at = next;
        }
        for (int[] b : bounds) {
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), b[0]);
            if (headerEnd < 0 || headerEnd > b[1]) {
                throw new OssError(400, "MalformedPOSTRequest", "A form part has no header.");
            }
            String headers = new String(body, b[0], headerEnd - b[0], StandardCharsets.UTF_8);
            String name = null;
            String filename = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-disposition:")) {
                    name = attr(line, "name");
                    filename = attr(line, "filename");
                } else if (lower.startsWith("content-type:")) {
                    type = line.substring("content-type:".length()).trim();
                }
            }
            int dataStart = headerEnd + 4;
            byte[] data = java.util.Arrays.copyOfRange(body, dataStart, Math.max(dataStart, b[1]));
            if (name != null) {
                parts.put(name, new Part(name, filename, type, data));
            }
        }
        return parts;
    }

    private static String attr(String header, String attr) {
        for (String piece : header.split(";")) {
            String p = piece.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith(attr + "=")) {
                String v = p.substring(attr.length() + 1).trim();
                if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    private static int skipCrlf(byte[] b, int at) {
        if (at + 1 < b.length && b[at] == '\r' && b[at + 1] == '\n') {
            return at + 2;
        }
        return at;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    static String hex32(String text) {
        return hex32(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The MD5 of some bytes, as 32 hex digits (an OSS ETag is its upper-case form). */
    static String hex32(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }


    static String xmlError(String code, String message, String requestId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>" + escape(code) + "</Code>\n  <Message>"
                + escape(message) + "</Message>\n  <RequestId>" + requestId + "</RequestId>\n  <HostId>127.0.0.1</HostId>\n</Error>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
