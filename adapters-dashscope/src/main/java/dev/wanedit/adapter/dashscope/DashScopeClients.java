package dev.wanedit.adapter.dashscope;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import feign.Feign;
import feign.Logger;
import feign.Request;
import feign.Target;
import feign.codec.Encoder;
import feign.http2client.Http2Client;
import java.net.http.HttpClient;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Builds the shared pieces: the JSON mapper, the JDK HTTP client and the Feign client. */
final class DashScopeClients {

    /**
     * The JDK client re-sends non-idempotent requests (POST) after some connection failures when
     * this system property is set (it is read once, when the client classes load). A create POST
     * must never be re-sent blindly, so the adapter refuses to start with it set.
     */
    static final String ALL_METHOD_RETRY = "jdk.httpclient.enableAllMethodRetry";

    private DashScopeClients() {
    }

    static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    }

    /** Fails when the JDK would transparently repeat a POST. */
    static void requireNoTransparentPostRetry() {
        String v = System.getProperty(ALL_METHOD_RETRY);
        if (v != null && (v.isEmpty() || !v.trim().toLowerCase(Locale.ROOT).equals("false"))) {
            throw new IllegalStateException("the system property " + ALL_METHOD_RETRY + " is set; it makes the JDK "
                    + "HTTP client re-send POSTs, which could create (and bill) a task twice. Remove it.");
        }
    }

    /**
     * One JDK client for the API, uploads and downloads: HTTP/1.1 (no h2c upgrade dance on plain
     * http), no redirects (an allow-listed URL must not lead elsewhere), the configured connect timeout.
     */
    static HttpClient httpClient(DashScopeSettings settings) {
        requireNoTransparentPostRetry();
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    static Request.Options options(DashScopeSettings settings, java.time.Duration read) {
        return new Request.Options(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS, read.toMillis(),
                TimeUnit.MILLISECONDS, false);
    }

    static DashScopeApi api(DashScopeSettings settings, ObjectMapper json, HttpClient http) {
        return Feign.builder()
                .client(new Http2Client(http))
                .encoder(new Encoder.Default()) // bodies are JSON text made by DashScopeMapper
                .decoder(new ReplyDecoder(json))
                .errorDecoder(new DashScopeErrorDecoder(json, settings.clock()))
                .retryer(new SafeRetryer(settings.maxAttempts(), settings.retryBackoff(), settings.maxRetryBackoff(),
                        settings.sleeper()))
                .options(options(settings, settings.readTimeout()))
                .logger(new MaskingLogger())
                .logLevel(Logger.Level.BASIC)
                .target(Target.EmptyTarget.create(DashScopeApi.class));
    }
}
