package org.rnn4j.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image files (PNG, JPEG, GIF, BMP: what the JDK's ImageIO reads) as the pixels a model reads: resized to
 * height × width by bilinear interpolation (the aspect ratio is not kept), drawn over white (transparency), as RGB
 * values in [0, 1] in (row, column, channel) order.
 */
public final class Images {
    /** A model reads three channels: red, green, blue. */
    public static final int CHANNELS = 3;
    /** Larger files are refused before they are decoded. */
    public static final long MAX_BYTES = 64L << 20;
    /**
     * Images of more pixels (width · height, as the file's header declares them) are refused before they are
     * decoded: a small compressed file can declare 20000 × 20000 pixels, 1.6 GB once decoded.
     */
    public static final long MAX_PIXELS = 1L << 24;

    private Images() {}

    /**
     * @param image  the image file
     * @param file   and @param line where the image was named, for errors
     * @return [height · width · 3]
     */
    public static float[] read(Path image, int height, int width, Path file, long line) {
        BufferedImage source;
        try {
            if (!Files.isRegularFile(image)) throw new DataException(file, line, "expected an image file, but " + image + " does not exist or is not a file");
            if (Files.size(image) > MAX_BYTES) throw new DataException(file, line, "image " + image + " is larger than " + (MAX_BYTES >> 20) + " MiB");
            long pixels = pixels(image);
            if (pixels > MAX_PIXELS) {
                throw new DataException(file, line, "image " + image + " declares " + pixels + " pixels, more than the limit of " + MAX_PIXELS + " (4096 × 4096); scale it down first");
            }
            source = ImageIO.read(image.toFile());
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) throw d;
            throw new DataException(file, line, "cannot read image " + image + ": " + e.getMessage());
        }
        if (source == null) throw new DataException(file, line, image + " is not an image this reader knows (PNG, JPEG, GIF or BMP)");
        return pixels(source, height, width);
    }

    /**
     * Width · height as the image file's header declares them, read without decoding the pixels; -1 for a file no
     * ImageIO reader knows.
     */
    public static long pixels(Path image) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            if (in == null) return -1;
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return -1;
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return (long) reader.getWidth(0) * reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The pixels of {@code source} resized to height × width: [height · width · 3] in [0, 1]. */
    public static float[] pixels(BufferedImage source, int height, int width) {
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        float[] out = new float[height * width * CHANNELS];
        int[] rgb = canvas.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < rgb.length; i++) {
            out[i * 3] = ((rgb[i] >> 16) & 0xff) / 255f;
            out[i * 3 + 1] = ((rgb[i] >> 8) & 0xff) / 255f;
            out[i * 3 + 2] = (rgb[i] & 0xff) / 255f;
        }
        return out;
    }
}
