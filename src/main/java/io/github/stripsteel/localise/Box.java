package io.github.stripsteel.localise;

/**
 * An axis-aligned box in image pixels: {@code x, y} is the top-left pixel, {@code width} and
 * {@code height} count pixels, so the box covers columns {@code x .. x + width - 1}.
 */
public record Box(int x, int y, int width, int height) {

	public Box {
		if (width < 0 || height < 0) throw new IllegalArgumentException("negative box size " + width +
			"x" + height);
	}

	/**
	 * A PASCAL-VOC box ({@code xmin..xmax}, {@code ymin..ymax}, 1-based inclusive pixel indices)
	 * clipped to a {@code imageWidth x imageHeight} image.
	 */
	public static Box fromVoc(final int xmin, final int ymin, final int xmax, final int ymax,
		final int imageWidth, final int imageHeight)
	{
		final int x0 = Math.max(0, Math.min(xmin, xmax) - 1), y0 = Math.max(0, Math.min(ymin, ymax) - 1);
		final int x1 = Math.min(imageWidth, Math.max(xmin, xmax)), y1 = Math.min(imageHeight, Math.max(
			ymin, ymax));
		return new Box(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
	}

	public long area() {
		return (long) width * height;
	}

	/** Whether pixel {@code (px, py)} lies in the box. */
	public boolean contains(final int px, final int py) {
		return px >= x && px < x + width && py >= y && py < y + height;
	}

	/** Intersection over union, counted in pixels; 0 when both are empty. */
	public double iou(final Box other) {
		final long iw = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
		final long ih = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y,
			other.y));
		final long inter = iw * ih, union = area() + other.area() - inter;
		return union == 0 ? 0 : (double) inter / union;
	}
}
