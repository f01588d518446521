package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageFormatTest {

    @Test
    void fileExtension_isTheUsualOne_andNamesTheFormatBack() {
        assertThat(ImageFormat.JPEG.fileExtension()).isEqualTo("jpg");
        assertThat(ImageFormat.TIFF.fileExtension()).isEqualTo("tif");
        assertThat(ImageFormat.PNG.fileExtension()).isEqualTo("png");
        for (ImageFormat f : ImageFormat.values()) {
            assertThat(ImageFormat.fromFileName("result." + f.fileExtension())).contains(f);
        }
    }
}
