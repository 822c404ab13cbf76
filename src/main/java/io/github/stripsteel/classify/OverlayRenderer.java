package io.github.stripsteel.classify;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Draws a classification result onto the image as a PNG-ready picture: a coloured frame per class
 * and a banner with the class, its confidence and the runners-up. Small images are enlarged
 * (nearest neighbour) so the text stays readable; huge ones are reduced.
 */
public final class OverlayRenderer {

	/** One distinct colour per class index (cycled). */
	public static final Color[] CLASS_COLORS = { new Color(230, 25, 75), new Color(60, 180, 75),
		new Color(255, 225, 25), new Color(0, 130, 200), new Color(245, 130, 48), new Color(145, 30,
			180), new Color(70, 240, 240), new Color(240, 50, 230) };

	private OverlayRenderer() {}

	public static Color colorOf(final int classIndex) {
		return CLASS_COLORS[classIndex % CLASS_COLORS.length];
	}

	public static BufferedImage render(final ArrayImg<UnsignedByteType, ByteArray> gray,
		final Prediction prediction, final int topK)
	{
		final int w = (int) gray.dimension(0), h = (int) gray.dimension(1);
		final double scale = Math.min(2048.0 / Math.max(w, h), Math.max(1, 320.0 / Math.min(w, h)));
		final int ow = Math.max(1, (int) Math.round(w * scale)), oh = Math.max(1, (int) Math.round(h *
			scale));
		final BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		grey.getRaster().setDataElements(0, 0, w, h, gray.update(null).getCurrentStorageArray());
		final BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = out.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, scale >= 1
			? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
			: RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		g.drawImage(grey, 0, 0, ow, oh, null);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		final Color color = colorOf(prediction.classIndex());
		final int frame = Math.max(3, ow / 100);
		g.setColor(color);
		for (int i = 0; i < frame; i++)
			g.drawRect(i, i, ow - 1 - 2 * i, oh - 1 - 2 * i);
		final List<Prediction.Ranked> ranked = prediction.topK(topK);
		final int fontSize = Math.max(12, Math.min(28, ow / 18));
		final Font big = new Font(Font.SANS_SERIF, Font.BOLD, fontSize);
		final Font small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, fontSize * 2 / 3));
		final int lineBig = fontSize + 6, lineSmall = small.getSize() + 4;
		final int bannerH = lineBig + (ranked.size() - 1) * lineSmall + 8;
		g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.65f));
		g.setColor(Color.BLACK);
		g.fillRect(frame, frame, ow - 2 * frame, bannerH);
		g.setComposite(AlphaComposite.SrcOver);
		g.setColor(color);
		g.setFont(big);
		g.drawString(String.format("%s  %.1f%%", prediction.className(), 100 * prediction
			.confidence()), frame + 6, frame + fontSize + 2);
		g.setFont(small);
		g.setColor(Color.WHITE);
		for (int i = 1; i < ranked.size(); i++)
			g.drawString(String.format("%s  %.1f%%", ranked.get(i).className(), 100 * ranked.get(i)
				.probability()), frame + 6, frame + lineBig + i * lineSmall);
		g.dispose();
		return out;
	}
}
