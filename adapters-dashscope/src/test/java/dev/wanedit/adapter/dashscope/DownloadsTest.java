package dev.wanedit.adapter.dashscope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.RemoteServiceException.Rejected;
import dev.wanedit.application.port.out.RemoteServiceException.ResultExpired;
import dev.wanedit.application.port.out.ResultDownloader;
import dev.wanedit.application.port.out.Submission;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.EmulatorExtension;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The result downloader: streaming, allow-list, https only (plus configured loopback), size cap, image check, expiry. */
class DownloadsTest {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false));

    private DashScopeEmulator emu;
    private Emulated env;

    @BeforeEach
    void setUp() {
        emu = EMULATOR.emulator();
        env = new Emulated(emu);
    }

    private URI resultUrl() {
        DashScopeImageEditing editing = env.editing();
        Submission s = editing.submit(EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit")
                .image(env.published("a.png", 512, 512, 1)).n(1).build(), SubmitMode.ASYNC);
        emu.clock().advance(Duration.ofMinutes(5));
        TaskSnapshot done = editing.fetch(s.task());
        return done.results().get(0).url().orElseThrow();
    }

    @Test
    void streamsAResult_withTypeAndLength() {
        URI url = resultUrl();
        AtomicLong read = new AtomicLong();
        String type = env.downloader().download(url, (in, contentType, length) -> {
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                read.addAndGet(n);
            }
            assertThat(length.isPresent() ? length.getAsLong() : read.get()).isEqualTo(read.get());
            return contentType.orElse("");
        });
        assertThat(type).startsWith("image/png");
        assertThat(read.get()).isPositive();
        assertThat(emu.journal().downloads()).isEqualTo(1);
    }

    @Test
    void a403BeforeTheUrlExpires_isDenied_notExpired() {
        URI url = resultUrl();
        emu.faults().on(Endpoint.RESULT_DOWNLOAD).inject(Fault.downloadForbidden());
        RemoteServiceException.DownloadDenied e = catchThrowableOfType(RemoteServiceException.DownloadDenied.class,
                () -> env.downloader().download(url, (in, t, l) -> 0));
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.getMessage()).doesNotContain("?").contains("valid until");
    }

    @Test
    void urlPastItsExpires_isResultExpired_withoutACall() {
        URI url = resultUrl();
        assertThat(dev.wanedit.domain.job.RemoteResult.signedExpiry(url)).isPresent();
        emu.clock().advance(Duration.ofHours(25));
        assertThatThrownBy(() -> env.downloader().download(url, (in, t, l) -> 0)).isInstanceOf(ResultExpired.class);
        assertThat(emu.journal().requests(Endpoint.RESULT_DOWNLOAD)).isEmpty();
        assertThat(dev.wanedit.domain.job.RemoteResult.signedExpiry(URI.create("https://h/x.png?Expires=xxx"))).isEmpty();
    }

    @Test
    void hostsOffTheAllowList_areRefused_withoutAnyCall() {
        ResultDownloader d = env.downloader();
        for (String url : new String[] {"https://example.com/a.png",
                "https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com.evil.example/a.png",
                "https://x.dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png",
                "http://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png",
                "https://user@dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png",
                "file:///etc/passwd"}) {
            Rejected e = catchThrowableOfType(Rejected.class, () -> d.download(URI.create(url), (in, t, l) -> 0));
            assertThat(e).as(url).isNotNull();
            assertThat(e.code()).isEqualTo("DownloadNotAllowed");
        }
    }

    @Test
    void theDefaultAllowList_acceptsTheDocumentedResultHosts_only() {
        DashScopeResultDownloader d = new DashScopeResultDownloader(DashScopeSettings.defaults(ApiKeys.none()),
                DashScopeClients.httpClient(DashScopeSettings.defaults(ApiKeys.none())));
        for (String host : new String[] {"dashscope-result-sh.oss-cn-shanghai.aliyuncs.com",
                "dashscope-result-bj.oss-cn-beijing.aliyuncs.com", "dashscope-result-hz.oss-cn-hangzhou.aliyuncs.com",
                "dashscope-result-wlcb-acdr-1.oss-cn-wulanchabu-acdr-1.aliyuncs.com"}) {
            assertThat(d.refusal(URI.create("https://" + host + "/1/a.png?Expires=1&Signature=x"))).as(host).isEmpty();
        }
        assertThat(d.refusal(URI.create("http://127.0.0.1:8080/results/a.png"))).as("loopback needs configuring")
                .isPresent();
        assertThat(d.refusal(URI.create("https://127.0.0.1:8080/results/a.png"))).isPresent();
    }

    @Test
    void loopbackOverPlainHttp_needsExplicitConfiguration() {
        URI url = resultUrl();
        DashScopeSettings strict = DashScopeSettings.builder(ApiKeys.none()).build();
        DashScopeResultDownloader d = new DashScopeResultDownloader(strict, DashScopeClients.httpClient(strict));
        assertThatThrownBy(() -> d.download(url, (in, t, l) -> 0)).isInstanceOf(Rejected.class);
        assertThat(emu.journal().downloads()).isZero();
    }

    @Test
    void oversizedResults_areCut() {
        URI url = resultUrl();
        DashScopeSettings tiny = env.settings().maxDownloadBytes(100).build();
        DashScopeResultDownloader d = new DashScopeResultDownloader(tiny, DashScopeClients.httpClient(tiny));
        Rejected e = catchThrowableOfType(Rejected.class, () -> d.download(url, (in, t, l) -> in.readAllBytes().length));
        assertThat(e.code()).isEqualTo("TooLarge");
    }

    @Test
    void oversizedChunkedResult_withoutALength_isCutWhileStreaming() throws IOException {
        byte[] png = Emulated.png(256, 256, 3);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/big.png", x -> {
            x.getResponseHeaders().add("Content-Type", "image/png");
            x.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse up front
            try (java.io.OutputStream out = x.getResponseBody()) {
                out.write(png);
            }
        });
        server.start();
        try {
            assertThat(png.length).isGreaterThan(1000);
            DashScopeSettings tiny = env.settings().maxDownloadBytes(1000).build();
            DashScopeResultDownloader d = new DashScopeResultDownloader(tiny, DashScopeClients.httpClient(tiny));
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/big.png");

            Rejected e = catchThrowableOfType(Rejected.class, () -> d.download(url, (in, t, l) -> {
                assertThat(l).as("no length announced").isEmpty();
                return in.readAllBytes().length;
            }));

            assertThat(e).as("the cap applies while reading, not only to an announced length").isNotNull();
            assertThat(e.code()).isEqualTo("TooLarge");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void oversizedStreams_withoutLength_areCutWhileReading() throws IOException {
        DashScopeResultDownloader.CappedStream s = new DashScopeResultDownloader.CappedStream(
                new java.io.BufferedInputStream(new java.io.ByteArrayInputStream(Emulated.png(64, 64, 1))), 50);
        assertThat(s.looksLikeImage()).isTrue();
        assertThatThrownBy(s::readAllBytes).isInstanceOf(IOException.class);
        assertThat(s.overCap).isTrue();
    }

    @Test
    void bodiesThatAreNotImages_areRefused() {
        URI html = emu.publish("page.png", "<html>gateway error</html>".getBytes(StandardCharsets.UTF_8), "image/png");
        URI text = emu.publish("page.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
        ResultDownloader d = env.downloader();
        assertThat(catchThrowableOfType(Rejected.class, () -> d.download(html, (in, t, l) -> 0)).code())
                .isEqualTo("NotAnImage");
        assertThat(catchThrowableOfType(Rejected.class, () -> d.download(text, (in, t, l) -> 0)).code())
                .isEqualTo("NotAnImage");
    }

    @Test
    void handlerFailures_areTheHandlers() {
        URI ok = emu.publish("ok.png", Emulated.png(64, 64, 2), "image/png");
        assertThatThrownBy(() -> env.downloader().download(ok, (in, t, l) -> {
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("disk full");
    }
}
