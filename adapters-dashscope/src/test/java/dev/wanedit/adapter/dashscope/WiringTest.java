package dev.wanedit.adapter.dashscope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultDownloader;
import dev.wanedit.domain.catalog.Region;
import feign.Request;
import feign.RetryableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Guice module, the settings, the keys and the retry rules, without any network. */
class WiringTest {

    @Test
    void module_bindsBothPorts_withoutIo() {
        Injector injector = Guice.createInjector(new DashScopeModule(DashScopeSettings.builder(
                ApiKeys.of(Region.BEIJING, "sk-test-0123456789")).endpoint(URI.create("http://127.0.0.1:9")).build()));
        ImageEditingService editing = injector.getInstance(ImageEditingService.class);
        ResultDownloader downloader = injector.getInstance(ResultDownloader.class);
        assertThat(editing).isInstanceOf(DashScopeImageEditing.class).isSameAs(injector.getInstance(ImageEditingService.class));
        assertThat(downloader).isInstanceOf(DashScopeResultDownloader.class);
    }

    @Test
    void keys_neverShow() {
        ApiKeys keys = ApiKeys.of(Map.of(Region.BEIJING, "sk-secret-beijing-123", Region.SINGAPORE, " "));
        assertThat(keys.toString()).doesNotContain("secret").contains("beijing=set").contains("singapore=unset");
        assertThat(keys.forRegion(Region.SINGAPORE)).isEmpty();
        DashScopeSettings s = DashScopeSettings.defaults(keys);
        assertThat(s.toString()).doesNotContain("secret");
        assertThat(ApiKeys.from(r -> Optional.of("sk-from-env-0000")).forRegion(Region.SINGAPORE)).contains("sk-from-env-0000");
    }

    @Test
    void settings_validate() {
        assertThatThrownBy(() -> DashScopeSettings.builder(ApiKeys.none()).endpoint(URI.create("ftp://x")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DashScopeSettings.builder(ApiKeys.none()).readTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DashScopeSettings.builder(ApiKeys.none()).maxAttempts(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        DashScopeSettings d = DashScopeSettings.defaults(ApiKeys.none());
        assertThat(d.inlineMaxBytes()).isEqualTo(1024 * 1024);
        assertThat(d.plainHttpDownloadHosts()).isEmpty();
        assertThat(d.downloadHostPatterns()).containsExactly("dashscope-result-*.oss-*.aliyuncs.com");
    }

    @Test
    void regionDecidesTheBaseUrl_andAnOverrideWins() {
        DashScopeImageEditing plain = Emulated.editing(DashScopeSettings.defaults(ApiKeys.none()));
        assertThat(plain.apiBase(Region.BEIJING, Optional.empty())).hasToString("https://dashscope.aliyuncs.com/api/v1");
        assertThat(plain.apiBase(Region.SINGAPORE, Optional.empty()))
                .hasToString("https://dashscope-intl.aliyuncs.com/api/v1");
        assertThat(plain.apiBase(Region.BEIJING, Optional.of("https://ws1.cn-beijing.maas.aliyuncs.com/")))
                .hasToString("https://ws1.cn-beijing.maas.aliyuncs.com/api/v1");
        DashScopeImageEditing proxied = Emulated.editing(DashScopeSettings.builder(ApiKeys.none())
                .endpoint(URI.create("http://127.0.0.1:1234/api/v1")).build());
        assertThat(proxied.apiBase(Region.SINGAPORE, proxied.endpoint())).hasToString("http://127.0.0.1:1234/api/v1");
        assertThat(proxied.endpoint()).as("jobs record the endpoint without /api/v1").contains("http://127.0.0.1:1234");
        assertThat(proxied.apiBase(Region.SINGAPORE, Optional.empty())).as("a job meant for the region's own host goes there")
                .hasToString("https://dashscope-intl.aliyuncs.com/api/v1");
    }

    @Test
    void transparentPostRetryOfTheJdkClient_isRefused() {
        String old = System.getProperty(DashScopeClients.ALL_METHOD_RETRY);
        try {
            System.setProperty(DashScopeClients.ALL_METHOD_RETRY, "true");
            assertThatThrownBy(DashScopeClients::requireNoTransparentPostRetry).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(DashScopeClients.ALL_METHOD_RETRY);
            System.setProperty(DashScopeClients.ALL_METHOD_RETRY, "false");
            DashScopeClients.requireNoTransparentPostRetry();
        } finally {
            if (old == null) {
                System.clearProperty(DashScopeClients.ALL_METHOD_RETRY);
            } else {
                System.setProperty(DashScopeClients.ALL_METHOD_RETRY, old);
            }
        }
        assertThat(System.getProperty(DashScopeClients.ALL_METHOD_RETRY)).isNull();
    }

    private static RetryableException failure(Request.HttpMethod method, Throwable cause) {
        Request request = Request.create(method, "http://127.0.0.1/x", Map.of(), null, null, null);
        return new RetryableException(-1, "x", method, cause, (Long) null, request);
    }

    @Test
    void retryer_repeatsOnlyAGetThatWasNeverSent() {
        assertThat(SafeRetryer.mayRepeat(failure(Request.HttpMethod.GET, new ConnectException("refused")))).isTrue();
        assertThat(SafeRetryer.mayRepeat(failure(Request.HttpMethod.GET, new HttpConnectTimeoutException("c")))).isTrue();
        assertThat(SafeRetryer.mayRepeat(failure(Request.HttpMethod.GET, new IOException("reset")))).isFalse();
        assertThat(SafeRetryer.mayRepeat(failure(Request.HttpMethod.GET, new HttpTimeoutException("read")))).isFalse();
        assertThat(SafeRetryer.mayRepeat(failure(Request.HttpMethod.POST, new ConnectException("refused")))).isFalse();
        assertThat(SafeRetryer.mayRepeat(failure(Request.HttpMethod.POST, new HttpConnectTimeoutException("c")))).isFalse();
        assertThat(SafeRetryer.mayRepeat(failure(Request.HttpMethod.POST, new HttpTimeoutException("read")))).isFalse();
        assertThat(SafeRetryer.mayRepeat(failure(Request.HttpMethod.POST, new IOException("reset")))).isFalse();
        assertThat(SafeRetryer.mayRepeat(failure(Request.HttpMethod.POST,
                new RemoteServiceException.RateLimited("x", "Throttling", "", Optional.empty())))).isFalse();
        assertThat(SafeRetryer.mayRepeat(failure(Request.HttpMethod.POST,
                new RemoteServiceException.Unavailable("x", "InternalError", "", 500, null)))).isFalse();
    }

    @Test
    void retryer_backsOffWithJitter_withinTheCap_andStopsAtMaxAttempts() {
        List<Duration> sleeps = new ArrayList<>();
        SafeRetryer r = new SafeRetryer(4, Duration.ofMillis(100), Duration.ofMillis(250), sleeps::add);
        RetryableException e = failure(Request.HttpMethod.GET, new ConnectException("x"));
        r.continueOrPropagate(e);
        r.continueOrPropagate(e);
        r.continueOrPropagate(e);
        assertThatThrownBy(() -> r.continueOrPropagate(e)).isSameAs(e);
        assertThat(sleeps).hasSize(3);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
        assertThat(r.clone()).isNotSameAs(r);
    }

    @Test
    void logging_neverWritesTheAuthorizationHeader() {
        MaskingLogger logger = new MaskingLogger();
        assertThat(logger.shouldLogRequestHeader("Authorization")).isFalse();
        assertThat(logger.shouldLogRequestHeader("authorization")).isFalse();
        assertThat(logger.shouldLogRequestHeader("X-DashScope-Async")).isTrue();
    }

    @Test
    void retryAfter_secondsOrDate() {
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2025-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
        assertThat(DashScopeErrors.retryAfter("7", clock)).contains(Duration.ofSeconds(7));
        assertThat(DashScopeErrors.retryAfter("Wed, 01 Jan 2025 00:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
        assertThat(DashScopeErrors.retryAfter("soon", clock)).isEmpty();
        assertThat(DashScopeErrors.retryAfter(null, clock)).isEmpty();
    }
}
