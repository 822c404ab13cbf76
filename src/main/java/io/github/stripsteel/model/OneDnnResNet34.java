package io.github.stripsteel.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import io.github.stripsteel.engine.DeepLearningEngine;

/**
 * The batch-norm-folded ResNet34 run on oneDNN with its weights reordered once, at load, into
 * oneDNN's blocked layout: what PyTorch's {@code torch.jit.optimize_for_inference} does, and what
 * DJL's eager operators cannot do (each eager convolution reorders its weights and activations
 * again). The program is the TorchScript resource {@code resnet34-onednn.pt} (code only, no weights;
 * written by {@code docs/bench/resnet34_onednn.py}, nothing at run time needs Python); the weights
 * are the ones {@link BatchNormFolding} folded, handed over on the first call. Its outputs are the
 * eager network's ({@code [logits, embedding]}) up to float rounding.
 *
 * <p>{@code -Dstrip.steel.network=auto}, the default, takes this path for a ResNet34 on the CPU and
 * says why not otherwise (the engine report of {@code info}, {@code bench} and Fiji's Engine Info);
 * {@code onednn} fails when it cannot run; {@code eager} keeps DJL's eager network
 * (docs/PERFORMANCE.md has the figures of each).</p>
 *
 * <p>{@code onednn-bf16}, only when asked, runs the same program with bfloat16 weights and
 * activations (float32 embedding and logits): about twice as fast on a CPU with AVX-512 BF16, the
 * shipped models' validation accuracy unchanged, probabilities within 0.03 of float32
 * (docs/PERFORMANCE.md); it fails when it cannot run.</p>
 */
final class OneDnnResNet34 implements AutoCloseable {

	static final String PROPERTY = "strip.steel.network";
	private static final String RESOURCE = "resnet34-onednn.pt";
	/** The same program with bfloat16 weights and activations ({@code resnet34_onednn.py --bf16}). */
	private static final String RESOURCE_BF16 = "resnet34-onednn-bf16.pt";

	/** The network to run ({@code null}: the eager one) and what runs, with the reason. */
	record Choice(OneDnnResNet34 network, String description) {}

	private final Model model;
	private final PtSymbolBlock block;

	private OneDnnResNet34(final Model model) {
		this.model = model;
		this.block = (PtSymbolBlock) model.getBlock();
	}

	/**
	 * The oneDNN network for {@code folded}, or none when the eager network runs (another
	 * architecture, not the CPU, {@code strip.steel.network=eager}, or oneDNN not available: the
	 * description says which).
	 *
	 * @param folded the network after {@link BatchNormFolding#fold}
	 * @throws IllegalStateException when {@code strip.steel.network=onednn} and this path cannot run
	 */
	static Choice open(final String architecture, final ClassifierNet folded,
		final Device device)
	{
		final String given = System.getProperty(PROPERTY);
		final String setting = given == null ? "auto" : given.trim().toLowerCase(Locale.ROOT);
		if (!List.of("auto", "eager", "onednn", "onednn-bf16").contains(setting))
			throw new IllegalArgumentException("-D" + PROPERTY + "=" + setting +
				": expected auto, eager, onednn or onednn-bf16");
		final boolean bf16 = setting.equals("onednn-bf16"), required = setting.startsWith("onednn");
		String reason = null;
		if (setting.equals("eager")) reason = "-D" + PROPERTY + "=eager";
		else if (!"resnet34".equals(architecture)) reason = "architecture " + architecture;
		else if (!Device.Type.CPU.equals(device.getDeviceType())) reason = "device " + device;
		if (reason == null) {
			try {
				return new Choice(load(folded, device, bf16 ? RESOURCE_BF16 : RESOURCE), bf16
					? "oneDNN bfloat16 (-D" + PROPERTY + "=onednn-bf16), weights reordered at load"
					: "oneDNN, weights reordered at load");
			}
			catch (final IOException | MalformedModelException | RuntimeException e) {
				if (required) throw new IllegalStateException("-D" + PROPERTY + "=" + setting +
					": the oneDNN network cannot run here: " + e.getMessage(), e);
				reason = "oneDNN path unavailable: " + firstLine(e.getMessage());
			}
		}
		else if (required) throw new IllegalStateException("-D" + PROPERTY + "=" + setting +
			": only for a ResNet34 on the CPU, not " + reason);
		return new Choice(null, "eager (" + reason + ")");
	}

	/**
	 * {@code [logits (N, C), embedding (N, D)]} of an {@code (N, 1, H, W)} batch, in
	 * {@code manager}.
	 */
	NDList forward(final NDArray batch, final NDManager manager) {
		try (IValue in = IValue.from((PtNDArray) batch); IValue out = block.forward(in)) {
			return out.toNDList((PtNDManager) manager);
		}
	}

	@Override
	public void close() {
		model.close();
	}

	// -- Helper methods --

	private static OneDnnResNet34 load(final ClassifierNet folded, final Device device,
		final String resource) throws IOException, MalformedModelException
	{
		final List<NDArray> weights = BatchNormFolding.foldedWeights(folded);
		weights.add(folded.head().getParameters().get("weight").getArray());
		weights.add(folded.head().getParameters().get("bias").getArray());
		final Model model = Model.newInstance("resnet34-onednn", device, DeepLearningEngine.ENGINE_NAME);
		try (InputStream in = OneDnnResNet34.class.getResourceAsStream(resource)) {
			if (in == null) throw new IOException(resource + " is missing from the plug-in's jar");
			model.load(in);
			final OneDnnResNet34 net = new OneDnnResNet34(model);
			final List<PtNDArray> list = new ArrayList<>();
			for (final NDArray w : weights)
				list.add((PtNDArray) w);
			// the first call reorders and keeps the weights; its output (of a zero image) is dropped
			try (NDManager sub = model.getNDManager().newSubManager(); var off = DeepLearningEngine
				.gradientsOff())
			{
				final NDArray probe = sub.zeros(new ai.djl.ndarray.types.Shape(1, 1, 32, 32));
				try (IValue x = IValue.from((PtNDArray) probe); IValue w = IValue.listFrom(list.toArray(
					new PtNDArray[0])); IValue out = net.block.forward(x, w))
				{
					// nothing to read
				}
			}
			return net;
		}
		catch (final IOException | MalformedModelException | RuntimeException e) {
			model.close();
			throw e;
		}
	}

	private static String firstLine(final String message) {
		if (message == null) return "unknown error";
		final String line = message.strip().lines().findFirst().orElse("");
		return line.length() > 200 ? line.substring(0, 200) + "..." : line;
	}
}
