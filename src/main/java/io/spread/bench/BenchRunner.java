package io.spread.bench;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * Runs the configured scenario once, prints its summary on stdout (progress went to stderr), and lets the jar exit:
 * with 0, or with {@link #LOSS_EXIT_CODE} and a one-line {@code FAIL: ...} on stderr when frames were lost or the
 * hub disconnected receivers. The jar's bench mode ends with {@code SpringApplication.exit}, which asks this bean
 * for the code.
 */
public class BenchRunner implements ApplicationRunner, ExitCodeGenerator {

	/** The exit code of a run that lost frames or had receivers disconnected by the hub. */
	public static final int LOSS_EXIT_CODE = 3;

	/** The exit code of a run that could not be carried out (the hub unreachable, say). */
	public static final int FAILED_EXIT_CODE = 1;

	private volatile boolean failed;

	private final BenchProperties settings;

	private volatile BenchResult result;

	/** TLS for the relay scenarios' connections, or null for plain TCP. */
	private final SSLContext tls;

	public BenchRunner(BenchProperties settings, SSLContext tls) {
		this.settings = settings;
		this.tls = tls;
	}

	@Override
	public void run(ApplicationArguments args) {
		BenchResult result;
		try {
			result = new LoadTool(this.settings, System.err, this.tls).run();
		}
		catch (RuntimeException ex) {
			// a run that cannot be carried out is a condition to report in one line, not a stack trace
			this.failed = true;
			System.err.println("FAIL: " + ex.getMessage() + ((ex.getCause() != null) ? ": " + ex.getCause().getMessage() : ""));
			return;
		}
		this.result = result;
		System.out.println((this.settings.getOutput() == BenchProperties.Output.JSON) ? result.toJson() : result.toText());
		if (result.failure() != null) {
			System.err.println("FAIL: " + result.failure());
		}
	}

	/** The summary of the run, once it is over; null before. */
	public BenchResult result() {
		return this.result;
	}

	@Override
	public int getExitCode() {
		if (this.failed) {
			return FAILED_EXIT_CODE;
		}
		BenchResult result = this.result;
		return (result != null && result.failure() != null) ? LOSS_EXIT_CODE : 0;
	}

}
