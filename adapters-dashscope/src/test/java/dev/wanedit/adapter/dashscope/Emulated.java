package dev.wanedit.adapter.dashscope;

import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.emulator.DashScopeEmulator;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;

/**
 * Wiring of the adapter against a {@link DashScopeEmulator} on loopback: its base URL as the
 * endpoint override, its keys, its clock, short timeouts, and a sleeper that only records. Requests
 * in these tests are built with {@code localUrlsAllowed(true)}: their input URLs are the emulator's
 * own, on loopback, as with {@code --endpoint} naming an emulator.
 */
final class Emulated {

    final DashScopeEmulator emu;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final Sleeper sleeper = sleeps::add;
    final Clock clock;

    Emulated(DashScopeEmulator emu) {
        this.emu = emu;
        this.clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return emu.clock().now();
            }
        };
    }

    /** Settings pointing at the emulator, with both regions' emulator keys. */
    DashScopeSettings.Builder settings() {
        return settings(ApiKeys.of(Map.of(
                Region.BEIJING, emu.apiKey(dev.wanedit.emulator.Region.BEIJING),
                Region.SINGAPORE, emu.apiKey(dev.wanedit.emulator.Region.SINGAPORE))));
    }

    /** Settings pointing at the emulator, with these keys. */
    DashScopeSettings.Builder settings(ApiKeys keys) {
        return DashScopeSettings.builder(keys)
                .endpoint(URI.create(emu.baseUrl()))
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(5))
                .syncReadTimeout(Duration.ofSeconds(5))
                .retryBackoff(Duration.ofMillis(10), Duration.ofSeconds(2))
                .allowPlainHttpDownloads("127.0.0.1")
                .sleeper(sleeper)
                .clock(clock);
    }

    DashScopeImageEditing editing() {
        return editing(settings().build());
    }

    static DashScopeImageEditing editing(DashScopeSettings s) {
        return DashScopeImageEditing.create(s, DashScopeClients.httpClient(s));
    }

    DashScopeResultDownloader downloader() {
        DashScopeSettings s = settings().build();
        return new DashScopeResultDownloader(s, DashScopeClients.httpClient(s));
    }

    /** A PNG without alpha, {@code w} by {@code h}, coloured by {@code seed}. */
    static byte[] png(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(seed * 40 % 256, seed * 90 % 256, seed * 150 % 256));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static ImageFacts facts(byte[] png, int w, int h) {
        return new ImageFacts(ImageFormat.PNG, w, h, png.length, false, Optional.of(sha256(png)));
    }

    /** A published (loopback "public") image. */
    ImageInput.RemoteImage published(String name, int w, int h, int seed) {
        byte[] png = png(w, h, seed);
        URI url = emu.publish(name, png, "image/png");
        return new ImageInput.RemoteImage(url, Optional.of(facts(png, w, h)));
    }

    /** A local image file; its digest is known only when {@code withDigest}. */
    static ImageInput.LocalImage local(Path file, int w, int h, int seed, boolean withDigest) {
        byte[] png = png(w, h, seed);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImageFacts f = new ImageFacts(ImageFormat.PNG, w, h, png.length, false,
                withDigest ? Optional.of(sha256(png)) : Optional.empty());
        return new ImageInput.LocalImage(file, f);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
