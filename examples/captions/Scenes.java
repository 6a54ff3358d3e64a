import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Renders captioned scenes for the captioning application: PNG images of one to three shapes (circle, square,
 * triangle; red, green, blue, yellow; small or large) on a noisy background, each with its one true description.
 * Positions, sizes and colours are jittered, and every pixel gets Gaussian noise, so no two images are alike.
 *
 * <pre>
 *   one shape:    "a large red circle at the top left"
 *   two shapes:   "a small blue square left of a large green triangle"   (the left one first)
 *                 "a large yellow circle above a small red square"       (the top one first)
 *   three shapes: "a small red circle , a large blue square and a small green triangle"   (left to right)
 * </pre>
 *
 * Usage: {@code java examples/captions/Scenes.java OUT TRAIN VALID TEST [SEED] [SIZE]} writes OUT/images/*.png and
 * OUT/{train,valid,test}.tsv ({@code images/scene-N.png<TAB>caption}); the same arguments give the same files.
 */
public class Scenes {
    static final String[] SHAPES = {"circle", "square", "triangle"};
    static final String[] COLOURS = {"red", "green", "blue", "yellow"};
    static final int[][] RGB = {{215, 45, 40}, {40, 160, 60}, {45, 85, 215}, {225, 195, 35}};

    record Shape(String kind, int colour, boolean large, double x, double y) {
        String words() {
            return (large ? "large " : "small ") + COLOURS[colour] + " " + kind;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: java Scenes.java OUT TRAIN VALID TEST [SEED] [SIZE]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int[] counts = {Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3])};
        SplittableRandom rng = new SplittableRandom(args.length > 4 ? Long.parseLong(args[4]) : 1);
        int size = args.length > 5 ? Integer.parseInt(args[5]) : 64;
        Files.createDirectories(out.resolve("images"));
        String[] splits = {"train", "valid", "test"};
        int n = 0;
        for (int s = 0; s < 3; s++) {
            StringBuilder tsv = new StringBuilder();
            for (int i = 0; i < counts[s]; i++) {
                List<Shape> scene = scene(rng);
                String name = String.format("images/scene-%05d.png", ++n);
                ImageIO.write(render(scene, size, rng), "png", out.resolve(name).toFile());
                tsv.append(name).append('\t').append(caption(scene)).append('\n');
            }
            Path file = out.resolve(splits[s] + ".tsv"), tmp = out.resolve(splits[s] + ".tsv.tmp");
            Files.writeString(tmp, tsv);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("scenes: " + n + " images in " + out.resolve("images"));
    }

    /** Shapes with centres in [0, 1]², far enough apart to tell which is left of (or above) which. */
    static List<Shape> scene(SplittableRandom rng) {
        int count = 1 + rng.nextInt(3);
        List<Shape> shapes = new ArrayList<>();
        boolean vertical = count == 2 && rng.nextBoolean();
        for (int i = 0; i < count; i++) {
            double along = (i + 0.5) / count + (rng.nextDouble() - 0.5) * 0.1 / count, across = 0.5 + (rng.nextDouble() - 0.5) * 0.3;
            if (count == 1) {
                along = rng.nextBoolean() ? 0.27 : 0.73;
                across = rng.nextBoolean() ? 0.27 : 0.73;
                along += (rng.nextDouble() - 0.5) * 0.08;
                across += (rng.nextDouble() - 0.5) * 0.08;
            }
            Shape s = new Shape(SHAPES[rng.nextInt(3)], rng.nextInt(4), rng.nextBoolean(), vertical ? across : along, vertical ? along : across);
            shapes.add(s);
        }
        shapes.sort(Comparator.comparingDouble(vertical ? Shape::y : Shape::x));
        if (vertical) shapes = List.of(shapes.get(0), shapes.get(1));
        return shapes;
    }

    static String caption(List<Shape> scene) {
        return switch (scene.size()) {
            case 1 -> "a " + scene.get(0).words() + " at the " + (scene.get(0).y() < 0.5 ? "top" : "bottom") + " " + (scene.get(0).x() < 0.5 ? "left" : "right");
            case 2 -> "a " + scene.get(0).words() + (Math.abs(scene.get(0).x() - scene.get(1).x()) > 0.3 ? " left of a " : " above a ") + scene.get(1).words();
            default -> "a " + scene.get(0).words() + " , a " + scene.get(1).words() + " and a " + scene.get(2).words();
        };
    }

    static BufferedImage render(List<Shape> scene, int size, SplittableRandom rng) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int bg = 225 + rng.nextInt(25);
        g.setColor(new Color(bg, bg - rng.nextInt(10), bg - rng.nextInt(10)));
        g.fillRect(0, 0, size, size);
        double cell = size / 3.0;
        for (Shape s : scene) {
            int[] c = RGB[s.colour()];
            g.setColor(new Color(jitter(c[0], rng), jitter(c[1], rng), jitter(c[2], rng)));
            double r = cell * (s.large() ? 0.40 + rng.nextDouble() * 0.06 : 0.20 + rng.nextDouble() * 0.05);
            double cx = s.x() * size, cy = s.y() * size;
            switch (s.kind()) {
                case "circle" -> g.fill(new java.awt.geom.Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
                case "square" -> g.fill(new java.awt.geom.Rectangle2D.Double(cx - r * 0.9, cy - r * 0.9, 1.8 * r, 1.8 * r));
                default -> g.fillPolygon(new Polygon(new int[] {(int) Math.round(cx), (int) Math.round(cx + r * 1.05), (int) Math.round(cx - r * 1.05)},
                        new int[] {(int) Math.round(cy - r * 1.05), (int) Math.round(cy + r * 0.85), (int) Math.round(cy + r * 0.85)}, 3));
            }
        }
        g.setStroke(new BasicStroke(1));
        g.dispose();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = image.getRGB(x, y), noise = (int) Math.round(rng.nextGaussian() * 8);
                image.setRGB(x, y, (clamp(((p >> 16) & 0xff) + noise) << 16) | (clamp(((p >> 8) & 0xff) + noise) << 8) | clamp((p & 0xff) + noise));
            }
        }
        return image;
    }

    static int jitter(int v, SplittableRandom rng) {
        return clamp(v + rng.nextInt(-20, 21));
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
