package io.spread.bench;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/** Runs the configured scenario once, prints its summary on stdout (progress went to stderr), and lets the jar exit. */
public class BenchRunner implements ApplicationRunner {

	private final BenchProperties settings;

	public BenchRunner(BenchProperties settings) {
		this.settings = settings;
	}

	@Override
	public void run(ApplicationArguments args) {
		BenchResult result = new LoadTool(this.settings, System.err).run();
		System.out.println((this.settings.getOutput() == BenchProperties.Output.JSON) ? result.toJson() : result.toText());
	}

}
