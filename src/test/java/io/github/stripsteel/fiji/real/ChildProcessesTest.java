package io.github.stripsteel.fiji.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The watchdog of {@link ChildProcesses}: a child outlives no SIGKILL of its parent (a stand-in
 * process here, the test JVM in the real-Fiji tests), and its exit code is passed on.
 */
class ChildProcessesTest {

	@Test
	void childEndsWhenItsParentIsKilled() throws Exception {
		final Process parent = new ProcessBuilder("sleep", "600").start();
		final Process wrapped = ChildProcesses.start(new ProcessBuilder("sleep", "600"), parent.pid());
		ProcessHandle child = null;
		for (int i = 0; i < 100 && child == null; i++) {
			final List<ProcessHandle> d = wrapped.descendants().filter(h -> h.info().command().orElse("")
				.endsWith("sleep")).toList();
			if (d.isEmpty()) Thread.sleep(100);
			else child = d.get(0);
		}
		assertTrue(child != null && child.isAlive(), "the wrapped command runs");
		parent.destroyForcibly().waitFor(); // SIGKILL: no hook of the parent runs
		assertTrue(wrapped.waitFor(60, TimeUnit.SECONDS), "the watchdog ends after its parent");
		child.onExit().get(60, TimeUnit.SECONDS);
		assertFalse(child.isAlive());
	}

	@Test
	void exitCodeIsPassedOn() throws Exception {
		final Process p = ChildProcesses.start(new ProcessBuilder("sh", "-c", "exit 3"));
		assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		assertEquals(3, p.exitValue());
	}
}
