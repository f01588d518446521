package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

    @Test
    void everyPixelSurvivesADecodeByImageIo() throws Exception {
        for (int[] size : new int[][] {{1, 1}, {3, 7}, {512, 512}, {1280, 720}}) {
            BufferedImage img = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            Random r = new Random(size[0] * 31L + size[1]);
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    img.setRGB(x, y, (x + y) % 5 == 0 ? r.nextInt() : (x * 3) << 16 | (y * 5) << 8 | (x ^ y));
                }
            }

            byte[] png = PngEncoder.encodeRgb(img);

            BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(back.getWidth()).isEqualTo(size[0]);
            assertThat(back.getHeight()).isEqualTo(size[1]);
            assertThat(back.getColorModel().hasAlpha()).isFalse();
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    assertThat(back.getRGB(x, y) & 0xffffff).as("pixel %d,%d of %dx%d", x, y, size[0], size[1])
                            .isEqualTo(img.getRGB(x, y) & 0xffffff);
                }
            }
        }
    }

    @Test
    void aSmoothRenderIsCompressed() {
        BufferedImage img = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                img.setRGB(x, y, (x / 2) << 16 | (y / 2) << 8 | 0x40);
            }
        }
        assertThat(PngEncoder.encodeRgb(img).length).isLessThan(512 * 512 * 3 / 10);
    }

    @Test
    void onlyRgbImagesAreAccepted() {
        assertThatThrownBy(() -> PngEncoder.encodeRgb(new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TYPE_INT_RGB");
    }
}
